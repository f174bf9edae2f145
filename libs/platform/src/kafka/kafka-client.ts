import { Kafka, logLevel, type Admin } from 'kafkajs';
import { topicDefinitions } from '@prestaflow/contracts';

/** kafkajs stays behind this folder: one place to change if the client is ever replaced. */
export function createKafka(clientId: string, brokers: readonly string[], retries = 8): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries },
  });
}

/** Creates the platform's topics where missing (idempotent; run by every service at boot). */
export async function ensureTopics(admin: Admin): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topicDefinitions.filter((topic) => !existing.has(topic.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: -1, // the cluster's default: 1 locally, 3 on a real cluster
        configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  return missing.map((topic) => topic.name);
}
