import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { Topics } from '@prestaflow/contracts';
import { defaultPolicy } from '@prestaflow/domain';
import { EventStore, toMessage } from '@prestaflow/event-store';
import { createKafka, startService } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';
import { PrestationCommands } from '@prestaflow/write-side';
import { encodePrestationForWorker } from '@prestaflow/testing';
import { DataSource } from 'typeorm';
import { gateway } from '../service';
import { eventually } from '../testing/harness';

/**
 * The gateway's rate limit guards HTTP only: its views consumer takes a burst of events from the
 * log at any rate (the global guard once throttled it, and the views fell behind by minutes).
 */
describe('the views consumer is not rate-limited', () => {
  let app: INestApplication;

  beforeAll(async () => {
    process.env['GATEWAY_RATE_LIMIT'] = '1';
    app = await startService({ ...gateway, name: uniqueName('gateway-views') }, { ...process.env, PORT: '0' });
  }, 60_000);

  afterAll(async () => {
    delete process.env['GATEWAY_RATE_LIMIT'];
    await app?.close();
  }, 60_000);

  it('projects a burst of 20 events with a limit of 1 request a minute', async () => {
    const dataSource = app.get(DataSource);
    const commands = new PrestationCommands(dataSource, defaultPolicy);
    const ids = Array.from({ length: 20 }, () => randomUUID());
    for (const prestationId of ids) await commands.execute({ ...encodePrestationForWorker(), prestationId });
    // Published here rather than waiting for another process's relay; a second copy changes nothing.
    const producer = createKafka('views-consumer-test', integrationEnvironment().kafkaBrokers).producer();
    await producer.connect();
    const store = new EventStore(dataSource);
    const messages = await Promise.all(ids.map(async (id) => toMessage((await store.readStream(id)).events[0]!)));
    await producer.send({ topic: Topics.PrestationEvents, messages });
    await producer.disconnect();

    const projected = await eventually(
      async () => Number(((await dataSource.query('SELECT count(*) AS n FROM prestation_views WHERE prestation_id = ANY($1)', [ids])) as Array<{ n: string }>)[0]!.n),
      (n) => n === ids.length,
    );
    expect(projected).toBe(ids.length);
  }, 60_000);
});
