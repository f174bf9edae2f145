import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type ConsumerRunConfig, type ITopicConfig, type Producer } from 'kafkajs';
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

/**
 * The only way the platform produces: idempotent, one request in flight (per-key order kept
 * through retries), the Java client's partitioner (so any client finds a key on the same
 * partition), and retries left to the idempotent producer rather than capped.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
  });
}

/**
 * How long the broker may hold a fetch while the log has nothing new, in ms. kafkajs's stop
 * waits for the fetch under way, so this bounds how long closing a consumer on a quiet log
 * takes (kafkajs's 5 s default made a service's close outlast its 5 s budget: ADR 0031). New
 * messages still end the fetch at once, so delivery is no slower; an idle consumer asks once a
 * second.
 */
export const FETCH_WAIT_MS = 1_000;

/**
 * The only way the platform consumes: a member the broker gives up on after `sessionTimeoutMs`
 * without a heartbeat (default 10 s), heartbeating every second, and whose stop waits at most
 * `FETCH_WAIT_MS` for a fetch.
 */
export function createConsumer(kafka: Kafka, groupId: string, sessionTimeoutMs = 10_000): Consumer {
  return kafka.consumer({ groupId, sessionTimeout: sessionTimeoutMs, heartbeatInterval: 1_000, maxWaitTimeInMs: FETCH_WAIT_MS });
}

/** The first pause before a consumer kafkajs left crashed is started again; it doubles on each try until the group is joined again, up to the cap. */
const RESTART_DELAY_MS = 1_000;
const RESTART_DELAY_CAP_MS = 30_000;

/**
 * Runs a consumer, and runs it again whenever it crashes in a way kafkajs does not restart by
 * itself: a non-retriable error, such as KafkaJSGroupCoordinatorNotFound while a restarted broker
 * loads its group offsets (tulios/kafkajs#1445, #1630), otherwise leaves the process up and
 * consuming nothing. `onCrash` hears of every crash (`restarted`: whether kafkajs restarts it
 * itself). Returns what ends the restarts: call it before disconnecting the consumer.
 */
export async function runRestartingAfterCrash(
  consumer: Consumer,
  config: ConsumerRunConfig,
  onCrash: (error: Error, restarted: boolean) => void,
): Promise<() => void> {
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  let delayMs = RESTART_DELAY_MS;
  const runAgain = () => {
    timer = setTimeout(() => {
      if (ended) return;
      // A crashed consumer is disconnected but keeps its subscriptions: connect and run again.
      consumer
        .connect()
        .then(() => (ended ? consumer.disconnect() : consumer.run(config)))
        .catch((error: Error) => {
          onCrash(error, false);
          runAgain();
        });
    }, delayMs).unref(); // a process with nothing else left to do may end meanwhile
    delayMs = Math.min(delayMs * 2, RESTART_DELAY_CAP_MS);
  };
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    onCrash(payload.error, payload.restart);
    if (!payload.restart && !ended) runAgain();
  });
  // Back in its group: the next crash waits the first pause again.
  consumer.on(consumer.events.GROUP_JOIN, () => (delayMs = RESTART_DELAY_MS));
  await consumer.run(config);
  return () => {
    ended = true;
    clearTimeout(timer);
  };
}

/** Creates the platform's topics where missing (idempotent; run by every service at boot). */
export async function ensureTopics(admin: Admin): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topicDefinitions.filter((topic) => !existing.has(topic.name));
  await createTopics(
    admin,
    missing.map((topic) => ({
      topic: topic.name,
      numPartitions: topic.partitions,
      replicationFactor: -1, // the cluster's default: 1 locally, 3 on a real cluster
      configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
    })),
  );
  return missing.map((topic) => topic.name);
}

/**
 * Creates topics and waits until every partition has a leader. kafkajs's own `waitForLeaders`
 * gives up when a KRaft broker answers "does not host this topic-partition" for a new topic
 * during the first few milliseconds, so the waiting is done here.
 */
export async function createTopics(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<void> {
  if (topics.length === 0) return;
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map((topic) => topic.topic);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: names });
      if (found.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics ${names.join(', ')} have no leader after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
