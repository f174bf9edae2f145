import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { lastValueFrom, isObservable } from 'rxjs';
import { Topics } from '@prestaflow/contracts';
import { withLogBindings } from '../logging/logging';
import { createConsumer, createIdempotentProducer, runRestartingAfterCrash } from './kafka-client';

export interface EventLogServerOptions {
  readonly kafka: Kafka;
  /** One consumer group per service: each service sees every event once. */
  readonly groupId: string;
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
  /** The most messages a batch handler gets at once (100: one projector transaction then costs ~0.08 ms per event), shared by the partitions handled at once. */
  readonly maxBatchSize?: number;
  /** How long the broker waits for a heartbeat before it gives the partitions to another member. */
  readonly sessionTimeoutMs?: number;
  /** Told of each message sent to the dead-letter topic, once the broker took it (the service's counter, ADR 0024). */
  readonly onDeadLetter?: (context: EventLogContext) => void;
  /**
   * How often handled offsets are committed, in ms (default 1000; also once 1000 are handled, and
   * on stop). Consumers skip a redelivered event by its stream position or event id, so a longer
   * interval only means more redelivery after a crash, and a consumer lag (metric) that far behind.
   */
  readonly commitIntervalMs?: number;
  /**
   * How many partitions' fetched batches are handled at once (default 4), each partition still in
   * order, so at most 4 handler calls and 4 of the pool's 10 connections. A batch handler gets those
   * that arrive together in one call (`deliveredInBatches`), one transaction for them; 1 hands them
   * over one after another.
   */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * The least time from one fetch's start to the next's, in ms (default 0): a fetch handled sooner
   * waits out the rest before kafkajs fetches again, so that at a steady rate the events of that
   * while come in one fetch and one handler call (one transaction) rather than one by one. A fetch
   * that waited for events (a quiet log) is handled at once. For consumers a few ms later costs
   * nothing (bench/README.md, sixth round).
   */
  readonly lingerMs?: number;
}

/** Handled offsets committed once this many are pending, whatever the interval: bounds redelivery while catching up. */
const commitThreshold = 1000;

/**
 * `@EventPattern(topic, deliveredInBatches)`: the handler gets several messages at once,
 * `(payloads[], contexts[])`, for one transaction per batch (projections): consecutive messages of
 * each partition, those of the partitions handled at the same time one after another (the order
 * within a partition kept, so within a prestation's stream too). If the batch fails, each
 * partition's messages are delivered again one at a time (`([payload], [context])`) with the
 * bounded retries, so only a poison message is dead-lettered and the others go on.
 */
export const deliveredInBatches = { eventLogBatches: true } as const;

/** What a handler receives besides the payload: where the message sits in the log. */
export interface EventLogContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
}

/**
 * A NestJS transport for the event log, used instead of the stock ServerKafka because that one
 * commits past an event nobody handles and blocks a partition forever on a handler that keeps
 * throwing. Here `@EventPattern(topic)` handlers get each message in partition order; a failing
 * message is retried a bounded number of times (a VALIDATION error not at all), then sent to the
 * dead-letter topic with its error, and the partition moves on. Handlers marked
 * `deliveredInBatches` get several messages at once; every handler's offsets are committed only
 * once it returned, on a timer rather than per batch (`commitIntervalMs`). Whatever is logged while a message is handled carries its topic, partition
 * and offset, and the event's correlationId and eventId (ADR 0024).
 */
