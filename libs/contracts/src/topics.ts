/**
 * Every Kafka topic of the platform, in one place (ADR 0003 explains the layout).
 *
 * The event log is one topic keyed by prestation id: per-prestation order is what consumers
 * rely on, and a fixed partition count keeps a key on its partition forever. Retention is
 * infinite so that offset 0 still holds the whole history for rebuilds.
 */
export const Topics = {
  PrestationEvents: 'prestaflow.prestation-events.v1',
  DeadLetters: 'prestaflow.dead-letters.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export interface TopicDefinition {
  readonly name: TopicName;
  readonly partitions: number;
  readonly config: Readonly<Record<string, string>>;
}

const keptForever = { 'retention.ms': '-1', 'retention.bytes': '-1', 'cleanup.policy': 'delete' };

export const topicDefinitions: readonly TopicDefinition[] = [
  { name: Topics.PrestationEvents, partitions: 12, config: keptForever },
  { name: Topics.DeadLetters, partitions: 3, config: keptForever },
];
