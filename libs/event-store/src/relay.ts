import { Logger } from '@nestjs/common';
import { type Kafka, type Producer } from 'kafkajs';
import { createIdempotentProducer } from '@prestaflow/platform';
import { type DataSource, type QueryRunner } from 'typeorm';
import { toMessage } from './codec';
import { EventStore, positionAfter } from './event-store';
import { type LogPosition, START_OF_LOG } from './events';

/** How soon a relay looks again for a notified event held back behind an older transaction (ADR 0004). */
const HELD_BACK_POLL_MS = 50;
/**
 * How long an idle relay waits when no notice wakes it (ADR 0030 as amended): at 50 ms, its 20 reads
 * a second cost an idle platform about 4% of a core (the relay's service and PostgreSQL).
 */
const IDLE_DELAY_MS = 1_000;

/** The pg client under a TypeORM query runner, as far as notices go. */
interface NoticeSource {
  on(event: 'notification', listener: (notice: { channel: string; payload?: string }) => void): unknown;
  on(event: 'end' | 'error', listener: () => void): unknown;
  off(event: 'notification', listener: (notice: { channel: string; payload?: string }) => void): unknown;
  off(event: 'end' | 'error', listener: () => void): unknown;
}

export interface EventRelayOptions {
  readonly dataSource: DataSource;
  readonly kafka: Kafka;
  readonly topic: string;
  /** Names the lock and the checkpoint: relays of one name take turns. */
  readonly name?: string;
  readonly batchSize?: number;
  /**
   * How long an idle relay waits before looking again when no notice wakes it, in ms (1,000 by
   * default): an append on a DataSource notifies the relay once it has committed (ADR 0030, 0032),
   * so this only bounds an append that sent none (inside a caller's transaction, or its process
   * died first) or a lost notice. An event a notice announced but an older transaction holds back
   * (ADR 0004) is looked for again every 50 ms whatever this is.
   */
  readonly idleDelayMs?: number;
  /** How often a waiting relay tries to take the lock. */
  readonly lockPollMs?: number;
  /** The pause after a failure (broker or database away) before starting over from the checkpoint. */
  readonly retryDelayMs?: number;
}

/**
 * Publishes the committed events table to the event-log topic, in commit order, keyed by
 * stream id: the events table is the outbox, so there is never a dual write. Only the holder
 * of a PostgreSQL advisory lock publishes; other instances wait to take over. The checkpoint
 * moves only after the broker acknowledged (acks=all, idempotent producer), on the lock's own
 * connection, so a relay that lost its lock cannot move it. After a crash the last batch may
 * be published again: consumers skip it by stream position.
 */
export class EventRelay {
  private readonly logger = new Logger(EventRelay.name);
  private readonly name: string;
  private stopping = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** An append committed while the relay was reading: its next pause returns at once. */
  private appended = false;
  /**
   * A notice came that no empty read has yet accounted for: if a read finds nothing, the notified
   * event may be held back behind an older transaction (ADR 0004), so the relay looks again soon.
   */
  private noticed = false;
  /** True while this instance holds the lock and publishes. */
  active = false;
  published = 0;

