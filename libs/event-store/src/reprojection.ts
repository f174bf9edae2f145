import { Controller, HttpCode, Inject, Logger, Param, Post, Query, type Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError, ValidationError } from '@prestaflow/contracts';
import { CallerRoles, quoteIdentifier } from '@prestaflow/platform';
import {
  type BadEvent,
  BadEventError,
  badEventOf,
  BadEventGuard,
  type BadEventPolicy,
  badEventPolicies,
  describeBadEvent,
  guarded,
  isDataError,
} from './bad-events';
import { EventStore } from './event-store';
import { type Projection, Projector, type Reactions } from './projection';

/** What a rebuild in place met: the streams of its type there are, and the bad events. */
export interface ReprojectionResult {
  readonly streams: number;
  readonly badEvents: BadEvent[];
}

/** How a rebuild in place goes: its bad-event policy (`stop` by default), its logger, and reactions (none by default). */
export interface ReprojectionOptions<Row extends object> {
  readonly onBadEvent?: BadEventPolicy;
  readonly logger?: Logger;
  /** Only for a first fill that must catch up with what an older mechanism had not done (ADR 0029). */
  readonly reactions?: Reactions<Row>;
}

/**
 * Rebuilds a projection keyed by stream in its live table, from the event store (after a schema
 * change or a restore), one stream after another, each projected again from its whole history in
 * one transaction (row and checkpoint reset, ADR 0026). Rows of streams that no longer exist are
 * deleted. It runs no reactions unless given (ADR 0029): a rebuild of the notification states
 * sends nothing. A stream with a bad event (refused by its contract, thrown on by `evolve`, or its
 * row refused by PostgreSQL) is reported with its stream, position and why; then the rebuild stops
 * there (RebuildStoppedError, ILLEGAL_STATE: the streams before it are rebuilt, those after it
 * untouched) or, with `skip`, keeps that stream's row as it was and goes on.
 */
export async function reprojectAll<Row extends object>(
  dataSource: DataSource,
  projection: Projection<Row>,
  streamType: string,
  { onBadEvent = 'stop', logger = new Logger(`rebuild of the ${projection.name}`), reactions }: ReprojectionOptions<Row> = {},
): Promise<ReprojectionResult> {
  const streams = (await dataSource.query('SELECT stream_id FROM event_streams WHERE stream_type = $1 ORDER BY stream_id', [streamType])) as Array<{ stream_id: string }>;
  await dataSource.query(`DELETE FROM ${quoteIdentifier(projection.table)} WHERE ${quoteIdentifier(projection.key)} <> ALL($1::text[])`, [
    streams.map((s) => s.stream_id),
  ]);
  const badEvents: BadEvent[] = [];
  const reportBadEvent = (bad: BadEvent) => {
    badEvents.push(bad);
    logger.warn(`bad event (${onBadEvent === 'skip' ? 'stream skipped' : 'stopping'}): ${describeBadEvent(bad)}`);
  };
  const guard = new BadEventGuard(`rebuild of the ${projection.name}`, { onBadEvent, reportBadEvent });
  const projector = new Projector(dataSource, guarded(projection), undefined, reactions);
  const store = new EventStore(dataSource);
  let logged = Date.now();
  for (const [done, { stream_id }] of streams.entries()) {
    // A long rebuild says how far it is, every 10 s.
    if (Date.now() - logged > 10_000) {
      logged = Date.now();
      logger.log(`${done}/${streams.length} streams`);
    }
    const { events } = await store.readStream(stream_id);
    try {
      await projector.reproject(stream_id, events);
    } catch (error) {
      const last = events.at(-1);
      if (error instanceof BadEventError) guard.report(error.badEvent);
      else if (last && isDataError(error)) guard.report(badEventOf(last, error));
      else throw error;
    }
  }
  return { streams: streams.length, badEvents };
}

/**
 * Fills a projection never projected (no checkpoint of it) while streams of its type exist: after
 * the migration that created or emptied its table, or a restore without it (ADR 0026). One
 * instance fills (a session advisory lock; the others go on, their rows appearing as the filler
 * goes); a bad event is skipped and logged, so one stream cannot hold back every other one. No
 * reactions run unless given (ADR 0029). Returns how many streams were projected, or undefined
 * when there was nothing to fill or another instance does it.
 */
export async function fillIfNeverProjected<Row extends object>(
  dataSource: DataSource,
  projection: Projection<Row>,
  streamType: string,
  reactions?: Reactions<Row>,
): Promise<number | undefined> {
  const logger = new Logger(`first fill of ${projection.name}`);
  const lock = `${projection.name}: first fill`;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock(hashtext(current_schema() || $1)) AS locked', [lock])) as [{ locked: boolean }];
    if (!locked) return undefined;
    try {
      const [{ needed }] = (await runner.query(
        `SELECT NOT EXISTS (SELECT 1 FROM projection_checkpoints WHERE projection = $1)
            AND EXISTS (SELECT 1 FROM event_streams WHERE stream_type = $2) AS needed`,
        [projection.name, streamType],
      )) as [{ needed: boolean }];
      if (!needed) return undefined;
      logger.log(`${projection.name} was never projected: filling it from the event store (ADR 0026)`);
      const { streams, badEvents } = await reprojectAll(dataSource, projection, streamType, { onBadEvent: 'skip', logger, reactions });
      if (badEvents.length > 0) logger.error(`skipped ${badEvents.length} stream(s) with a bad event: ${badEvents.map(describeBadEvent).join('; ')}`);
      logger.log(`${projection.name} filled: ${streams} streams`);
      return streams;
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext(current_schema() || $1))', [lock]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * An app's projections rebuilt by name, for operators (an OPERATOR token, ADR 0018):
 * `POST /projections/:name/rebuild?onBadEvent=stop|skip` rebuilds that projection in place from
 * the event store (`reprojectAll`, no reactions: ADR 0029) and answers 200 with
 * `{ projection, streams, badEvents }`. 404 NOT_FOUND for a name the app does not keep (the
 * message lists the ones it does), 400 VALIDATION for another `onBadEvent`, 409 ILLEGAL_STATE at
 * the first bad event with `stop` (the default). `projections` is the app's one list of them.
 */
export function projectionRebuildController(streamType: string, projections: ReadonlyArray<Projection<object>>): Type<unknown> {
  const byName = new Map(projections.map((projection) => [projection.name, projection]));

  @Controller('projections')
  @CallerRoles('OPERATOR')
  class ProjectionRebuildController {
    constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

    @Post(':name/rebuild')
    @HttpCode(200)
    async rebuild(@Param('name') name: string, @Query('onBadEvent') onBadEvent: unknown = 'stop'): Promise<ReprojectionResult & { projection: string }> {
      const projection = byName.get(name);
      if (!projection) throw new NotFoundError(`no projection ${name} here; this service keeps ${[...byName.keys()].join(', ')}`);
      if (!badEventPolicies.some((policy) => policy === onBadEvent)) throw new ValidationError('onBadEvent', `must be one of ${badEventPolicies.join(', ')}`);
      return { projection: name, ...(await reprojectAll(this.dataSource, projection, streamType, { onBadEvent: onBadEvent as BadEventPolicy })) };
    }
  }
  return ProjectionRebuildController;
}
