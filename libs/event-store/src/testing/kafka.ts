import { type Admin, type Kafka } from 'kafkajs';
import { createKafka, createTopics } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';
import { decodeRecordedEvent } from '../codec';
import { type RecordedEvent } from '../events';
import { readLogFromStart } from '../kafka-log';

export interface TestKafka {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly brokers: string[];
  /** A new topic of its own, 3 partitions unless said otherwise. */
  readonly topic: (prefix: string, partitions?: number) => Promise<string>;
  readonly close: () => Promise<void>;
}

export async function openTestKafka(brokers = integrationEnvironment().kafkaBrokers): Promise<TestKafka> {
  const kafka = createKafka(uniqueName('event-store-test'), brokers);
  const admin = kafka.admin();
  await admin.connect();
  return {
    kafka,
    admin,
    brokers,
    topic: async (prefix, partitions = 3) => {
      const topic = uniqueName(prefix);
      await createTopics(admin, [{ topic, numPartitions: partitions }]);
      return topic;
    },
    close: () => admin.disconnect(),
  };
}

/** Every event on the topic, with its key, partition and offset, in the order the consumer got them. */
export async function eventsOnTopic(kafka: Kafka, topic: string): Promise<Array<RecordedEvent & { key: string; partition: number; offset: number }>> {
  const all: Array<RecordedEvent & { key: string; partition: number; offset: number }> = [];
  await readLogFromStart({
    kafka,
    topic,
    onBatch: async (messages, partition) => {
      for (const message of messages) all.push({ ...decodeRecordedEvent(message.value), key: String(message.key), partition, offset: Number(message.offset) });
    },
  });
  return all;
}

/** Per stream, the stream positions in the order they arrived. */
export function positionsByStream(events: readonly RecordedEvent[]): Map<string, number[]> {
  const byStream = new Map<string, number[]>();
  for (const event of events) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event.streamPosition]);
  return byStream;
}