  constructor(private readonly options: EventRelayOptions) {
    this.name = options.name ?? options.topic;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.session();
      } catch (error) {
        this.logger.warn(`relay ${this.name}: ${(error as Error).message}; starting over from the checkpoint`);
        await this.pause(this.options.retryDelayMs ?? 1_000);
      }
    }
  }

  private async session(): Promise<void> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    let producer: Producer | undefined;
    let stopListening: (() => void) | undefined;
    try {
      if (!(await this.lock(runner))) return;
      stopListening = await this.listen(runner);
      // What was notified before this session listened is not known: its first empty read looks for held-back events.
      this.noticed = true;
      producer = createIdempotentProducer(this.options.kafka);
      await producer.connect();
      this.active = true;
      await this.publish(runner, producer);
    } finally {
      this.active = false;
      stopListening?.();
      await producer?.disconnect().catch(() => undefined);
      // Session locks and LISTEN outlive a pooled connection's release: end them first (a broken connection is discarded anyway).
      await runner.query('UNLISTEN *').catch(() => undefined);
      await runner.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      await runner.release();
    }
  }

  private async lock(runner: QueryRunner): Promise<boolean> {
    while (!this.stopping) {
      // Keyed by schema too: tests (and tenants) sharing a database each have their own relay.
      const [row] = (await runner.query(`SELECT pg_try_advisory_lock(hashtext(current_schema() || ':relay:' || $1)) AS locked`, [this.name])) as Array<{
        locked: boolean;
      }>;
      if (row?.locked) return true;
      await this.pause(this.options.lockPollMs ?? 500);
    }
    return false;
  }

  /**
   * Wakes the relay when an append to this schema's events has committed and notified (the
   * `events_appended` notice, ADR 0030, 0032), on the lock's own connection; returns how to stop.
   */
  private async listen(runner: QueryRunner): Promise<() => void> {
    const connection = (runner as unknown as { databaseConnection: NoticeSource }).databaseConnection;
    const [{ schema }] = (await runner.query('SELECT current_schema() AS schema')) as [{ schema: string }];
    const onNotice = ({ channel, payload }: { channel: string; payload?: string }) => {
      if (channel !== 'events_appended' || payload !== schema) return;
      this.noticed = true;
      if (this.wake) this.wake();
      else this.appended = true;
    };
    // A connection lost ends the pause: the next read fails and the session starts over (and listens again).
    const onLost = () => this.wake?.();
    connection.on('notification', onNotice);
    connection.on('end', onLost);
    connection.on('error', onLost);
    await runner.query('LISTEN events_appended');
    return () => {
      connection.off('notification', onNotice);
      connection.off('end', onLost);
      connection.off('error', onLost);
      // A notice of this session says nothing to the next one, which reads first anyway.
      this.appended = false;
      this.noticed = false;
    };
  }

  private async publish(runner: QueryRunner, producer: Producer): Promise<void> {
    const store = new EventStore(runner);
    const [saved] = (await runner.query('SELECT transaction_id::text AS transaction_id, global_position FROM relay_checkpoints WHERE relay = $1', [
      this.name,
    ])) as Array<{ transaction_id: string; global_position: string }>;
    let position: LogPosition = saved ? { transactionId: saved.transaction_id, globalPosition: Number(saved.global_position) } : START_OF_LOG;
    while (!this.stopping) {
      const events = await store.readAll(position, this.options.batchSize ?? 1_000);
      if (events.length === 0) {
        await this.pause(await this.idlePause(store, position));
        continue;
      }
      await producer.send({ topic: this.options.topic, acks: -1, messages: events.map(toMessage) });
      position = positionAfter(events, position);
      await runner.query(
        `INSERT INTO relay_checkpoints (relay, transaction_id, global_position) VALUES ($1, $2::xid8, $3)
         ON CONFLICT (relay) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position, updated_at = now()`,
        [this.name, position.transactionId, position.globalPosition],
      );
      this.published += events.length;
    }
  }

  /**
   * How long to wait after a read found nothing: the idle delay, unless a notice said an append
   * committed and its event is there but not yet readable (held back behind an older transaction,
   * ADR 0004); then a short look again, whatever the idle delay, until it is published.
   */
  private async idlePause(store: EventStore, position: LogPosition): Promise<number> {
    const idle = this.options.idleDelayMs ?? IDLE_DELAY_MS;
    // Cleared before looking: a notice that arrives meanwhile sets it again for the next empty read.
    const noticed = this.noticed;
    this.noticed = false;
    if (!noticed || !(await store.hasEventsAfter(position))) return idle;
    this.noticed = true;
    return Math.min(idle, HELD_BACK_POLL_MS);
  }

  private pause(ms: number): Promise<void> {
    // Stopped while reading: no pause. A notice while reading: the next read at once.
    if (this.stopping) return Promise.resolve();
    if (this.appended) {
      this.appended = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        this.wake = undefined;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