export class EventLogServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(EventLogServer.name);
  private consumer?: Consumer;
  private producer?: Producer;
  private commitTimer?: NodeJS.Timeout;
  private endRestarts?: () => void;
  /**
   * Commits the handled offsets kafkajs holds: when due (interval or threshold), or all of them.
   * Taken from the latest delivered batch, since kafkajs hands its commit functions only to
   * `eachBatch` (they follow the group's current generation and assignment, unlike offsets of our own).
   */
  private commitHandled?: (all: boolean) => Promise<void>;
  private closing = false;
  private committing?: Promise<void>;
  /** The commit of everything handled that callers waiting for one under way share (`commit(true)`). */
  private nextCommitOfAll?: Promise<void>;
  /** How many partitions of each topic this member was assigned at its last join. */
  private assigned = new Map<string, number>();
  /** performance.now() when kafkajs last started a fetch. */
  private fetchStartedAt = 0;
  /** Per batch handler, the call that partitions handled at this moment join (`deliverJointly`). */
  private readonly gathering = new Map<MessageHandler, JointCall>();

  constructor(private readonly options: EventLogServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const topics = [...this.getHandlers().keys()];
    if (topics.length === 0) return; // a service that only answers HTTP consumes nothing
    this.producer = createIdempotentProducer(this.options.kafka);
    await this.producer.connect();
    this.consumer = createConsumer(this.options.kafka, this.options.groupId, this.options.sessionTimeoutMs);
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    this.consumer.on(this.consumer.events.FETCH_START, () => {
      this.fetchStartedAt = performance.now();
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned = new Map(Object.entries(payload.memberAssignment).map(([topic, partitions]) => [topic, partitions.length]));
    });
    const commitIntervalMs = this.options.commitIntervalMs ?? 1_000;
    const run = {
      // Offsets are resolved here, once handled: never past a message still being handled.
      eachBatchAutoResolve: false,
      // kafkajs's autoCommit sends an OffsetCommit after every handled batch, even of one message
      // (one per event per group at a steady rate): commits are on the interval/threshold instead.
      autoCommit: false,
      autoCommitInterval: commitIntervalMs,
      autoCommitThreshold: commitThreshold,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 4,
      eachBatch: async (payload: EachBatchPayload) => this.deliverFetched(payload),
    };
    this.endRestarts = await runRestartingAfterCrash(this.consumer, run, (error, restarted) => {
      // A crashed run goes on in a new generation: the timer must not keep committing through the
      // old one's functions, each try waiting out its retries meanwhile.
      this.commitHandled = undefined;
      this.logger.error(`consumer of ${this.options.groupId} crashed (${error.message}); ${restarted ? 'kafkajs restarts it' : 'starting it again'}`);
    });
    // No batch comes once the log is quiet: the timer commits what the last ones left.
    this.commitTimer = setInterval(() => void this.commit(false), commitIntervalMs);
    this.commitTimer.unref();
  }

  /**
   * One commit at a time: a timer tick while one is under way (a slow broker) adds none; `all`
   * (closing) waits its turn, and the callers for `all` that wait meanwhile share one commit: when
   * the service stops, the partitions being handled each commit as they end.
   */
  private commit(all: boolean): Promise<void> {
    if (!all) return this.committing ? Promise.resolve() : this.startCommit(false);
    this.nextCommitOfAll ??= (this.committing ?? Promise.resolve()).then(() => {
      this.nextCommitOfAll = undefined;
      return this.startCommit(true);
    });
    return this.nextCommitOfAll;
  }

  private startCommit(all: boolean): Promise<void> {
    const committing = this.commitOnce(all).finally(() => {
      if (this.committing === committing) this.committing = undefined;
    });
    this.committing = committing;
    return committing;
  }

  private async commitOnce(all: boolean): Promise<void> {
    try {
      await this.commitHandled?.(all);
    } catch (error) {
      // A rebalance or a broker away: the next commit carries these offsets, or they are delivered again.
      this.logger.warn(`committing offsets failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async deliverFetched(fetched: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary, uncommittedOffsets } = fetched;
    const commitHandled = (all: boolean) => (all ? commitOffsetsIfNecessary(uncommittedOffsets()) : commitOffsetsIfNecessary());
    this.commitHandled = commitHandled;
    const handler = this.getHandlerByPattern(batch.topic);
    if (!handler) return;
    const batched = takesBatches(handler);
    for (const { messages, last } of chunksOf(batched ? this.shareOfBatch(batch.topic) : 1, batch.messages)) {
      // Stopping, or the partition was moved (seek): the rest is fetched again.
      if (!isRunning() || isStale()) break;
      if (batched) await whileBeating(heartbeat, () => this.deliverBatch(handler, batch.topic, batch.partition, messages));
      else await this.deliver(handler, batch.topic, batch.partition, last);
      resolveOffset(last.offset);
      await heartbeat().catch(async (error: unknown) => {
        // A rebalance: what was handled is committed before the partitions go, as kafkajs's autoCommit
        // does (the same error types); not with the broker away, where a commit only waits out its retries.
        if (isRebalancing(error)) await commitHandled(true).catch(() => undefined);
        throw error;
      });
      await commitHandled(false);
    }
    // Closing: the group is left after this batch, so what it handled is committed now. Not when
    // kafkajs stops the run after a crash (broker away): it restarts and the timer commits later.
    if (this.closing && !isRunning()) await this.commit(true);
    else if (!this.closing) await this.linger();
  }

  /** Holds the next fetch back until `lingerMs` after this one started (kafkajs fetches again once every batch of a fetch is handled). */
  private async linger(): Promise<void> {
    const leftMs = this.fetchStartedAt + (this.options.lingerMs ?? 0) - performance.now();
    if (leftMs > 0) await new Promise((resolve) => setTimeout(resolve, leftMs));
  }

  /**
   * How many messages of one partition of `topic` go into a call: `maxBatchSize` (100) shared by
   * the partitions that can be handled at once (those of the topic this member was assigned, at
   * most `partitionsConsumedConcurrently`), so that a call of all of them stays within it and,
   * when the service stops, what kafkajs already handed out is one call's worth, not one per
   * partition. A member of a one-partition topic gets whole batches.
   */
  private shareOfBatch(topic: string): number {
    const sharing = Math.min(this.assigned.get(topic) ?? 1, this.options.partitionsConsumedConcurrently ?? 4);
    return Math.max(1, Math.floor((this.options.maxBatchSize ?? 100) / Math.max(1, sharing)));
  }

  /** One call for the whole batch (joined by other partitions'); if it fails, each message on its own with the bounded retries. */
  private async deliverBatch(handler: MessageHandler, topic: string, partition: number, messages: readonly KafkaMessage[]): Promise<void> {
    try {
      await this.deliverJointly(handler, topic, {
        partition,
        offsets: `${messages[0]?.offset}..${messages.at(-1)?.offset}`,
        payloads: messages.map(payloadOf),
        contexts: messages.map((message) => contextOf(topic, partition, message)),
      });
      return;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const offsets = messages.map((message) => message.offset);
      this.logger.warn(`${topic}[${partition}]@${offsets[0]}..${offsets.at(-1)}: batch failed (${reason}); delivering its messages one at a time`);
    }
    for (const message of messages) await this.deliver(handler, topic, partition, message);
  }

  /**
   * The batches of the partitions kafkajs hands over together (up to
   * `partitionsConsumedConcurrently` at once) go to the handler in one call, made once the
   * current turn of the event loop has let them all arrive: one transaction for them instead of
   * one per partition (bench/README.md, "A cheaper encode, fourth round").
   * At most `maxBatchSize` messages a call; a call that fails fails for every partition in it.
   */
  private deliverJointly(handler: MessageHandler, topic: string, part: JointPart): Promise<void> {
    const open = this.gathering.get(handler);
    if (open && open.size + part.payloads.length <= (this.options.maxBatchSize ?? 100)) {
      open.parts.push(part);
      open.size += part.payloads.length;
      return open.handled;
    }
    const joint: JointCall = { parts: [part], size: part.payloads.length, handled: Promise.resolve() };
    this.gathering.set(handler, joint);
    joint.handled = new Promise((resolve) => setImmediate(resolve)).then(() => {
      if (this.gathering.get(handler) === joint) this.gathering.delete(handler);
      const { parts } = joint;
      const bindings = parts.length === 1 ? { topic, partition: part.partition, offsets: part.offsets } : { topic, offsets: parts.map((p) => `${p.partition}@${p.offsets}`).join(' ') };
      return withLogBindings(bindings, () => call(handler, parts.flatMap((p) => p.payloads), parts.flatMap((p) => p.contexts)));
    });
    return joint.handled;
  }

  private deliver(handler: MessageHandler, topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const context = contextOf(topic, partition, message);
    return withLogBindings({ topic, partition, offset: message.offset, ...correlationOf(message) }, () => this.deliverOne(handler, context, message));
  }

  private async deliverOne(handler: MessageHandler, context: EventLogContext, message: KafkaMessage): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const payload = payloadOf(message);
        await (takesBatches(handler) ? call(handler, [payload], [context]) : call(handler, payload, context));
        return;
      } catch (error) {
        lastError = error;
        // A message the contracts refuse will be refused again: no use retrying it.
        if ((error as { code?: unknown } | null)?.code === 'VALIDATION') break;
        if (attempt < maxAttempts) await delay((this.options.retryDelayMs ?? 200) * 2 ** (attempt - 1));
      }
    }
    await this.deadLetter(context, message, lastError);
  }

  private async deadLetter(context: EventLogContext, message: KafkaMessage, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    this.logger.error(`dead-lettering ${context.topic}[${context.partition}]@${context.offset}: ${reason}`);
    if (!this.producer) throw new Error('EventLogServer: dead letter while not listening');
    await this.producer.send({
      topic: Topics.DeadLetters,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            'x-original-topic': context.topic,
            'x-original-partition': String(context.partition),
            'x-original-offset': context.offset,
            'x-consumer-group': this.options.groupId,
            'x-error': reason,
            'x-error-code': typeof code === 'string' ? code : 'UNEXPECTED',
          },
        },
      ],
    });
    this.options.onDeadLetter?.(context);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.commitTimer);
    // What was handled before a quiet spell; a batch still being handled commits its own on its way out.
    await this.commit(true);
    this.endRestarts?.();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }

  on(): never {
    throw new Error('EventLogServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}

/** One partition's share of a joint call: its consecutive messages, parsed. */
interface JointPart {
  readonly partition: number;
  readonly offsets: string;
  readonly payloads: unknown[];
  readonly contexts: EventLogContext[];
}

interface JointCall {
  readonly parts: JointPart[];
  size: number;
  handled: Promise<void>;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function takesBatches(handler: MessageHandler): boolean {
  return handler.extras?.['eventLogBatches'] === true;
}

/** Consecutive slices of at most `size` messages, each with its last one (the offset to resolve). */
function* chunksOf(size: number, messages: readonly KafkaMessage[]): Generator<{ messages: KafkaMessage[]; last: KafkaMessage }> {
  for (let start = 0; start < messages.length; start += size) {
    const slice = messages.slice(start, start + size);
    const last = slice.at(-1);
    if (last) yield { messages: slice, last };
  }
}

function payloadOf(message: KafkaMessage): unknown {
  return message.value ? JSON.parse(message.value.toString()) : null;
}

/** The event's correlationId and eventId for the logs; none from a message that is not a JSON event. */
function correlationOf(message: KafkaMessage): { correlationId?: unknown; eventId?: unknown } {
  try {
    const { correlationId, eventId } = (payloadOf(message) ?? {}) as Record<string, unknown>;
    return { correlationId, eventId };
  } catch {
    return {};
  }
}

function contextOf(topic: string, partition: number, message: KafkaMessage): EventLogContext {
  return { topic, partition, offset: message.offset, key: message.key?.toString() ?? null };
}

async function call(handler: MessageHandler, payload: unknown, context: unknown): Promise<void> {
  const result: unknown = await handler(payload, context);
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}

/**
 * Heartbeats while a batch is handled, so that a long one (a slow transaction, a database being
 * waited for) keeps its partitions. kafkajs sends one only when the interval has passed; a failed
 * one (a rebalance) is left to the heartbeat after the batch, which lets kafkajs rejoin.
 */
async function whileBeating<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), 500);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** kafkajs's own test for a heartbeat refused because the group is rebalancing (its runner commits then). */
function isRebalancing(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'NOT_COORDINATOR_FOR_GROUP' || type === 'ILLEGAL_GENERATION';
}
