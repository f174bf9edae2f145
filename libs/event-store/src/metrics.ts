import { type FactoryProvider } from '@nestjs/common';
import { metricCatalogue, ServiceMetrics } from '@prestaflow/platform';
import { DataSource } from 'typeorm';
import { type Projection } from './projection';

/** How many of the most recent events the projection lag looks at: one bounded primary-key range scan per scrape. */
export const PROJECTION_LAG_WINDOW = 100_000;

/**
 * The relay's lag, read at each scrape (ADR 0024): committed events past its checkpoint in
 * commit order (relay_checkpoints), and the age in seconds of the oldest of them. Both read the
 * shared table, so every service running the relay reports the same figures (alert on max).
 */
export function registerRelayLag(metrics: ServiceMetrics, dataSource: DataSource, relay: string): void {
  const lag = async () => {
    const [row] = (await dataSource.query(
      `WITH checkpoint AS (
         SELECT coalesce((SELECT transaction_id FROM relay_checkpoints WHERE relay = $1), '0'::xid8) AS transaction_id,
                coalesce((SELECT global_position FROM relay_checkpoints WHERE relay = $1), 0) AS global_position)
       SELECT count(*)::float8 AS unpublished, coalesce(extract(epoch FROM now() - min(e.recorded_at)), 0)::float8 AS age
       FROM events e, checkpoint c WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)`,
      [relay],
    )) as Array<{ unpublished: number; age: number }>;
    return row ?? { unpublished: 0, age: 0 };
  };
  metrics.gaugeAtScrape(metricCatalogue.relayUnpublished, async () => [{ labels: { relay }, value: (await lag()).unpublished }]);
  metrics.gaugeAtScrape(metricCatalogue.relayOldestAge, async () => [{ labels: { relay }, value: Math.max(0, (await lag()).age) }]);
}

/**
 * A projection's lag, read at each scrape (ADR 0024): among the most recent PROJECTION_LAG_WINDOW
 * events, those of a type it handles that its per-stream checkpoint (projection_checkpoints) has
 * not reached, and the age in seconds of the oldest. An event skipped as bad (ADR 0015) stays
 * counted until it is replayed or leaves the window: that is worth an alert too.
 */
export function registerProjectionLag(metrics: ServiceMetrics, dataSource: DataSource, projection: Projection<object>): void {
  const lag = async () => {
    const [row] = (await dataSource.query(
      `WITH recent AS (
         SELECT stream_id, stream_position, recorded_at FROM events
         WHERE global_position > (SELECT coalesce(max(global_position), 0) - $3 FROM events) AND type = ANY($2))
       SELECT count(*)::float8 AS unapplied, coalesce(extract(epoch FROM now() - min(r.recorded_at)), 0)::float8 AS age
       FROM recent r LEFT JOIN projection_checkpoints c ON c.projection = $1 AND c.stream_id = r.stream_id
       WHERE r.stream_position > coalesce(c.stream_position, 0)`,
      [projection.name, [...projection.handles], PROJECTION_LAG_WINDOW],
    )) as Array<{ unapplied: number; age: number }>;
    return row ?? { unapplied: 0, age: 0 };
  };
  const labels = { projection: projection.name };
  metrics.gaugeAtScrape(metricCatalogue.projectionUnapplied, async () => [{ labels, value: (await lag()).unapplied }]);
  metrics.gaugeAtScrape(metricCatalogue.projectionCheckpointAge, async () => [{ labels, value: Math.max(0, (await lag()).age) }]);
}

/** The Nest provider that registers the lag of each of an app's projections (its one list of them) at start. */
export function projectionLagProvider(projections: ReadonlyArray<Projection<object>>): FactoryProvider<void> {
  return {
    provide: `PROJECTION_LAG(${projections.map((projection) => projection.name).join(', ')})`,
    inject: [ServiceMetrics, DataSource],
    useFactory: (metrics: ServiceMetrics, dataSource: DataSource) => projections.forEach((projection) => registerProjectionLag(metrics, dataSource, projection)),
  };
}
