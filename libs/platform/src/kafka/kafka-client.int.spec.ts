import { createHook } from 'node:async_hooks';
import { type Admin, type Kafka } from 'kafkajs';
import { topicDefinitions, Topics } from '@prestaflow/contracts';
import { createIdempotentProducer, createKafka, createTopics, ensureTopics, runRestartingAfterCrash } from './kafka-client';
import { integrationEnvironment, uniqueName } from '../testing/integration';

describe('Kafka, real broker', () => {
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    kafka = createKafka(uniqueName('kafka-test'), integrationEnvironment().kafkaBrokers);
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(() => admin.disconnect());

  it('creates the platform topics with their partitions and infinite retention, idempotently', async () => {
    await ensureTopics(admin);
    expect(await ensureTopics(admin)).toEqual([]);
    const metadata = await admin.fetchTopicMetadata({ topics: [Topics.PrestationEvents] });
    const eventLog = topicDefinitions.find((topic) => topic.name === Topics.PrestationEvents)!;
    expect(metadata.topics[0]!.partitions).toHaveLength(eventLog.partitions);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2 /* TOPIC */, name: Topics.PrestationEvents, configNames: ['retention.ms'] }],
    });
    expect(configs.resources[0]!.configEntries[0]!.configValue).toBe('-1');
  });

  it('leaves an idle connection asleep: no timer re-armed every millisecond once its requests are answered (patches/kafkajs+2.2.4.patch)', async () => {
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    await producer.send({ topic: Topics.DeadLetters, acks: -1, messages: [{ key: 'idle-probe', value: '{}' }] });
    // Timers the process creates during a quiet second: kafkajs 2.2.4 unpatched re-arms a 1 ms
    // timeout per connection forever (tulios/kafkajs#1556), about 1,000 here; patched, a request
    // timeout check every 100 ms per connection remains.
    let timers = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'Timeout' && timers++) }).enable();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    hook.disable();
    await producer.disconnect();
    expect(timers).toBeLessThan(100);
  });

  it('keeps per-prestation order across 3 partitions when keyed by prestation id', async () => {
    const topic = uniqueName('order-test');
    await createTopics(admin, [{ topic, numPartitions: 3 }]);
    const prestations = Array.from({ length: 12 }, (_, i) => `prestation-${i}`);
    const perPrestation = 25;

    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    for (let position = 1; position <= perPrestation; position++) {
      await producer.send({
        topic,
        acks: -1,
        messages: prestations.map((id) => ({ key: id, value: JSON.stringify({ id, position }) })),
      });
    }
    await producer.disconnect();

    const received = new Map<string, number[]>();
    const partitionsSeen = new Set<number>();
    const consumer = kafka.consumer({ groupId: uniqueName('order-group'), sessionTimeout: 10_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const total = prestations.length * perPrestation;
    let count = 0;
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const { id, position } = JSON.parse(message.value!.toString()) as { id: string; position: number };
            expect(message.key!.toString()).toBe(id);
            partitionsSeen.add(partition);
            received.set(id, [...(received.get(id) ?? []), position]);
            if (++count === total) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    expect(partitionsSeen.size).toBe(3);
    const inOrder = Array.from({ length: perPrestation }, (_, i) => i + 1);
    for (const id of prestations) expect(received.get(id)).toEqual(inOrder);
  });

  it('runs a consumer again after a crash kafkajs would not restart (a non-retriable error): the message it crashed on is handled', async () => {
    const topic = uniqueName('crash-test');
    await createTopics(admin, [{ topic, numPartitions: 1 }]);
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'prestation-1', value: 'first' }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('crash-group'), sessionTimeout: 10_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const crashes: boolean[] = [];
    const handled: string[] = [];
    const end = await runRestartingAfterCrash(
      consumer,
      {
        eachMessage: async ({ message }) => {
          // A TypeError is unrecoverable for kafkajs: the crash it causes is one it does not restart.
          if (handled.length === 0 && crashes.length === 0) throw new TypeError('a fault of the handler');
          handled.push(message.value!.toString());
        },
      },
      (_error, restarted) => crashes.push(restarted),
    );
    try {
      const deadline = Date.now() + 30_000;
      while (handled.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(crashes).toEqual([false]);
      expect(handled).toEqual(['first']);
    } finally {
      end();
      await consumer.disconnect();
    }
  }, 60_000);
});
