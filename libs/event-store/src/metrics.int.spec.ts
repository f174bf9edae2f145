import { metricCatalogue, ServiceMetrics } from '@prestaflow/platform';
import { parsePrometheusText, sampleValue } from '@prestaflow/platform/testing';
import { EventStore } from './event-store';
import { START_OF_LOG } from './events';
import { registerProjectionLag, registerRelayLag } from './metrics';
import { Projector } from './projection';
import { EventRelay } from './relay';
import { eventually, openTestDatabase, type TestDatabase } from './testing/database';
import { openTestKafka, type TestKafka } from './testing/kafka';
import { TALLY_TABLE_DDL, tallyProjection } from './testing/tally';

const added = (amount: number) => ({ type: 'Added', data: { amount }, actor: { id: 'op', role: 'OPERATOR' as const }, occurredAt: '2025-06-02T08:00:00.000Z' });

describe('relay and projection lag on /metrics, moving as events flow (ADR 0024)', () => {
  let db: TestDatabase;
  let broker: TestKafka;
  let relay: EventRelay | undefined;
  let metrics: ServiceMetrics;
  let topic: string;
  const scrape = async () => parsePrometheusText(await metrics.registry.metrics());

  beforeAll(async () => {
    db = await openTestDatabase('metrics_lag');
    await db.dataSource.query(TALLY_TABLE_DDL);
    broker = await openTestKafka();
    topic = await broker.topic('metrics-lag');
    metrics = new ServiceMetrics('metrics-lag-test');
    registerRelayLag(metrics, db.dataSource, topic);
    registerProjectionLag(metrics, db.dataSource, tallyProjection);
  }, 60_000);

  afterAll(async () => {
    await relay?.stop();
    await broker?.close();
    await db?.drop();
  });

  it('counts the events the relay has not published, with the age of the oldest, down to 0 once it ran', async () => {
    const relayed = { relay: topic };
    expect(sampleValue(await scrape(), metricCatalogue.relayUnpublished.name, relayed)).toBe(0);
    const store = new EventStore(db.dataSource);
    for (const stream of ['t-1', 't-2', 't-3']) await store.append(stream, 'tally', 0, [added(1), added(2)]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const waiting = await scrape();
    expect(sampleValue(waiting, metricCatalogue.relayUnpublished.name, relayed)).toBe(6);
    expect(sampleValue(waiting, metricCatalogue.relayOldestAge.name, relayed)).toBeGreaterThanOrEqual(1);

    const running = new EventRelay({ dataSource: db.dataSource, kafka: broker.kafka, topic, lockPollMs: 100 });
    relay = running;
    running.start();
    await eventually('6 events published', () => running.published === 6);
    const published = await scrape();
    expect(sampleValue(published, metricCatalogue.relayUnpublished.name, relayed)).toBe(0);
    expect(sampleValue(published, metricCatalogue.relayOldestAge.name, relayed)).toBe(0);
  }, 60_000);

  it('counts the events a projection handles and has not applied, with the age of the oldest, down to 0 once applied', async () => {
    const projection = { projection: tallyProjection.name };
    const behind = await scrape();
    expect(sampleValue(behind, metricCatalogue.projectionUnapplied.name, projection)).toBe(6);
    expect(sampleValue(behind, metricCatalogue.projectionCheckpointAge.name, projection)).toBeGreaterThanOrEqual(1);

    const events = await new EventStore(db.dataSource).readAll(START_OF_LOG, 100);
    await new Projector(db.dataSource, tallyProjection).apply(events.filter((event) => event.streamId !== 't-3'));
    expect(sampleValue(await scrape(), metricCatalogue.projectionUnapplied.name, projection)).toBe(2);
    await new Projector(db.dataSource, tallyProjection).apply(events);
    const caughtUp = await scrape();
    expect(sampleValue(caughtUp, metricCatalogue.projectionUnapplied.name, projection)).toBe(0);
    expect(sampleValue(caughtUp, metricCatalogue.projectionCheckpointAge.name, projection)).toBe(0);
  });
});
