import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { type DataSource } from 'typeorm';
import { type CommandReceipt, type ReceiptFor } from '@prestaflow/event-store';
import { idempotencyKeySchema, idSchema, IllegalStateError, ValidationError } from '@prestaflow/contracts';
import { type InternalCommand, parseInternalCommand } from './internal-command';

/** What a command endpoint answers; stored as is and sent again for a repeated request. */
export interface CommandAnswer {
  readonly streamId: string;
  /** The stream's version after the command (a prestation's own `version` counts corrections: see the views). */
  readonly streamVersion: number;
  readonly status: string | null;
  /** The events the command wrote; none when it decided nothing. */
  readonly events: ReadonlyArray<{ readonly type: string; readonly streamPosition: number }>;
}

// The key becomes the events' correlation id, which the event contracts limit (ADR 0013).
const keyPattern = new RegExp(idempotencyKeySchema.pattern);

/** The Idempotency-Key header every command carries: printable ASCII, at most 100 characters. */
export function idempotencyKey(header: unknown): string {
  if (typeof header !== 'string' || header.length === 0) throw new ValidationError('Idempotency-Key', 'header is required on every command');
  if (!keyPattern.test(header)) throw new ValidationError('Idempotency-Key', `must be 1 to ${idSchema.maxLength} printable ASCII characters`);
  return header;
}

/**
 * A request's identity: SHA-256 (hex) of its canonical JSON (object properties sorted at every
 * depth, arrays in order), so the same body with its properties in another order is the same request.
 */
export const requestHash = (request: unknown): string => createHash('sha256').update(stringify(request) ?? '').digest('hex');

interface StoredReceipt {
  readonly request_hash: string;
  readonly response: CommandAnswer;
}

/**
 * Idempotent commands (ADR 0014): the first request with a key (per caller) writes, and its answer
 * is stored with its events, in the append's transaction; the same request again gets that
 * answer and writes nothing. A key reused for another request is refused (409). A command that
 * failed, or whose process died before its commit, left nothing: a retry runs it.
 */
export class CommandReceipts {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `run` executes the command, passing `receiptOf` to the event store's append (CommandHandler,
   * ReceiptFor), so the receipt commits with the events. Errors: ILLEGAL_STATE (409) for a key
   * already used for another request; otherwise whatever `run` throws.
   *
   * The key is not looked up first (one round trip less on every command, ADR 0014 amended): a
   * key already answered makes the append fail on the receipt's primary key, or the decider refuse
   * on the newer state, and either failure answers the stored receipt below, so a repeated
   * request still writes nothing and gets the first answer.
   */
  async once(scope: string, key: string, request: unknown, run: (receiptOf: (answer: CommandAnswer) => CommandReceipt) => Promise<CommandAnswer>): Promise<CommandAnswer> {
    const hash = requestHash(request);
    const receiptOf = (response: CommandAnswer): CommandReceipt => ({ scope, key, requestHash: hash, response });
    let answer: CommandAnswer;
    try {
      answer = await run(receiptOf);
    } catch (error) {
      // An earlier or concurrent request with this key may have won the stream or the key: it answers for both.
      // If the database cannot say (it is what failed), the command's own error stands.
      const winner = await this.find(scope, key).catch(() => undefined);
      if (winner) return answerFor(winner, key, hash);
      throw error;
    }
    if (answer.events.length > 0) return answer;
    // Nothing decided, nothing appended: the receipt is stored on its own, unless another request took the key.
    const inserted = (await this.dataSource.query(
      `INSERT INTO command_receipts (scope, idempotency_key, request_hash, stream_id, stream_version, response) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (scope, idempotency_key) DO NOTHING RETURNING scope`,
      [scope, key, hash, answer.streamId, answer.streamVersion, JSON.stringify(answer)],
    )) as unknown[];
    return inserted.length > 0 ? answer : answerFor((await this.find(scope, key)) as StoredReceipt, key, hash);
  }

  private async find(scope: string, key: string): Promise<StoredReceipt | undefined> {
    const [receipt] = (await this.dataSource.query('SELECT request_hash, response FROM command_receipts WHERE scope = $1 AND idempotency_key = $2', [
      scope,
      key,
    ])) as StoredReceipt[];
    return receipt;
  }
}

function answerFor(receipt: StoredReceipt, key: string, hash: string): CommandAnswer {
  if (receipt.request_hash !== hash) throw new IllegalStateError(`Idempotency-Key "${key}" was already used for another request`);
  return receipt.response;
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
  /** Runs the command through the event store's command loop, storing `receipt` with its events. */
  readonly execute: (command: Command, correlationId: string, receipt: ReceiptFor<object>) => Promise<Executed>;
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
  // The answer stored in the receipt is made from what was decided, exactly as the one returned.
  const answer = (result: Executed): CommandAnswer => ({
    streamId,
    streamVersion: result.version,
    status: (result.state as { status?: string }).status ?? null,
    events: result.events.map(({ type, streamPosition }) => ({ type, streamPosition })),
  });
  return call.receipts.once(scope, key, { streamId, ...request }, async (receiptOf) =>
    answer(await call.execute(await call.build(request, streamId), key, (decided) => receiptOf(answer(decided)))),
  );
}
