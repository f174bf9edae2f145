import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql } from '@prestaflow/event-store';
import pLimit from 'p-limit';
import { createMailer, SMTP_EXCHANGE_STEPS } from '@prestaflow/mail';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { type NotificationChannel } from './channels';
import { EmailChannel } from './email-channel';
import { claimSize, NotificationOutbox, type OutboxMessage } from './outbox';
import { type PlannedNotification } from './planner';
import { PushChannel } from './push-channel';
import { PushSender } from './push-sender';
import { PushSubscriptions } from './push-subscriptions';

const MAX_BACKOFF_MS = 3_600_000;

/**
 * The one way notifications leave: recorded in the outbox before anything is sent, then claimed
 * with a lease, handed to their channel (e-mail, Web Push) and marked. A channel that is down
 * leaves the row pending with a back-off, and the retry loop sends it later. A crash between the
 * SMTP server's acceptance and the mark sends it again, with the same Message-ID (docs/adr/0005).
 */
@Injectable()
export class NotificationLog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationLog.name);
  private readonly outbox: NotificationOutbox;
  private readonly channels = new Map<string, NotificationChannel>();
  /**
   * Every send of this instance (the consumer's calls and the retry loop) takes a turn here, as many
   * at once as the mailer has connections: one after another, a consumer call sending a whole
   * fetch's e-mails fell behind the encodes (bench/README.md, fourth round), and more than the
   * pool would wait in its queue, unbounded by the SMTP timeouts the lease counts on (ADR 0005).
   */
  private readonly sends: pLimit.Limit;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    dataSource: DataSource,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {
    this.outbox = new NotificationOutbox(dataSource, config.leaseMs);
    this.sends = pLimit(config.smtpConnections);
    // One attempt, each wait bounded, so a delivery ends well inside the lease (config.ts); the
    // partition does not wait either: the retry loop takes over with its back-off.
    if (config.smtpUrl) {
      const mailer = createMailer(config.smtpUrl, config.mailFrom, { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 }, config.smtpTimeoutMs, config.smtpConnections);
      this.add(new EmailChannel(mailer, SMTP_EXCHANGE_STEPS * config.smtpTimeoutMs));
    } else {
      this.logger.warn('SMTP_URL is not set: e-mails are recorded and stay pending');
    }
    if (config.vapid) this.add(new PushChannel(new PushSender(config.vapid, config.pushCa, config.pushTimeoutMs), new PushSubscriptions(dataSource)));
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    for (const channel of this.channels.values()) channel.close?.();
  }

  /** Records what is not recorded yet (in the caller's transaction when `sql` is one, ADR 0029); returns the ids of the events that had new rows. */
  record(planned: readonly PlannedNotification[], sql?: Sql): Promise<string[]> {
    return this.outbox.record(planned, sql);
  }

  /**
   * Sends the pending notifications that are due (of the events `eventIds`, or all); returns how
   * many left the pending state. Claims up to `claimSize` at a time, until a claim comes back short.
   */
  async sendPending(eventIds?: readonly string[]): Promise<number> {
    if (this.channels.size === 0 || eventIds?.length === 0) return 0;
    let settled = 0;
    for (;;) {
      // No transaction stays open while a channel sends: any open one holds back the event relay (ADR 0004, 0005, 0022).
      // Before the claim is sent: its lease, counted from the database's now(), ends after this plus the lease.
      const claimedAt = performance.now();
      const { token, rows: claimed } = await this.outbox.claim([...this.channels.keys()], eventIds);
      // Every send of the claim ends before this returns, a failed one too (a shutdown waits for them all).
      const outcomes = await Promise.allSettled(claimed.map((message) => this.sends(() => this.send(message, token, claimedAt))));
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      const done = outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value).length;
      settled += done;
      if (claimed.length < claimSize || done === 0 || this.stopped) return settled;
    }
  }

  /**
   * Sends one claimed message and marks it; whether it left the pending state. When what is left of
   * the claim's lease (`claimedAt`, performance.now() ms) might not cover the delivery, the lease is
   * renewed first: it may have run out while the message waited for its turn, and another instance
   * claimed it. Otherwise the claim's lease holds, and a renewal would be a statement per message
   * for nothing (bench/README.md, sixth round).
   */
  private async send(message: OutboxMessage, token: string, claimedAt: number): Promise<boolean> {
    const channel = this.channels.get(message.channel);
    if (!channel) return false;
    const leaseLeftMs = this.config.leaseMs - (performance.now() - claimedAt);
    if (channel.longestDeliveryMs >= leaseLeftMs && !(await this.outbox.renew(message, token))) return false;
    const delivery = await channel.deliver(message);
    if (delivery.status === 'RETRY') {
      const delay = Math.min(MAX_BACKOFF_MS, this.config.backoffMs * 2 ** message.attempts);
      this.logger.warn(`${message.message_id} to ${message.address ?? message.recipient}: ${delivery.detail}; next attempt in ${delay} ms`);
      await this.outbox.retry(message, token, delivery.detail, delay);
      return false;
    }
    await this.outbox.settle(message, { status: delivery.status, detail: delivery.detail });
    return true;
  }

  private add(channel: NotificationChannel): void {
    this.channels.set(channel.name, channel);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sendPending()
        .catch((error: unknown) => this.logger.error(`retrying pending notifications failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.schedule());
    }, this.config.retryIntervalMs);
  }
}
