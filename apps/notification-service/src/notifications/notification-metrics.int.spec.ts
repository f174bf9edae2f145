import { createDataSource, metricCatalogue, migrate, quoteIdentifier, ServiceMetrics } from '@prestaflow/platform';
import { integrationEnvironment, parsePrometheusText, sampleValue, uniqueName } from '@prestaflow/platform/testing';
import { type DataSource } from 'typeorm';
import { NotificationMetrics } from './notification-metrics';

describe('notification-service /metrics: notifications pending, failed, bounced (ADR 0024)', () => {
  const schema = uniqueName('notification_metrics');
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await createDataSource({ url: integrationEnvironment().databaseUrl, schema, poolSize: 2 }).initialize();
    await migrate(dataSource);
  }, 60_000);

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await dataSource?.destroy();
  });

  it('counts the notification log by state at each scrape', async () => {
    const metrics = new ServiceMetrics('notification-metrics-test');
    new NotificationMetrics(metrics, dataSource);
    const states = async () => {
      const samples = parsePrometheusText(await metrics.registry.metrics());
      return Object.fromEntries(['pending', 'failed', 'bounced'].map((state) => [state, sampleValue(samples, metricCatalogue.notifications.name, { state })]));
    };
    expect(await states()).toEqual({ pending: 0, failed: 0, bounced: 0 });

    const rows: Array<[string, string, string | null]> = [
      ['e-1', 'PENDING', null],
      ['e-2', 'PENDING', 'connection refused'],
      ['e-3', 'BOUNCED', '550 no such user'],
      ['e-4', 'SENT', null],
    ];
    for (const [eventId, status, lastError] of rows) {
      await dataSource.query(
        `INSERT INTO notifications (event_id, recipient, channel, reason, prestation_id, company_id, address, language, subject, body_text, body_html, message_id, status, last_error)
         VALUES ($1, 'w-1', 'EMAIL', 'TO_VALIDATE', 'p-1', 'c-1', 'w@example.org', 'fr', 's', 't', 'h', $1, $2, $3)`,
        [eventId, status, lastError],
      );
    }
    expect(await states()).toEqual({ pending: 2, failed: 1, bounced: 1 });
  });
});
