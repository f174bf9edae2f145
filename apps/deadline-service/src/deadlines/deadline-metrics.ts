import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, metricCatalogue, ServiceMetrics } from '@prestaflow/platform';
import { DataSource } from 'typeorm';

type Counts = Array<{ kind: string; pending: number; overdue: number; oldest_overdue: Date | null }>;

/**
 * The deadline table at each scrape, by the service's own clock (ADR 0024): each prestation's
 * next deadline (ADR 0026) by kind, those already due, and how long ago in seconds the oldest of
 * those was due; one fired whose event is not folded yet is not pending. A deadline stays overdue
 * while the poller is stopped or failing: what the alert looks for.
 */
@Injectable()
export class DeadlineMetrics {
  constructor(metrics: ServiceMetrics, dataSource: DataSource, @Inject(CLOCK) clock: Clock) {
    const read = async () => {
      const now = clock.now();
      const rows = (await dataSource.query(
        `SELECT kind, count(*)::float8 AS pending, count(*) FILTER (WHERE due_at <= $1)::float8 AS overdue,
                min(due_at) FILTER (WHERE due_at <= $1) AS oldest_overdue
         FROM deadlines WHERE due_at IS NOT NULL GROUP BY kind`,
        [now],
      )) as Counts;
      return { now, rows };
    };
    metrics.gaugeAtScrape(metricCatalogue.deadlinesPending, async () => (await read()).rows.map(({ kind, pending }) => ({ labels: { kind }, value: pending })));
    metrics.gaugeAtScrape(metricCatalogue.deadlinesOverdue, async () => (await read()).rows.map(({ kind, overdue }) => ({ labels: { kind }, value: overdue })));
    metrics.gaugeAtScrape(metricCatalogue.deadlinesOldestOverdueAge, async () => {
      const { now, rows } = await read();
      const oldest = Math.min(...rows.flatMap(({ oldest_overdue }) => (oldest_overdue ? [new Date(oldest_overdue).getTime()] : [])));
      return [{ labels: {}, value: Number.isFinite(oldest) ? (now.getTime() - oldest) / 1000 : 0 }];
    });
  }
}
