import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { type Consumer, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { lastValueFrom, isObservable } from 'rxjs';
import { Topics } from '@prestaflow/contracts';
import { createIdempotentProducer } from './kafka-client';

export interface EventLogServerOptions {
  readonly kafka: Kafka;
  /** One consumer group per service: each service sees every event once. */
  readonly groupId: string;
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
}

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
 * dead-letter topic with its error, and the partition moves on.
 */
export class EventLogServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(EventLogServer.name);
  private consumer?: Consumer;
  private producer?: Producer;

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
    this.consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => this.deliver(topic, partition, message),
    });
  }

  private async deliver(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const handler = this.getHandlerByPattern(topic);
    if (!handler) return;
    const context: EventLogContext = { topic, partition, offset: message.offset, key: message.key?.toString() ?? null };
    const maxAttempts = this.options.maxAttempts ?? 5;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const payload: unknown = message.value ? JSON.parse(message.value.toString()) : null;
        const result = await handler(payload, context);
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
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
  }

  async close(): Promise<void> {
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

