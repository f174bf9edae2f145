import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type Admin, type Consumer, type Kafka } from 'kafkajs';
import { Topics } from '@prestaflow/contracts';
import { createIdempotentProducer, createKafka, createTopics, ensureTopics, FETCH_WAIT_MS } from './kafka-client';
import { deliveredInBatches, EventLogServer } from './event-log.server';
import { PlatformExceptionFilter } from '../errors/platform-exception.filter';
import { integrationEnvironment, uniqueName } from '../testing/integration';

const topic = uniqueName('event-log-server');
const handled: Array<{ prestationId: string; position: number }> = [];
const poisonAttempts: number[] = [];
const flakyAttempts: number[] = [];

interface Recorded {
  prestationId: string;
  position: number;
  poison?: boolean;
}
const batchTopic = uniqueName('event-log-server-batches');
/** Each call of the batch handler: the positions it got, and whether it took them all. */
const batchCalls: Array<{ positions: number[]; taken: boolean }> = [];
const takenInBatches: Recorded[] = [];

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

  /** All or nothing, like a projector's transaction: a poison event refuses the whole batch. */
  @EventPattern(batchTopic, deliveredInBatches)
  async onEvents(@Payload() events: Recorded[]): Promise<void> {
    const taken = !events.some((event) => event.poison);
    batchCalls.push({ positions: events.map((event) => event.position), taken });
    if (!taken) throw Object.assign(new Error('data.hours: must be <= 9'), { code: 'VALIDATION' });
    takenInBatches.push(...events);
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
    await createTopics(admin, [{ topic, numPartitions: 3 }, { topic: batchTopic, numPartitions: 1 }]);
    service = await NestFactory.createMicroservice(RecordingModule, {
      strategy: new EventLogServer({ kafka, groupId, maxAttempts: 3, retryDelayMs: 10, maxBatchSize: 10 }),
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

    const deadLetters = await deadLettersOf(topic, 1);
    expect(deadLetters[0]).toMatchObject({
      key: 'p-1',
      headers: { 'x-original-topic': topic, 'x-error': 'data.hours: must be <= 9', 'x-error-code': 'VALIDATION' },
    });
  }, 60_000);

  it('delivers a batch handler consecutive messages at once, and on a poison one in the middle takes the others one at a time and dead-letters only it', async () => {
    // 30 messages in one produce request on one partition: fetched together, handed over in batches of 10.
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const events: Recorded[] = Array.from({ length: 30 }, (_, i) => ({ prestationId: `b-${i % 3}`, position: i + 1, poison: i + 1 === 15 }));
    await producer.send({ topic: batchTopic, acks: -1, messages: events.map((event) => ({ key: event.prestationId, value: JSON.stringify(event) })) });
    await producer.disconnect();

    await eventually(() => takenInBatches.length === 29);
    const ordered = Array.from({ length: 30 }, (_, i) => i + 1);
    expect(takenInBatches.map((event) => event.position)).toEqual(ordered.filter((p) => p !== 15));
    expect(batchCalls).toEqual([
      { positions: ordered.slice(0, 10), taken: true },
      { positions: ordered.slice(10, 20), taken: false }, // #15 in the middle: the batch is refused whole
      ...ordered.slice(10, 20).map((p) => ({ positions: [p], taken: p !== 15 })), // then one at a time, #15 once (VALIDATION)
      { positions: ordered.slice(20, 30), taken: true },
    ]);
    const deadLetters = await deadLettersOf(batchTopic, 1);
    expect(deadLetters).toEqual([
      expect.objectContaining({ key: 'b-2', headers: expect.objectContaining({ 'x-original-topic': batchTopic, 'x-original-offset': '14', 'x-error-code': 'VALIDATION' }) }),
    ]);
  }, 60_000);

  /** This group's dead letters from `original`, once `count` of them are there. */
  async function deadLettersOf(original: string, count: number): Promise<Array<{ key: string; headers: Record<string, string> }>> {
    const deadLetters: Array<{ key: string; headers: Record<string, string> }> = [];
    const reader = kafka.consumer({ groupId: uniqueName('dead-letter-reader') });
    await reader.connect();
    await reader.subscribe({ topic: Topics.DeadLetters, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        if (headers['x-consumer-group'] === groupId && headers['x-original-topic'] === original) deadLetters.push({ key: message.key!.toString(), headers });
      },
    });
    await eventually(() => deadLetters.length >= count);
    await new Promise((r) => setTimeout(r, 500)); // one more would show up here
    await reader.disconnect();
    return deadLetters;
  }
});

