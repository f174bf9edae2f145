import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { metricCatalogue } from '@prestaflow/platform';
import { sampleValue, scrapeMetrics } from '@prestaflow/platform/testing';
import { PrestationCommands } from '@prestaflow/write-side';
import { encodePrestationForWorker } from '@prestaflow/testing';
import { eventually, RunningDeadlineService } from '../testing/deadline-service.harness';

// 2011 is this test's: no other test has deadlines due then, and no other instance fires them
// (every test instance fires only from its own DEADLINE_FIRE_FROM on, or nothing after 2000).
// Its rows are removed after, since its stopped poller leaves them behind, and before, once the
// consumer has caught up with the log (it would bring back those of an earlier run).
const encodedAt = '2011-03-07T09:00:00.000Z'; // a Monday
const env = { CLOCK: 'controllable', CLOCK_START: encodedAt, DEADLINE_POLL_INTERVAL_MS: '50', DEADLINE_FIRE_FROM: '2011-01-01T00:00:00.000Z' };

describe('deadline-service /metrics: pending and overdue deadlines by its own clock (ADR 0024)', () => {
  let service: RunningDeadlineService;
  const removeThisTestsDeadlines = () => service.app.get(DataSource).query(`DELETE FROM deadlines WHERE due_at >= '2011-01-01' AND due_at < '2012-01-01'`);

  beforeAll(async () => {
    service = await RunningDeadlineService.start(env);
    await eventually('the consumer caught up with the log', async () => {
      const lag = (await scrapeMetrics(service.url)).filter((sample) => sample.name === metricCatalogue.consumerLag.name);
      return lag.length > 0 && lag.every((sample) => sample.value === 0);
    }, 50_000);
    await removeThisTestsDeadlines();
  }, 60_000);

  afterAll(async () => {
    if (service) await removeThisTestsDeadlines();
    await service?.close();
  }, 30_000);

  it('R6 a worker deadline left unfired (poller stopped) shows as overdue, with the age of the oldest, once the clock passes it', async () => {
    await service.poller.onModuleDestroy(); // the service's poller stopped: nothing fires
    const id = randomUUID();
    await service.app.get(PrestationCommands).execute({ ...encodePrestationForWorker(encodedAt, { serviceDate: encodedAt.slice(0, 10) }), prestationId: id });
    const worker = await eventually('the worker deadline', async () => (await service.deadlines(id)).find((d) => d.kind === 'WORKER'));

    const before = await scrapeMetrics(service.url);
    expect(sampleValue(before, metricCatalogue.deadlinesPending.name, { kind: 'WORKER' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(before, metricCatalogue.deadlinesOverdue.name, { kind: 'WORKER' }) ?? 0).toBe(0);
    expect(sampleValue(before, metricCatalogue.deadlinesOldestOverdueAge.name)).toBe(0);

    const twoDays = 2 * 86_400;
    await service.setClock(new Date(new Date(worker.dueAt).getTime() + twoDays * 1000).toISOString());

    const after = await scrapeMetrics(service.url);
    expect(sampleValue(after, metricCatalogue.deadlinesOverdue.name, { kind: 'WORKER' })).toBe(1);
    expect(sampleValue(after, metricCatalogue.deadlinesOldestOverdueAge.name)).toBe(twoDays);
    expect((await service.events(id)).map((event) => event.type)).toEqual(['PrestationEncoded']);
  }, 60_000);
});
