import { type Kafka, type KafkaMessage } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { quoteIdentifier } from '@prestaflow/platform';
import { BadEventGuard, type BadEventOptions, guarded } from './bad-events';
import { decodeRecordedEvent } from './codec';
import { ProjectionStateError } from './errors';
import { EventStore, positionAfter } from './event-store';
import { type LogPosition, type RecordedEvent, START_OF_LOG } from './events';
import { readLogFromStart } from './kafka-log';
import { liveTarget, type Projection, Projector, rebuildTarget } from './projection';

export type Progress = (processed: number, total: number) => void;

export interface RebuildOptions extends BadEventOptions {
  readonly dataSource: DataSource;
  readonly projection: Projection<object>;
  readonly onProgress?: Progress;
}

/** The projector of the fresh rebuild table and the guard that applies the operator's bad-event policy. */
async function startRebuild(options: RebuildOptions) {
  const projector = await freshRebuildTable(options.dataSource, guarded(options.projection));
  const guard = new BadEventGuard(`rebuild of ${options.projection.name}`, options);
  return { apply: (events: readonly RecordedEvent[]) => guard.apply(projector, events), guard };
}

const count = async (dataSource: DataSource, sql: string, parameters: unknown[] = []) =>
  Number(((await dataSource.query(sql, parameters)) as Array<{ n: string }>)[0]?.n ?? 0);

/** A fresh, empty copy of the live table (same columns, keys and indexes) and no progress. */
async function freshRebuildTable(dataSource: DataSource, projection: Projection<object>): Promise<Projector<object>> {
  const target = rebuildTarget(projection);
  await dataSource.transaction(async (manager) => {
    await manager.query(`DROP TABLE IF EXISTS ${quoteIdentifier(target.table)}`);
    await manager.query(`CREATE TABLE ${quoteIdentifier(target.table)} (LIKE ${quoteIdentifier(projection.table)} INCLUDING ALL)`);
    await manager.query('DELETE FROM projection_checkpoints WHERE projection = $1', [target.checkpoint]);
  });
  return new Projector(dataSource, projection, target);
}

/**
 * Rebuilds a projection into its `__rebuild` table from the PostgreSQL log; returns the events
 * read. A bad event is reported with its stream and position, then the rebuild stops there
 * (RebuildStoppedError, ILLEGAL_STATE) or, with `onBadEvent: 'skip'`, leaves that stream out
 * from there on and goes on. It reads one REPEATABLE READ snapshot to its end (read-only, so it holds back neither
 * the relay nor writers), then catches up with what committed meanwhile, from the snapshot's
 * oldest running transaction on: events read twice are skipped by their stream position.
 */
