import { type Admin, type Kafka } from 'kafkajs';
import { topicDefinitions, Topics } from '@prestaflow/contracts';
import { createIdempotentProducer, createKafka, createTopics, ensureTopics } from './kafka-client';
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
});
