import { randomBytes } from 'node:crypto';
import { type Kafka, type KafkaMessage } from 'kafkajs';
import { createConsumer } from '@prestaflow/platform';

export interface ReadLogOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  /** Called with each fetched batch of one partition, in partition order; an error stops the read. */
  readonly onBatch: (messages: KafkaMessage[], partition: number) => Promise<void>;
  readonly partitionsConsumedConcurrently?: number;
  /** Told how many messages the read will go through, before the first batch. */
  readonly onStart?: (total: number) => void;
}

/**
 * Reads a topic from offset 0 up to the end it has when the read starts, then stops. A fresh
 * consumer group that commits nothing: the read leaves no trace and can be repeated.
 */
export async function readLogFromStart({ kafka, topic, onBatch, onStart, partitionsConsumedConcurrently = 1 }: ReadLogOptions): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const ends = new Map(offsets.filter((offset) => Number(offset.high) > Number(offset.low)).map((offset) => [offset.partition, Number(offset.high)]));
  onStart?.(offsets.reduce((sum, offset) => sum + Number(offset.high) - Number(offset.low), 0));
  if (ends.size === 0) return;

  const consumer = createConsumer(kafka, `read-${topic}-${randomBytes(6).toString('hex')}`);
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      consumer
        .run({
          autoCommit: false,
          partitionsConsumedConcurrently,
          eachBatch: async ({ batch, heartbeat }) => {
            const end = ends.get(batch.partition);
            if (failed || end === undefined) return;
            try {
              const messages = batch.messages.filter((message) => Number(message.offset) < end);
              if (messages.length > 0) await onBatch(messages, batch.partition);
            } catch (error) {
              failed = true;
              reject(error);
              return;
            }
            if (Number(batch.lastOffset()) + 1 >= end) {
              consumer.pause([{ topic, partitions: [batch.partition] }]);
              ends.delete(batch.partition);
              if (ends.size === 0) resolve();
            }
            await heartbeat();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}
