/**
 * Writes deploy/kubernetes/base/kafka/topics.yaml: one Strimzi KafkaTopic per entry of
 * libs/contracts/src/topics.ts (partitions and configuration from there; replication 3 and
 * min.insync.replicas 2, so an acknowledged write (acks=all) survives the loss of a broker).
 *
 *   node -r @swc-node/register tools/deploy/kafka-topics.ts
 *
 * tools/tests/kubernetes.int.spec.ts fails when the committed file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { topicDefinitions, type TopicDefinition } from '@prestaflow/contracts';
import { stringify } from 'yaml';

export const topicsFile = resolve(__dirname, '../../deploy/kubernetes/base/kafka/topics.yaml');

/** The Strimzi `Kafka` resource the topics belong to (deploy/kubernetes/base/kafka/kafka.yaml). */
export const kafkaClusterName = 'prestaflow';
export const topicReplicas = 3;
export const topicMinInSyncReplicas = 2;

/** A KafkaTopic for one topic; the resource name is the topic name made DNS-safe, `spec.topicName` the real one. */
export function kafkaTopic(topic: TopicDefinition): Record<string, unknown> {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: { name: topic.name.replace(/[^a-z0-9-]/g, '-'), labels: { 'strimzi.io/cluster': kafkaClusterName } },
    spec: {
      topicName: topic.name,
      partitions: topic.partitions,
      replicas: topicReplicas,
      config: { ...topic.config, 'min.insync.replicas': String(topicMinInSyncReplicas) },
    },
  };
}

/** The file's whole text, as committed. */
export function renderTopicsFile(topics: readonly TopicDefinition[] = topicDefinitions): string {
  const header = '# Generated from libs/contracts/src/topics.ts by tools/deploy/kafka-topics.ts: do not edit.\n';
  return header + topics.map((topic) => stringify(kafkaTopic(topic))).join('---\n');
}

if (require.main === module) {
  writeFileSync(topicsFile, renderTopicsFile());
  console.log(`wrote ${topicsFile}`);
}
