import { Logger } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { quoteIdentifier } from '@prestaflow/platform';
import { ProjectionStateError } from './errors';
import { EventStore } from './event-store';
import { type RecordedEvent } from './events';

/**
 * A read model, written as data: the events it handles and `evolve(row, event)`. Where the
 * rows live and how progress is kept is the Projector's business, once for all projections.
 */
export interface Projection<Row extends object> {
  /** Also the key of its progress in projection_checkpoints. */
  readonly name: string;
  /** The live table (created by the owning service's migration). */
  readonly table: string;
  /** Its primary-key column, text. */
  readonly key: string;
  readonly handles: readonly string[];
  /** The row an event changes; the stream id unless said otherwise; null: none. */
  rowKey?(event: RecordedEvent): string | null;
  /**
   * The new row, or null to delete it. Pure: the same events always give the same rows.
   * (Method syntax on purpose: any projection then fits where a Projection<object> is expected.)
   */
  evolve(row: Row | null, event: RecordedEvent): Row | null;
}

/** Where a projector writes: the live table, or a fresh one during a rebuild. */
export interface ProjectionTarget {
  readonly table: string;
  readonly checkpoint: string;
}

/** An event applied to a row: the row before and after it (null: none). */
export interface RowChange<Row extends object> {
  readonly event: RecordedEvent;
  readonly before: Row | null;
  readonly after: Row | null;
}

/**
 * What a service does in the projection's own transaction when events change rows (ADR 0029):
 * e.g. record the notifications the events ask for in an outbox. Written with `manager`, so the
 * reaction commits with the rows and the checkpoint or not at all; an event delivered again is
 * skipped by the checkpoint and reacts once. Given every change of the transaction at once, in the
 * order applied (never empty), so a reaction can read what it needs for all of them in one query:
 * a transaction kept open for a statement per event holds back the relay's horizon (ADR 0004).
 * Only the projector given them runs reactions: the live one. A rebuild folds the rows and reacts
 * to nothing (the past already had its effects).
 */
export interface Reactions<Row extends object> {
  /** (Method syntax on purpose, as `evolve`: a projector of any row fits where a Projector<object> is expected.) */
  react(manager: EntityManager, changes: ReadonlyArray<RowChange<Row>>): Promise<void>;
}

export function liveTarget(projection: Projection<object>): ProjectionTarget {
  return { table: projection.table, checkpoint: projection.name };
}

export function rebuildTarget(projection: Projection<object>): ProjectionTarget {
  return { table: `${projection.table}__rebuild`, checkpoint: `${projection.name}__rebuild` };
}

/**
 * Applies events to one projection. Each call is one transaction that changes the rows and
 * moves the per-stream checkpoints together, so an event delivered again (relay or consumer
 * restarted after a crash) is recognised by its stream position and has no effect. An event
 * that finds a gap before it (an earlier one not applied yet) first has the gap filled from
 * the event store: the Kafka path may repeat events, but the read model never skips one.
 * With `reactions` (ADR 0029), each event applied also gets its reaction in that transaction.
 */
export class Projector<Row extends object> {
  private readonly logger = new Logger(Projector.name);
  private readonly handles: ReadonlySet<string>;
  private columns?: string[];

  constructor(
    private readonly dataSource: DataSource,
    readonly projection: Projection<Row>,
    readonly target: ProjectionTarget = liveTarget(projection),
    private readonly reactions?: Reactions<Row>,
  ) {
    this.handles = new Set(projection.handles);
  }

  /** Applies the events not applied yet; returns how many that was. */
  async apply(events: readonly RecordedEvent[]): Promise<number> {
    const relevant = events.filter((event) => this.handles.has(event.type));
    if (relevant.length === 0) return 0;
    return this.dataSource.transaction((manager) => this.applyIn(manager, relevant));
  }

  /**
   * Projects one stream again from its full history (replaying a dead letter): its row and
   * checkpoint are reset and all its events applied, in one transaction. Only for projections
   * whose rows are keyed by stream; others are rebuilt. Reactions run only for the events past
   * the old checkpoint (a dead letter replayed): those before it had theirs.
   */
  async reproject(streamId: string, history: readonly RecordedEvent[]): Promise<number> {
    if (this.projection.rowKey) throw new ProjectionStateError(`${this.projection.name} is not keyed by stream: rebuild it instead`);
    const relevant = history.filter((event) => this.handles.has(event.type));
    return this.dataSource.transaction(async (manager) => {
      const [old] = (await manager.query('SELECT stream_position FROM projection_checkpoints WHERE projection = $1 AND stream_id = $2 FOR UPDATE', [
        this.target.checkpoint,
        streamId,
      ])) as Array<{ stream_position: string }>;
      await manager.query('DELETE FROM projection_checkpoints WHERE projection = $1 AND stream_id = $2', [this.target.checkpoint, streamId]);
      await manager.query(`DELETE FROM ${quoteIdentifier(this.target.table)} WHERE ${quoteIdentifier(this.projection.key)} = $1`, [streamId]);
      return relevant.length === 0 ? 0 : this.applyIn(manager, relevant, Number(old?.stream_position ?? 0));
    });
  }

