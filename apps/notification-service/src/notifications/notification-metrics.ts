import { Injectable } from '@nestjs/common';
import { metricCatalogue, ServiceMetrics } from '@prestaflow/platform';
import { DataSource } from 'typeorm';

/**
 * prestaflow_notifications{state}, counted in the notifications table at each scrape (ADR 0024):
 * `pending` (not sent yet), `failed` (pending, its last attempt failed: being retried, ADR 0005),
 * `bounced` (given up: no address, refused by the mail server, no live push subscription).
 */
@Injectable()
export class NotificationMetrics {
  constructor(metrics: ServiceMetrics, dataSource: DataSource) {
    metrics.gaugeAtScrape(metricCatalogue.notifications, async () => {
      const [row] = (await dataSource.query(
        `SELECT count(*) FILTER (WHERE status = 'PENDING')::float8 AS pending,
                count(*) FILTER (WHERE status = 'PENDING' AND last_error IS NOT NULL)::float8 AS failed,
                count(*) FILTER (WHERE status = 'BOUNCED')::float8 AS bounced
         FROM notifications`,
      )) as Array<{ pending: number; failed: number; bounced: number }>;
      return (['pending', 'failed', 'bounced'] as const).map((state) => ({ labels: { state }, value: row?.[state] ?? 0 }));
    });
  }
}
