import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type Admin, type Kafka } from 'kafkajs';
import { Topics } from '@prestaflow/contracts';
import { createIdempotentProducer, createKafka, createTopics, ensureTopics } from './kafka-client';
import { EventLogServer } from './event-log.server';
import { PlatformExceptionFilter } from '../errors/platform-exception.filter';
import { integrationEnvironment, uniqueName } from '../testing/integration';

const topic = uniqueName('event-log-server');
const handled: Array<{ prestationId: string; position: number }> = [];
const poisonAttempts: number[] = [];
const flakyAttempts: number[] = [];

@Controller()
class RecordingConsumer {
  @EventPattern(topic)
  async onEvent(@Payload() event: { prestationId: string; position: number; poison?: boolean; flaky?: boolean }): Promise<void> {
    if (event.poison) {
      poisonAttempts.push(Date.now());
      throw Object.assign(new Error('data.hours: must be <= 9'), { code: 'VALIDATION' });
    }
    if (event.flaky && flakyAttempts.push(Date.now()) < 3) throw new Error('connection reset');
    handled.push(event);
  }
}

@Module({ controllers: [RecordingConsumer] })
class RecordingModule {}

async function eventually(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('EventLogServer, real broker', () => {
  const groupId = uniqueName('event-log-group');
  let kafka: Kafka;
  let admin: Admin;
  let service: INestMicroservice;

  beforeAll(async () => {
    kafka = createKafka(uniqueName('event-log-test'), integrationEnvironment().kafkaBrokers);
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin);
    await createTopics(admin, [{ topic, numPartitions: 3 }]);
    service = await NestFactory.createMicroservice(RecordingModule, {
      strategy: new EventLogServer({ kafka, groupId, maxAttempts: 3, retryDelayMs: 10 }),
      logger: false,
    });
    service.useGlobalFilters(new PlatformExceptionFilter());
    await service.listen();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await admin?.disconnect();
  });

  it('delivers per prestation in order, retries a failing handler, dead-letters a poison event at once, and moves on', async () => {
    const prestations = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6'];
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    for (let position = 1; position <= 10; position++) {
      await producer.send({
        topic,
        acks: -1,
        messages: prestations.map((prestationId) => ({
          key: prestationId,
          value: JSON.stringify({ prestationId, position, poison: prestationId === 'p-1' && position === 5, flaky: prestationId === 'p-2' && position === 3 }),
        })),
      });
    }
    await producer.disconnect();

    await eventually(() => handled.length === prestations.length * 10 - 1);
    expect(poisonAttempts).toHaveLength(1); // refused by the contracts: not retried
    expect(flakyAttempts).toHaveLength(3); // failed twice, then handled
    for (const prestationId of prestations) {
      const positions = handled.filter((event) => event.prestationId === prestationId).map((event) => event.position);
      expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((p) => prestationId !== 'p-1' || p !== 5));
    }

    const deadLetters: Array<{ key: string; headers: Record<string, string> }> = [];
    const reader = kafka.consumer({ groupId: uniqueName('dead-letter-reader') });
    await reader.connect();
    await reader.subscribe({ topic: Topics.DeadLetters, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        if (headers['x-consumer-group'] === groupId) deadLetters.push({ key: message.key!.toString(), headers });
      },
    });
    await eventually(() => deadLetters.length === 1);
    await reader.disconnect();
    expect(deadLetters[0]).toMatchObject({
      key: 'p-1',
      headers: { 'x-original-topic': topic, 'x-error': 'data.hours: must be <= 9', 'x-error-code': 'VALIDATION' },
    });
  }, 60_000);
});