  /** `reactedTo`: the stream position up to which reactions already ran (reproject). */
  private async applyIn(manager: EntityManager, events: readonly RecordedEvent[], reactedTo = 0): Promise<number> {
    const { projection } = this;
    const table = quoteIdentifier(this.target.table);
    const key = quoteIdentifier(projection.key);
    const streamIds = [...new Set(events.map((event) => event.streamId))].sort();
    const checkpoints = new Map(
      (
        (await manager.query(
          `SELECT stream_id, stream_position FROM projection_checkpoints
           WHERE projection = $1 AND stream_id = ANY($2) ORDER BY stream_id FOR UPDATE`,
          [this.target.checkpoint, streamIds],
        )) as Array<{ stream_id: string; stream_position: string }>
      ).map((row) => [row.stream_id, Number(row.stream_position)]),
    );
    const fresh: RecordedEvent[] = [];
    for (const event of events) {
      const at = checkpoints.get(event.streamId) ?? 0;
      if (event.streamPosition <= at) continue;
      // A gap is never skipped: events this projection does not handle leave one, and so would
      // a message that arrives out of stream order or never. The store has the missing ones.
      if (event.streamPosition > at + 1) fresh.push(...(await this.fillGap(manager, event, at)));
      checkpoints.set(event.streamId, event.streamPosition);
      fresh.push(event);
    }
    if (fresh.length === 0) return 0;

    const rowKey = projection.rowKey ?? ((event: RecordedEvent) => event.streamId);
    const keys = [...new Set(fresh.map(rowKey).filter((k): k is string => k !== null))].sort();
    const rows = new Map<string, Row | null>(
      (
        (await manager.query(`SELECT t.${key} AS key, to_jsonb(t) AS row FROM ${table} t WHERE t.${key} = ANY($1) ORDER BY 1 FOR UPDATE`, [
          keys,
        ])) as Array<{ key: string; row: Row }>
      ).map(({ key: k, row }) => [k, row]),
    );
    const changed = new Set<string>();
    const reactions: Array<RowChange<Row>> = [];
    for (const event of fresh) {
      const k = rowKey(event);
      if (k === null) continue;
      const before = rows.get(k) ?? null;
      const after = projection.evolve(before, event);
      rows.set(k, after);
      changed.add(k);
      if (this.reactions && event.streamPosition > reactedTo) reactions.push({ event, before, after });
    }

    const upserts = [...changed].flatMap((k) => rows.get(k) ?? []);
    const deletes = [...changed].filter((k) => rows.get(k) === null);
    if (upserts.length > 0) {
      const columns = (await this.columnsOf(manager)).map(quoteIdentifier);
      await manager.query(
        `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
         ON CONFLICT (${key}) DO UPDATE SET (${columns.join(', ')}) = ROW(${columns.map((c) => `EXCLUDED.${c}`).join(', ')})`,
        [JSON.stringify(upserts)],
      );
    }
    if (deletes.length > 0) await manager.query(`DELETE FROM ${table} WHERE ${key} = ANY($1)`, [deletes]);
    const touched = [...new Set(fresh.map((event) => event.streamId))];
    await manager.query(
      `INSERT INTO projection_checkpoints (projection, stream_id, stream_position)
       SELECT $1, stream_id, stream_position FROM unnest($2::text[], $3::bigint[]) AS c(stream_id, stream_position)
       ON CONFLICT (projection, stream_id) DO UPDATE SET stream_position = EXCLUDED.stream_position
       WHERE projection_checkpoints.stream_position < EXCLUDED.stream_position`,
      [this.target.checkpoint, touched, touched.map((id) => checkpoints.get(id))],
    );
    if (reactions.length > 0) await this.reactions?.react(manager, reactions);
    return fresh.length;
  }

  private async fillGap(manager: EntityManager, event: RecordedEvent, at: number): Promise<RecordedEvent[]> {
    const missing = (await new EventStore(manager).readStreamBetween(event.streamId, at, event.streamPosition)).filter((e) => this.handles.has(e.type));
    if (missing.length > 0) {
      this.logger.warn(
        `${this.projection.name}: ${event.streamId} is at ${at}, got #${event.streamPosition}; applying #${missing.map((e) => e.streamPosition).join(', #')} from the store first`,
      );
    }
    return missing;
  }

  private async columnsOf(manager: EntityManager): Promise<string[]> {
    this.columns ??= (
      (await manager.query(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [this.target.table],
      )) as Array<{ column_name: string }>
    ).map((row) => row.column_name);
    return this.columns;
  }
}
