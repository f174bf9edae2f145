import { randomUUID } from 'node:crypto';
import { preparedStatement, type Sql } from '@prestaflow/platform';
import { DataSource } from 'typeorm';
import { StreamVersionConflictError } from './errors';
import { type LogPosition, type NewEvent, type RecordedEvent } from './events';

// Where the projections and services that read with it have always imported it from.
export type { Sql } from '@prestaflow/platform';

export interface StoredStream {
  /** The stream position of its last event; 0 for a stream that does not exist yet. */
  readonly version: number;
  readonly events: RecordedEvent[];
}

interface EventRow {
  event_id: string;
  stream_id: string;
  stream_position: string;
  global_position: string;
  transaction_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  actor_id: string;
  actor_role: string;
  occurred_at: Date;
  recorded_at: Date;
  correlation_id: string | null;
  causation_id: string | null;
}

const COLUMNS = `event_id, stream_id, stream_position, global_position, transaction_id::text AS transaction_id, type,
  schema_version, data, actor_id, actor_role, occurred_at, recorded_at, correlation_id, causation_id`;

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamPosition: Number(row.stream_position),
    globalPosition: Number(row.global_position),
    transactionId: row.transaction_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    actor: { id: row.actor_id, role: row.actor_role },
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    correlationId: row.correlation_id,
    causationId: row.causation_id,
  };
}

/**
 * What an idempotent command leaves besides its events (ADR 0014): the answer to the request with
 * this key, so that the same request again gets it without running. `requestHash` identifies the
 * request (a key sent with another request is refused).
 */
export interface CommandReceipt {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  readonly response: unknown;
}

// One round trip and an implicit transaction, the receipt included; the function (migrations
// AppendToStream, ReceiptWithEvents) says how a concurrent writer is refused.
const APPEND = 'SELECT * FROM append_to_stream($1, $2, $3, $4::jsonb, $5::jsonb)';

// Sent once an append has committed, outside its transaction (ADR 0032): a NOTIFY inside it would
// take the notify-queue lock at commit and hold it through the WAL flush, one commit at a time.
const APPENDED_NOTICE = `SELECT pg_notify('events_appended', current_schema())`;

const READ_STREAM = `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_position`;

/** A new event as an append is about to write it, positioned in its stream: what a contract checks. */
export type PendingEvent = Omit<RecordedEvent, 'globalPosition' | 'transactionId' | 'recordedAt'>;

/**
 * The contract of a store's streams: throws (a ValidationError naming the field) for an event it
 * refuses. The store knows no event types; the service that writes them gives it (ADR 0013).
 */
export type AppendContract = (event: PendingEvent) => void;

/**
 * The PostgreSQL event store: one stream per prestation, append with an expected version,
 * read one stream, or read the whole log in commit order (what the relay and rebuilds follow).
 */
export class EventStore {
  private readonly appendQuery: (values: unknown[]) => Promise<unknown>;
  private readonly readStreamQuery: (values: unknown[]) => Promise<unknown>;
  /** Only on a DataSource, where each append is its own transaction, committed when it returns. */
  private readonly appendedNotice?: (values: unknown[]) => Promise<unknown>;
  private noticeInFlight = false;
  private noticeAgain = false;

  /** `contract`: checked on every event before an append writes anything (none: the store's own tests). */
  constructor(
    private readonly sql: Sql,
    private readonly contract?: AppendContract,
  ) {
    this.appendQuery = preparedStatement(sql, 'append_to_stream', APPEND);
    this.readStreamQuery = preparedStatement(sql, 'read_stream', READ_STREAM);
    if (sql instanceof DataSource) this.appendedNotice = preparedStatement(sql, 'events_appended', APPENDED_NOTICE);
  }

  /**
   * Wakes the relay once an append has committed (ADR 0032), without holding up the append's
   * caller. At most one notice in flight per store: appends that commit meanwhile get one more
   * after it, sent after their commits, so a busy writer adds a notice per round trip, not per
   * append. A lost notice costs only the relay's fallback pause: the events are committed.
   */
  private announce(): void {
    if (!this.appendedNotice) return;
    if (this.noticeInFlight) {
      this.noticeAgain = true;
      return;
    }
    this.noticeInFlight = true;
    void this.appendedNotice([])
      .catch(() => undefined)
      .finally(() => {
        this.noticeInFlight = false;
        if (!this.noticeAgain) return;
        this.noticeAgain = false;
        this.announce();
      });
  }

