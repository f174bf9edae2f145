import { type IHeaders, type Kafka } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { Topics } from '@prestaflow/contracts';
import { BadEventError, BadEventGuard, type BadEventOptions, guarded } from './bad-events';
import { EventStore } from './event-store';
import { readLogFromStart } from './kafka-log';
import { type Progress } from './operator';
import { type Projection, Projector } from './projection';

/** A message a consumer gave up on, as the platform's EventLogServer dead-letters it. */
export interface DeadLetter {
  readonly offset: string;
  readonly key: string | null;
  readonly consumerGroup: string;
  readonly originalTopic: string;
  readonly originalPartition: number;
  readonly originalOffset: string;
  readonly error: string;
  readonly errorCode: string;
  readonly value: string;
}

const header = (headers: IHeaders | undefined, name: string) => headers?.[name]?.toString() ?? '';

/** Every dead letter on the topic, oldest first per partition; only one consumer group's if given. */
export async function listDeadLetters(kafka: Kafka, consumerGroup?: string, topic: string = Topics.DeadLetters): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  await readLogFromStart({
    kafka,
    topic,
    onBatch: async (messages) => {
      for (const { offset, key, headers, value } of messages) {
        letters.push({
          offset,
          key: key?.toString() ?? null,
          consumerGroup: header(headers, 'x-consumer-group'),
          originalTopic: header(headers, 'x-original-topic'),
          originalPartition: Number(header(headers, 'x-original-partition')),
          originalOffset: header(headers, 'x-original-offset'),
          error: header(headers, 'x-error'),
          errorCode: header(headers, 'x-error-code'),
          value: value?.toString() ?? '',
        });
      }
    },
  });
  return consumerGroup === undefined ? letters : letters.filter((letter) => letter.consumerGroup === consumerGroup);
}

/**
 * Replays dead letters into a projection once its code is fixed: the later events of a stream
 * went on without the poison one, so each affected stream is projected again from its whole
 * history in the event store. Idempotent; returns the streams replayed (progress in streams). A stream that still
 * has a bad event is reported (stream, position, why) and left as it was; then the replay
 * stops (RebuildStoppedError) or, with `onBadEvent: 'skip'`, goes on with the next stream.
 */
export async function replayDeadLetters(
  dataSource: DataSource,
  projection: Projection<object>,
  letters: readonly DeadLetter[],
  options: BadEventOptions & { onProgress?: Progress } = {},
): Promise<string[]> {
  const store = new EventStore(dataSource);
  const projector = new Projector(dataSource, guarded(projection));
  const guard = new BadEventGuard(`replay into ${projection.name}`, options);
  const replayed: string[] = [];
  const streams = [...new Set(letters.flatMap((letter) => letter.key ?? []))];
  for (const [done, streamId] of streams.entries()) {
    options.onProgress?.(done, streams.length);
    try {
      await projector.reproject(streamId, (await store.readStream(streamId)).events);
      replayed.push(streamId);
    } catch (error) {
      if (!(error instanceof BadEventError)) throw error;
      guard.report(error.badEvent);
    }
  }
  options.onProgress?.(streams.length, streams.length);
  return replayed;
}
