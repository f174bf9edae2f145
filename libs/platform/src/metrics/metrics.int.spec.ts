import { Controller, Get, Module, Param, type INestApplication } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { type Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { CallerAuthModule } from '../auth/caller.guard';
import { createIdempotentProducer, createKafka, createTopics } from '../kafka/kafka-client';
import { startService } from '../start-service';
import { KAFKA } from '../tokens';
import { eventually } from '../testing/eventually';
import { integrationEnvironment, uniqueName } from '../testing/integration';
import { sampleValue, scrapeMetrics } from '../testing/prometheus-text';
import { TestIssuer } from '../testing/test-issuer';
import { metricCatalogue } from './catalogue';

const topic = uniqueName('metrics-flow');
const poisonTopic = uniqueName('metrics-poison');
const group = uniqueName('metrics-service');
let release: () => void = () => undefined;
const gate = new Promise<void>((resolve) => (release = resolve));
/** The log bindings each handled event saw: what every log line written while handling it carries. */
const seen: Array<Record<string, unknown>> = [];

@Controller()
class FlowConsumer {
  constructor(private readonly logger: PinoLogger) {}

  @EventPattern(topic)
  async onEvent(): Promise<void> {
    seen.push(this.logger.logger.bindings());
    await gate;
  }

  @EventPattern(poisonTopic)
  onPoison(): void {
    throw Object.assign(new Error('data.hours: must be <= 9'), { code: 'VALIDATION' });
  }

  @Get('items/:id')
  item(@Param('id') id: string): { id: string; logBindings: Record<string, unknown> } {
    return { id, logBindings: this.logger.logger.bindings() };
  }
}

@Module({ imports: [CallerAuthModule], controllers: [FlowConsumer] })
class FlowModule {}

describe('/metrics and the logs of every service (ADR 0024)', () => {
  let app: INestApplication;
  let issuer: TestIssuer;
  let url: string;

  beforeAll(async () => {
    const admin = createKafka('metrics-test-admin', integrationEnvironment().kafkaBrokers).admin();
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: 2 }, { topic: poisonTopic, numPartitions: 1 }]).finally(() => admin.disconnect());
    issuer = await TestIssuer.start();
    app = await startService({ name: group, defaultPort: 0, imports: [FlowModule] }, { ...process.env, PORT: '0', ...issuer.env });
    url = await app.getUrl();
  }, 90_000);

  afterAll(async () => {
    release();
    await app?.close();
    await issuer?.stop();
  });

  it('is served without a token, in Prometheus text, while the other endpoints want one', async () => {
    expect((await fetch(`${url}/items/1`)).status).toBe(401);
    const samples = await scrapeMetrics(url);
    expect(samples.length).toBeGreaterThan(10);
    expect(samples.every((sample) => sample.labels['service'] === group)).toBe(true);
    expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('times HTTP requests by route pattern and status, never by raw URL', async () => {
    const authorization = await issuer.authorization('operator', 'ops');
    const count = async (labels: Record<string, string>) => sampleValue(await scrapeMetrics(url), `${metricCatalogue.httpDuration.name}_count`, labels) ?? 0;
    const before = await count({ route: '/items/:id', status: '200', method: 'GET' });
    for (const id of ['a', 'b', 'c']) expect((await fetch(`${url}/items/${id}`, { headers: authorization })).status).toBe(200);
    await fetch(`${url}/items/d`);
    expect(await count({ route: '/items/:id', status: '200', method: 'GET' })).toBe(before + 3);
    expect(await count({ route: '/items/:id', status: '401', method: 'GET' })).toBeGreaterThanOrEqual(1);
    expect((await scrapeMetrics(url)).some((sample) => Object.values(sample.labels).includes('/items/a'))).toBe(false);
  });

  it("answers with the caller's x-request-id or a new one, and the request's log lines carry it", async () => {
    const authorization = await issuer.authorization('operator', 'ops');
    const given = await fetch(`${url}/items/1`, { headers: { ...authorization, 'x-request-id': 'req-1234.abc' } });
    expect(given.headers.get('x-request-id')).toBe('req-1234.abc');
    expect(((await given.json()) as { logBindings: { req?: { id?: string } } }).logBindings.req?.id).toBe('req-1234.abc');
    const made = await fetch(`${url}/items/1`, { headers: { ...authorization, 'x-request-id': 'not a token; {x}' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const none = await fetch(`${url}/items/1`, { headers: authorization });
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get('x-request-id')).not.toBe(made.headers.get('x-request-id'));
  });

  it('shows the consumer lag by group and partition growing while a handler is stuck and back to 0 after; logs carry the correlation id', async () => {
    const producer = createIdempotentProducer(app.get<Kafka>(KAFKA));
    await producer.connect();
    const lag = async () =>
      (await scrapeMetrics(url)).filter((s) => s.name === metricCatalogue.consumerLag.name && s.labels['group'] === group && s.labels['topic'] === topic);
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 6 }, (_, i) => ({ key: `p-${i % 2}`, partition: i % 2, value: JSON.stringify({ eventId: `e-${i}`, correlationId: `corr-${i}` }) })),
      });
      await eventually('the first event in the handler', async () => seen.length > 0);
      const stuck = await eventually('a lag of at least 4', async () => {
        const rows = await lag();
        return rows.length === 2 && rows.reduce((sum, row) => sum + row.value, 0) >= 4 ? rows : undefined;
      });
      expect(stuck.map((row) => row.labels['partition']).sort()).toEqual(['0', '1']);
      release();
      await eventually('the lag back to 0', async () => {
        const rows = await lag();
        return rows.length === 2 && rows.every((row) => row.value === 0);
      });
      expect(seen[0]).toMatchObject({ topic, correlationId: expect.stringMatching(/^corr-\d$/), eventId: expect.stringMatching(/^e-\d$/) });
    } finally {
      await producer.disconnect();
    }
  }, 60_000);

  it('counts dead letters by original topic', async () => {
    const producer = createIdempotentProducer(app.get<Kafka>(KAFKA));
    await producer.connect();
    try {
      const deadLetters = async () => sampleValue(await scrapeMetrics(url), metricCatalogue.deadLetters.name, { topic: poisonTopic, group }) ?? 0;
      expect(await deadLetters()).toBe(0);
      await producer.send({ topic: poisonTopic, acks: -1, messages: [{ key: 'x', value: '{"correlationId":"c"}' }, { key: 'y', value: '{}' }] });
      await eventually('two dead letters counted', async () => (await deadLetters()) === 2);
    } finally {
      await producer.disconnect();
    }
  }, 60_000);
});