  /**
   * Appends events to a stream that must be at `expectedVersion` (0: must not exist yet).
   * Throws StreamVersionConflictError (a ConcurrencyError) otherwise, and the contract's error for
   * an event it refuses; nothing is written then. A `receipt` is stored in the same transaction
   * (ADR 0014); if its key already has one, the call fails with PostgreSQL's unique violation
   * (23505) and nothing is written. On a DataSource, the append then has `events_appended`
   * notified (the relay's wake-up, ADR 0032), without waiting for it.
   */
  async append(streamId: string, streamType: string, expectedVersion: number, events: readonly NewEvent[], receipt?: CommandReceipt): Promise<RecordedEvent[]> {
    if (events.length === 0) return [];
    const pending = events.map(
      (event, i): PendingEvent => ({
        eventId: event.eventId ?? randomUUID(),
        streamId,
        streamPosition: expectedVersion + i + 1,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        data: event.data,
        actor: event.actor,
        occurredAt: event.occurredAt,
        correlationId: event.correlationId ?? null,
        causationId: event.causationId ?? null,
      }),
    );
    if (this.contract) pending.forEach(this.contract);
    const newEvents = pending.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      occurredAt: event.occurredAt,
      actorId: event.actor.id,
      actorRole: event.actor.role,
      correlationId: event.correlationId,
      causationId: event.causationId,
      data: event.data,
    }));
    const rows = (await this.appendQuery([streamId, streamType, expectedVersion, JSON.stringify(newEvents), receipt ? JSON.stringify(receipt) : null])) as Array<
      Pick<EventRow, 'event_id' | 'stream_position' | 'global_position' | 'transaction_id' | 'recorded_at'>
    >;
    if (rows.length === 0) throw new StreamVersionConflictError(streamId, expectedVersion, await this.version(streamId));
    this.announce();
    return rows
      .sort((a, b) => Number(a.stream_position) - Number(b.stream_position))
      .map((row, i) => {
        const event = pending[i] as PendingEvent;
        return {
          ...event,
          eventId: row.event_id,
          streamPosition: Number(row.stream_position),
          globalPosition: Number(row.global_position),
          transactionId: row.transaction_id,
          occurredAt: new Date(event.occurredAt).toISOString(),
          recordedAt: row.recorded_at.toISOString(),
        };
      });
  }

  async version(streamId: string): Promise<number> {
    const rows = (await this.sql.query('SELECT version FROM event_streams WHERE stream_id = $1', [streamId])) as Array<{ version: string }>;
    return Number(rows[0]?.version ?? 0);
  }

  async readStream(streamId: string): Promise<StoredStream> {
    const rows = (await this.readStreamQuery([streamId])) as EventRow[];
    const events = rows.map(toRecorded);
    return { version: events.at(-1)?.streamPosition ?? 0, events };
  }

  /** The events of a stream with positions after `after` and before `before`, in stream order. */
  async readStreamBetween(streamId: string, after: number, before: number): Promise<RecordedEvent[]> {
    const rows = (await this.sql.query(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_position > $2 AND stream_position < $3 ORDER BY stream_position`,
      [streamId, after, before],
    )) as EventRow[];
    return rows.map(toRecorded);
  }

  /**
   * The next events after `after`, in commit order. Only transactions older than every one
   * still running are visible, so an event that commits late is never passed over.
   */
  async readAll(after: LogPosition, limit: number): Promise<RecordedEvent[]> {
    return this.readInCommitOrder(after, limit, 'AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())');
  }

  /**
   * Whether any committed event lies after `after`, held back or not: what tells a reader that found
   * nothing with readAll whether an older transaction holds events back (ADR 0004).
   */
  async hasEventsAfter(after: LogPosition): Promise<boolean> {
    const [row] = (await this.sql.query('SELECT EXISTS (SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)) AS found', [
      after.transactionId,
      after.globalPosition,
    ])) as Array<{ found: boolean }>;
    return row?.found === true;
  }

  /**
   * Like readAll, for a reader inside a REPEATABLE READ transaction that reads one snapshot to
   * its end: everything it sees is committed, so no event is held back behind running ones.
   */
  async readSnapshot(after: LogPosition, limit: number): Promise<RecordedEvent[]> {
    return this.readInCommitOrder(after, limit, '');
  }

  // Qualified ORDER BY: a bare `transaction_id` would name the output column (the xid as text),
  // and '1000' sorts before '999': past a power of ten, a batch would skip over older events.
  private async readInCommitOrder(after: LogPosition, limit: number, visible: string): Promise<RecordedEvent[]> {
    const rows = (await this.sql.query(
      `SELECT ${COLUMNS} FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) ${visible}
       ORDER BY events.transaction_id, events.global_position
       LIMIT $3`,
      [after.transactionId, after.globalPosition, limit],
    )) as EventRow[];
    return rows.map(toRecorded);
  }
}

/** Where a reader stands after these events: after the last one, or still at `current`. */
export function positionAfter(events: readonly RecordedEvent[], current: LogPosition): LogPosition {
  const last = events.at(-1);
  return last ? { transactionId: last.transactionId, globalPosition: last.globalPosition } : current;
}
