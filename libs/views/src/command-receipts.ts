import { createHash } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { idempotencyKeySchema, idSchema, IllegalStateError, ValidationError } from '@prestaflow/contracts';
import { type InternalCommand, parseInternalCommand } from './internal-command';

/** What a command endpoint answers; stored as is and sent again for a repeated request. */
export type CommandAnswer = {
  readonly streamId: string;
  /** The stream's version after the command (a prestation's own `version` counts corrections: see the views). */
  readonly streamVersion: number;
} & Record<string, unknown>;

// The key becomes the events' correlation id, which the event contracts limit (ADR 0013).
const keyPattern = new RegExp(idempotencyKeySchema.pattern);

/** The Idempotency-Key header every command carries: printable ASCII, at most 100 characters. */
export function idempotencyKey(header: unknown): string {
  if (typeof header !== 'string' || header.length === 0) throw new ValidationError('Idempotency-Key', 'header is required on every command');
  if (!keyPattern.test(header)) throw new ValidationError('Idempotency-Key', `must be 1 to ${idSchema.maxLength} printable ASCII characters`);
  return header;
}

const fingerprint = (request: unknown): string => createHash('sha256').update(JSON.stringify(request)).digest('hex');

/**
 * Idempotent commands: the first request with a key (per caller) runs and its answer is stored
 * with the stream version it produced; the same request again gets that answer without writing.
 * A key reused for another request, or sent again while the first is still running, is refused
 * (409). A command that fails leaves no receipt, so the caller may retry it with the same key.
 */
export class CommandReceipts {
  constructor(private readonly dataSource: DataSource) {}

  async once(scope: string, key: string, request: unknown, run: () => Promise<CommandAnswer>): Promise<CommandAnswer> {
    const hash = fingerprint(request);
    const claimed = (await this.dataSource.query(
      // A claim left unanswered for a minute (its process died mid-command) is taken over; the
      // decider then sees what that command wrote, if anything, so nothing is decided twice.
      `INSERT INTO command_receipts (scope, idempotency_key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, idempotency_key) DO UPDATE SET created_at = now()
       WHERE command_receipts.response IS NULL AND command_receipts.request_hash = EXCLUDED.request_hash
         AND command_receipts.created_at < now() - interval '1 minute'
       RETURNING scope`,
      [scope, key, hash],
    )) as unknown[];
    if (claimed.length === 0) return this.previous(scope, key, hash);
    try {
      const answer = await run();
      await this.dataSource.query(
        `UPDATE command_receipts SET response = $4, stream_id = $5, stream_version = $6
         WHERE scope = $1 AND idempotency_key = $2 AND request_hash = $3`,
        [scope, key, hash, JSON.stringify(answer), answer.streamId, answer.streamVersion],
      );
      return answer;
    } catch (error) {
      await this.dataSource.query('DELETE FROM command_receipts WHERE scope = $1 AND idempotency_key = $2', [scope, key]);
      throw error;
    }
  }

  private async previous(scope: string, key: string, hash: string): Promise<CommandAnswer> {
    const [receipt] = (await this.dataSource.query(
      'SELECT request_hash, response FROM command_receipts WHERE scope = $1 AND idempotency_key = $2',
      [scope, key],
    )) as Array<{ request_hash: string; response: CommandAnswer | null }>;
    if (!receipt) throw new IllegalStateError(`Idempotency-Key "${key}": the first request with it failed meanwhile; send it again`);
    if (receipt.request_hash !== hash) throw new IllegalStateError(`Idempotency-Key "${key}" was already used for another request`);
    if (!receipt.response) throw new IllegalStateError(`Idempotency-Key "${key}": the same request is still running; retry later`);
    return receipt.response;
  }
}

/** What the event store's command loop returns, as much as an answer needs. */
interface Executed {
  readonly version: number;
  readonly state: object;
  readonly events: ReadonlyArray<{ readonly type: string; readonly streamPosition: number }>;
}

export interface InternalCall<Command> {
  readonly receipts: CommandReceipts;
  /** The Idempotency-Key header. */
  readonly key: unknown;
  readonly body: unknown;
  /** The stream the command addresses (from the path, or the client-chosen prestation id). */
  readonly streamId: (request: InternalCommand) => string;
  readonly build: (request: InternalCommand, streamId: string) => Promise<Command> | Command;
  readonly execute: (command: Command, correlationId: string) => Promise<Executed>;
}

/**
 * One internal command call, end to end: the key and body parsed (400 naming the field), the
 * command built and checked, then decided and stored once per key. The answer names the stream
 * and its version after the command, the state's status and the events written.
 */
export async function runInternalCommand<Command>(call: InternalCall<Command>): Promise<CommandAnswer> {
  const key = idempotencyKey(call.key);
  const request = parseInternalCommand(call.body);
  const streamId = call.streamId(request);
  const scope = `${request.actor.role}:${request.actor.id}`;
  return call.receipts.once(scope, key, { streamId, ...request }, async () => {
    const result = await call.execute(await call.build(request, streamId), key);
    return {
      streamId,
      streamVersion: result.version,
      status: (result.state as { status?: string }).status ?? null,
      events: result.events.map(({ type, streamPosition }) => ({ type, streamPosition })),
    };
  });
}