describe('EventLogServer, a batch handled for longer than the session timeout', () => {
  const slowTopic = uniqueName('event-log-server-slow');
  const calls: number[][] = [];

  @Controller()
  class SlowConsumer {
    @EventPattern(slowTopic, deliveredInBatches)
    async onEvents(@Payload() events: Array<{ position: number }>): Promise<void> {
      calls.push(events.map((event) => event.position));
      if (calls.length === 1) await new Promise((r) => setTimeout(r, 9_000));
    }
  }
  @Module({ controllers: [SlowConsumer] })
  class SlowModule {}

  it('keeps its partitions by heartbeating during the batch: delivered once, not again after a rebalance', async () => {
    const kafka = createKafka(uniqueName('event-log-slow'), integrationEnvironment().kafkaBrokers);
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [{ topic: slowTopic, numPartitions: 1 }]);
    await admin.disconnect();
    const service = await NestFactory.createMicroservice(SlowModule, {
      // Above the idle fetch's 5 s wait, below the batch's 9 s.
      strategy: new EventLogServer({ kafka, groupId: uniqueName('event-log-slow'), sessionTimeoutMs: 6_000 }),
      logger: false,
    });
    await service.listen();
    try {
      const producer = createIdempotentProducer(kafka);
      await producer.connect();
      await producer.send({ topic: slowTopic, acks: -1, messages: [1, 2, 3].map((position) => ({ value: JSON.stringify({ position }) })) });
      await producer.disconnect();
      await eventually(() => calls.length === 1);
      await new Promise((r) => setTimeout(r, 15_000)); // the slow batch, and time for a redelivery to show
      expect(calls).toEqual([[1, 2, 3]]);
    } finally {
      await service.close();
    }
  }, 60_000);
});

describe('EventLogServer, offsets committed on a timer', () => {
  const quietTopic = uniqueName('event-log-server-commits');
  const seen: number[] = [];

  @Controller()
  class CountingConsumer {
    @EventPattern(quietTopic)
    async onEvent(@Payload() event: { position: number }): Promise<void> {
      seen.push(event.position);
    }
  }
  @Module({ controllers: [CountingConsumer] })
  class CountingModule {}

  it('commits nothing per handled batch, and everything handled when it is closed', async () => {
    const kafka = createKafka(uniqueName('event-log-commits'), integrationEnvironment().kafkaBrokers);
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [{ topic: quietTopic, numPartitions: 3 }]);
    const groupId = uniqueName('event-log-commits');
    const committed = async () => (await admin.fetchOffsets({ groupId, topics: [quietTopic] }))[0]?.partitions.map((p) => p.offset).sort();
    const service = await NestFactory.createMicroservice(CountingModule, {
      // Longer than the test: only the close commits.
      strategy: new EventLogServer({ kafka, groupId, commitIntervalMs: 120_000 }),
      logger: false,
    });
    await service.listen();
    try {
      const producer = createIdempotentProducer(kafka);
      await producer.connect();
      // One message per produce request: several fetched batches per partition.
      for (let position = 1; position <= 9; position++) {
        await producer.send({ topic: quietTopic, acks: -1, messages: [{ partition: position % 3, value: JSON.stringify({ position }) }] });
      }
      await producer.disconnect();
      await eventually(() => seen.length === 9);
      expect((await committed())?.every((offset) => offset !== '3')).toBe(true);
    } finally {
      await service.close();
    }
    expect(await committed()).toEqual(['3', '3', '3']);
    await admin.disconnect();
  }, 60_000);
});

describe('EventLogServer, stopped while the log is quiet', () => {
  const idleTopic = uniqueName('event-log-server-idle');

  @Controller()
  class IdleConsumer {
    readonly seen: unknown[] = [];

    @EventPattern(idleTopic)
    async onEvent(@Payload() event: unknown): Promise<void> {
      this.seen.push(event);
    }
  }
  @Module({ controllers: [IdleConsumer] })
  class IdleModule {}

  it('closes without waiting out a 5 s fetch: the broker holds a fetch at most FETCH_WAIT_MS (ADR 0031)', async () => {
    const kafka = createKafka(uniqueName('event-log-idle'), integrationEnvironment().kafkaBrokers);
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [{ topic: idleTopic, numPartitions: 3 }]);
    await admin.disconnect();
    const server = new EventLogServer({ kafka, groupId: uniqueName('event-log-idle') });
    const service = await NestFactory.createMicroservice(IdleModule, { strategy: server, logger: false });
    await service.listen();
    // Closed just as a fetch of the empty topic starts: kafkajs's stop waits for that fetch.
    const consumer = server.unwrap<Consumer>();
    await new Promise<void>((resolve) => {
      const stopListening = consumer.on(consumer.events.FETCH_START, () => {
        stopListening();
        resolve();
      });
    });
    const started = Date.now();
    await service.close();
    // kafkajs's default long poll (5 s) takes ~5 s here; FETCH_WAIT_MS 1 s plus leaving the group well under 3.
    expect(Date.now() - started).toBeLessThan(FETCH_WAIT_MS + 2_000);
  }, 60_000);
});