export async function rebuildFromStore(options: RebuildOptions & { batchSize?: number }): Promise<number> {
  const { dataSource, onProgress, batchSize = 5_000 } = options;
  const { apply } = await startRebuild(options);
  const total = await count(dataSource, 'SELECT count(*) AS n FROM events');
  let processed = 0;
  const drain = async (store: EventStore, read: 'readSnapshot' | 'readAll', from: LogPosition) => {
    for (let position = from; ; ) {
      const events = await store[read](position, batchSize);
      if (events.length === 0) return;
      await apply(events);
      position = positionAfter(events, position);
      processed += events.length;
      onProgress?.(processed, Math.max(total, processed));
    }
  };
  const snapshot = dataSource.createQueryRunner();
  await snapshot.connect();
  let tailFrom: LogPosition;
  try {
    await snapshot.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [{ xmin }] = (await snapshot.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin')) as [{ xmin: string }];
    tailFrom = { transactionId: xmin, globalPosition: 0 };
    await drain(new EventStore(snapshot), 'readSnapshot', START_OF_LOG);
    await snapshot.query('COMMIT');
  } catch (error) {
    // A stop at a bad event included: the connection must not go back to the pool read-only.
    await snapshot.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await snapshot.release();
  }
  await drain(new EventStore(dataSource), 'readAll', tailFrom);
  return processed;
}

/**
 * Rebuilds a projection into its `__rebuild` table from offset 0 of the event-log topic; bad
 * events as in rebuildFromStore, and a message that is not a recorded event is one too.
 */
export async function rebuildFromKafka(options: RebuildOptions & { kafka: Kafka; topic: string }): Promise<number> {
  const { onProgress, kafka, topic } = options;
  const { apply, guard } = await startRebuild(options);
  // A message that is not an event leaves its stream out from the next event on.
  const decodable = (messages: KafkaMessage[], partition: number): RecordedEvent[] => {
    const lastSeen = new Map<string, number>();
    return messages.flatMap((message) => {
      const streamId = message.key?.toString() ?? '';
      try {
        const event = decodeRecordedEvent(message.value);
        lastSeen.set(event.streamId, event.streamPosition);
        return [event];
      } catch (error) {
        if (guard.isHalted(streamId)) return [];
        const bad = { streamId, streamPosition: null, eventId: null, type: null, logOffset: `${topic}[${partition}]@${message.offset}` };
        guard.report({ ...bad, code: (error as { code?: string }).code ?? 'VALIDATION', reason: (error as Error).message }, (lastSeen.get(streamId) ?? 0) + 1);
        return [];
      }
    });
  };
  let total = 0;
  let processed = 0;
  await readLogFromStart({
    kafka,
    topic,
    onStart: (messages) => (total = messages),
    onBatch: async (messages: KafkaMessage[], partition: number) => {
      await apply(decodable(messages, partition));
      processed += messages.length;
      onProgress?.(processed, total);
    },
  });
  return processed;
}

export interface Comparison {
  readonly liveRows: number;
  readonly rebuiltRows: number;
  /** Rows of one table with no identical row in the other. */
  readonly onlyLive: number;
  readonly onlyRebuilt: number;
  readonly identical: boolean;
}

/** Refuses (ILLEGAL_STATE) when the projection has no `__rebuild` table: nothing to compare or swap. */
async function assertRebuilt(dataSource: DataSource, projection: Projection<object>): Promise<void> {
  const { table } = rebuildTarget(projection);
  const [{ present }] = (await dataSource.query('SELECT to_regclass($1) IS NOT NULL AS present', [quoteIdentifier(table)])) as [{ present: boolean }];
  if (!present) throw new ProjectionStateError(`${projection.name} has no rebuild (no table ${table}): nothing to compare or swap; run a rebuild first`);
}

/** How the rebuilt table differs from the live one; ProjectionStateError when there is no rebuild. */
export async function compareProjection(dataSource: DataSource, projection: Projection<object>): Promise<Comparison> {
  await assertRebuilt(dataSource, projection);
  const live = quoteIdentifier(liveTarget(projection).table);
  const rebuilt = quoteIdentifier(rebuildTarget(projection).table);
  const [liveRows, rebuiltRows, onlyLive, onlyRebuilt] = await Promise.all([
    count(dataSource, `SELECT count(*) AS n FROM ${live}`),
    count(dataSource, `SELECT count(*) AS n FROM ${rebuilt}`),
    count(dataSource, `SELECT count(*) AS n FROM (SELECT * FROM ${live} EXCEPT ALL SELECT * FROM ${rebuilt}) d`),
    count(dataSource, `SELECT count(*) AS n FROM (SELECT * FROM ${rebuilt} EXCEPT ALL SELECT * FROM ${live}) d`),
  ]);
  return { liveRows, rebuiltRows, onlyLive, onlyRebuilt, identical: onlyLive === 0 && onlyRebuilt === 0 };
}

/**
 * Makes the rebuilt table the live one (the old one is kept as `<table>__previous`), with
 * its checkpoints, in one transaction that locks both tables. Refused when the rebuild is
 * behind the live projection on any stream: the consumer would then skip those events.
 */
export async function swapProjection(dataSource: DataSource, projection: Projection<object>): Promise<void> {
  const live = liveTarget(projection);
  const rebuilt = rebuildTarget(projection);
  const previous = { table: `${projection.table}__previous`, checkpoint: `${projection.name}__previous` };
  await assertRebuilt(dataSource, projection);
  await dataSource.transaction(async (manager) => {
    await manager.query(`LOCK TABLE ${quoteIdentifier(live.table)}, ${quoteIdentifier(rebuilt.table)} IN ACCESS EXCLUSIVE MODE`);
    const [behind] = (await manager.query(
      `SELECT count(*) AS n FROM projection_checkpoints l
       LEFT JOIN projection_checkpoints r ON r.projection = $2 AND r.stream_id = l.stream_id
       WHERE l.projection = $1 AND (r.stream_position IS NULL OR r.stream_position < l.stream_position)`,
      [live.checkpoint, rebuilt.checkpoint],
    )) as Array<{ n: string }>;
    const streamsBehind = Number(behind?.n ?? 0);
    if (streamsBehind > 0) throw new ProjectionStateError(`${projection.name}: the rebuild is behind the live table on ${streamsBehind} streams; rebuild again`);
    await manager.query(`DROP TABLE IF EXISTS ${quoteIdentifier(previous.table)}`);
    await manager.query(`ALTER TABLE ${quoteIdentifier(live.table)} RENAME TO ${quoteIdentifier(previous.table)}`);
    await manager.query(`ALTER TABLE ${quoteIdentifier(rebuilt.table)} RENAME TO ${quoteIdentifier(live.table)}`);
    await manager.query('DELETE FROM projection_checkpoints WHERE projection = $1', [previous.checkpoint]);
    for (const [from, to] of [
      [live, previous],
      [rebuilt, live],
    ] as const) {
      await manager.query('UPDATE projection_checkpoints SET projection = $2 WHERE projection = $1', [from.checkpoint, to.checkpoint]);
    }
  });
}