describe('EventLogServer, the partitions of a fetch handed to a batch handler together', () => {
  const jointTopic = uniqueName('event-log-server-joint');
  const calls: Array<Array<{ partition: number; position: number }>> = [];
  const taken: Array<{ partition: number; position: number }> = [];

  @Controller()
  class JointConsumer {
    /** All or nothing, like a projector's transaction. */
    @EventPattern(jointTopic, deliveredInBatches)
    async onEvents(@Payload() events: Array<{ partition: number; position: number; poison?: boolean }>): Promise<void> {
      calls.push(events.map(({ partition, position }) => ({ partition, position })));
      if (events.some((event) => event.poison)) throw Object.assign(new Error('data.hours: must be <= 9'), { code: 'VALIDATION' });
      taken.push(...events);
    }
  }
  @Module({ controllers: [JointConsumer] })
  class JointModule {}

  const positionsOf = (events: Array<{ partition: number; position: number }>, partition: number) =>
    events.filter((event) => event.partition === partition).map((event) => event.position);

  it('hands what three partitions hold in one call, each in order; a poison one fails the call, then only it is refused', async () => {
    const kafka = createKafka(uniqueName('event-log-joint'), integrationEnvironment().kafkaBrokers);
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [{ topic: jointTopic, numPartitions: 3 }]);
    await admin.disconnect();
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const send = (positions: number[], poison?: { partition: number; position: number }) =>
      producer.send({
        topic: jointTopic,
        acks: -1,
        messages: [0, 1, 2].flatMap((partition) =>
          positions.map((position) => ({ partition, value: JSON.stringify({ partition, position, poison: poison?.partition === partition && poison.position === position }) })),
        ),
      });
    // In the log before the consumer starts: its first fetch holds all three partitions.
    await send([1, 2, 3, 4]);
    const service = await NestFactory.createMicroservice(JointModule, {
      strategy: new EventLogServer({ kafka, groupId: uniqueName('event-log-joint'), maxAttempts: 1 }),
      logger: false,
    });
    await service.listen();
    try {
      await eventually(() => taken.length === 12);
      expect(calls).toHaveLength(1);
      for (const partition of [0, 1, 2]) expect(positionsOf(calls[0] ?? [], partition)).toEqual([1, 2, 3, 4]);

      await send([5, 6, 7], { partition: 1, position: 6 });
      await eventually(() => taken.length === 12 + 8);
      await new Promise((r) => setTimeout(r, 500)); // a ninth would show up here
      for (const partition of [0, 2]) expect(positionsOf(taken, partition)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(positionsOf(taken, 1)).toEqual([1, 2, 3, 4, 5, 7]);
    } finally {
      await service.close();
      await producer.disconnect();
    }
  }, 60_000);
});

describe('EventLogServer, lingering between fetches', () => {
  const lingerTopic = uniqueName('event-log-server-linger');
  const calls: number[][] = [];

  @Controller()
  class LingeringConsumer {
    @EventPattern(lingerTopic, deliveredInBatches)
    async onEvents(@Payload() events: Array<{ position: number }>): Promise<void> {
      calls.push(events.map((event) => event.position));
    }
  }
  @Module({ controllers: [LingeringConsumer] })
  class LingeringModule {}

  it('gathers the events that come while it lingers (lingerMs after a fetch started) into one call; one after a quiet spell is handled at once', async () => {
    const kafka = createKafka(uniqueName('event-log-linger'), integrationEnvironment().kafkaBrokers);
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [{ topic: lingerTopic, numPartitions: 3 }]);
    await admin.disconnect();
    const lingerMs = 1_500;
    const service = await NestFactory.createMicroservice(LingeringModule, {
      strategy: new EventLogServer({ kafka, groupId: uniqueName('event-log-linger'), lingerMs }),
      logger: false,
    });
    await service.listen();
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const send = (position: number) => producer.send({ topic: lingerTopic, acks: -1, messages: [{ partition: position % 3, value: JSON.stringify({ position }) }] });
    try {
      await new Promise((r) => setTimeout(r, 2_000)); // the group joined, its fetches waiting on a quiet log
      const quietSent = Date.now();
      await send(1);
      await eventually(() => calls.length === 1, 10_000);
      // The fetch that brought it had waited on the quiet log: no linger before it was handled.
      expect(Date.now() - quietSent).toBeLessThan(lingerMs);
      // One every 100 ms: without a linger, a fetch and a call each (or nearly).
      for (let position = 2; position <= 8; position++) {
        await send(position);
        await new Promise((r) => setTimeout(r, 100));
      }
      await eventually(() => calls.flat().length === 8, 10_000);
      expect(calls.flat().sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(calls.length).toBeLessThanOrEqual(3);
    } finally {
      await producer.disconnect();
      await service.close();
    }
  }, 60_000);
});
