import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createMailer, type Mailer } from '@prestaflow/mail';
import { Leases } from '@prestaflow/platform';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { type PlannedNotification } from './planner';
import { PushSender, type PushSubscriptionKeys } from './push-sender';

interface PendingRow {
  event_id: string;
  recipient: string;
  channel: string;
  company_id: string;
  address: string | null;
  language: string;
  subject: string;
  body_text: string;
  body_html: string;
  message_id: string;
  attempts: number;
}

export interface LoggedNotification {
  readonly eventId: string;
  readonly recipient: string;
  readonly channel: string;
  readonly reason: string;
  readonly address: string | null;
  readonly language: string;
  readonly subject: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastError: string | null;
}

export interface BouncedAddress {
  readonly address: string;
  readonly recipient: string;
  readonly companyId: string;
  readonly detail: string;
  readonly bouncedAt: string;
}

const MAX_BACKOFF_MS = 3_600_000;

type Outcome = { readonly status: 'SENT' | 'BOUNCED' | 'RETRY'; readonly detail: string };

const keyOf = (row: PendingRow) => [row.event_id, row.recipient, row.channel];

/**
 * The notification log and the one way e-mails leave: a row is recorded (keyed by event,
 * recipient and channel) before anything is sent, then claimed with a lease, sent and marked.
 * Replays and redeliveries find the row and send nothing; a mail server that is down leaves the
 * row pending with a back-off, and the retry loop sends it later. A crash between the SMTP
 * server's acceptance and the mark sends it again, with the same Message-ID (docs/adr/0005).
 */
@Injectable()
export class NotificationLog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationLog.name);
  private readonly mailer: Mailer | null;
  private readonly push: PushSender | null;
  private readonly leases: Leases<PendingRow>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {
    // One attempt, each wait bounded, so a delivery ends well inside the lease (config.ts); the
    // partition does not wait either: the retry loop takes over with its back-off.
    this.mailer = config.smtpUrl ? createMailer(config.smtpUrl, config.mailFrom, { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 }, config.smtpTimeoutMs) : null;
    if (!this.mailer) this.logger.warn('SMTP_URL is not set: e-mails are recorded and stay pending');
    this.push = config.vapid ? new PushSender(config.vapid, config.pushCa) : null;
    this.leases = new Leases(dataSource, { table: 'notifications', key: ['event_id', 'recipient', 'channel'], token: 'lease', until: 'next_attempt_at' });
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.mailer?.close();
  }

  /** Records what is not recorded yet; returns how many rows were new. */
  async record(planned: readonly PlannedNotification[]): Promise<number> {
    if (planned.length === 0) return 0;
    const inserted = (await this.dataSource.query(
      `INSERT INTO notifications (event_id, recipient, channel, reason, prestation_id, company_id, address, language, subject,
                                  body_text, body_html, message_id, status, last_error)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS n(event_id text, recipient text, channel text, reason text, prestation_id text,
         company_id text, address text, language text, subject text, body_text text, body_html text, message_id text, status text, last_error text)
       ON CONFLICT (event_id, recipient, channel) DO NOTHING
       RETURNING event_id`,
      [
        JSON.stringify(
          planned.map((n) => ({
            event_id: n.eventId,
            recipient: n.recipient,
            channel: n.channel,
            reason: n.reason,
            prestation_id: n.prestationId,
            company_id: n.companyId,
            address: n.address,
            language: n.language,
            subject: n.subject,
            body_text: n.text,
            body_html: n.html,
            message_id: n.messageId,
            status: n.status,
            last_error: n.lastError,
          })),
        ),
      ],
    )) as unknown[];
    return inserted.length;
  }

  /** Sends the pending e-mails that are due (of one event, or all); returns how many left the pending state. */
  async sendPending(eventId?: string): Promise<number> {
    const channels = [...(this.mailer ? ['EMAIL'] : []), ...(this.push ? ['PUSH'] : [])];
    if (channels.length === 0) return 0;
    let settled = 0;
    for (;;) {
      // Claimed with a lease (ADR 0022): no transaction stays open during SMTP, since any open
      // one holds back the event relay (ADR 0004, 0005).
      const { token: lease, rows: claimed } = await this.leases.claim({
        where: `c.status = 'PENDING' AND c.channel = ANY($2) AND ($1::text IS NULL OR c.event_id = $1)`,
        params: [eventId ?? null, channels],
        order: 'c.next_attempt_at',
        limit: 10,
        leaseMs: this.config.leaseMs,
      });
      let done = 0;
      for (const row of claimed) {
        // The batch's lease may have run out while the rows before this one were sent.
        if (!(await this.renew(row, lease))) continue;
        const outcome = row.channel === 'PUSH' ? await this.deliverPush(row) : await this.deliver(row);
        await this.mark(row, outcome, lease);
        if (outcome.status !== 'RETRY') done++;
      }
      settled += done;
      if (claimed.length === 0 || done === 0 || this.stopped) return settled;
    }
  }

  /**
   * A full lease for the row's send, if the row is still pending under this claim; false when its
   * lease ran out and another instance claimed it (that one sends it), or it was settled meanwhile.
   */
  private renew(row: PendingRow, lease: string): Promise<boolean> {
    return this.leases.renew(keyOf(row), lease, this.config.leaseMs, `status = 'PENDING'`);
  }

  private async deliver(row: PendingRow): Promise<Outcome> {
    if (!this.mailer) return { status: 'RETRY', detail: 'SMTP_URL is not set' };
    if (!row.address) return { status: 'BOUNCED', detail: 'no address' };
    try {
      const delivery = await this.mailer.deliver({
        to: row.address,
        subject: row.subject,
        text: row.body_text,
        html: row.body_html,
        language: row.language,
        messageId: row.message_id,
      });
      return delivery.outcome === 'sent' ? { status: 'SENT', detail: delivery.response } : { status: 'BOUNCED', detail: delivery.reason };
    } catch (error) {
      // MailServerUnavailableError, or anything else on the way: kept pending, never dead-lettered.
      return { status: 'RETRY', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** To every device the worker registered: sent when one took it; expired subscriptions are removed. */
  private async deliverPush(row: PendingRow): Promise<Outcome> {
    if (!this.push) return { status: 'RETRY', detail: 'no VAPID keys' };
    const workerId = row.recipient.replace(/^worker:/, '');
    const subscriptions = (await this.dataSource.query('SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE worker_id = $1 ORDER BY endpoint', [
      workerId,
    ])) as PushSubscriptionKeys[];
    let sent = 0;
    const failures: string[] = [];
    for (const subscription of subscriptions) {
      const outcome = await this.push.send(subscription, row.body_text);
      if (outcome.outcome === 'sent') sent++;
      else if (outcome.outcome === 'gone') await this.dataSource.query('DELETE FROM push_subscriptions WHERE endpoint = $1', [subscription.endpoint]);
      else failures.push(outcome.reason);
    }
    if (sent > 0) return { status: 'SENT', detail: `${sent} device(s)` };
    if (failures.length > 0) return { status: 'RETRY', detail: failures.join('; ') };
    return { status: 'BOUNCED', detail: 'no live push subscription' };
  }

  /** The worker app registers (or refreshes) a device's subscription. */
  async subscribe(workerId: string, subscription: PushSubscriptionKeys): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO push_subscriptions (endpoint, worker_id, p256dh, auth) VALUES ($1, $2, $3, $4)
       ON CONFLICT (endpoint) DO UPDATE SET worker_id = $2, p256dh = $3, auth = $4`,
      [subscription.endpoint, workerId, subscription.p256dh, subscription.auth],
    );
  }

  /** Settles a sent or refused row whoever holds it; a retry is scheduled only under this claim. */
  private async mark(row: PendingRow, outcome: Outcome, lease: string): Promise<void> {
    const key = keyOf(row);
    if (outcome.status === 'RETRY') {
      const delay = Math.min(MAX_BACKOFF_MS, this.config.backoffMs * 2 ** row.attempts);
      this.logger.warn(`${row.message_id} to ${row.address}: ${outcome.detail}; next attempt in ${delay} ms`);
      await this.leases.release([keyOf(row)], lease, `attempts = attempts + 1, last_error = $1, next_attempt_at = now() + ($2::int * interval '1 millisecond')`, [
        outcome.detail,
        delay,
      ]);
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE notifications SET status = $4, attempts = attempts + 1, sent_at = CASE WHEN $4 = 'SENT' THEN now() END,
                last_error = CASE WHEN $4 = 'BOUNCED' THEN $5 END
         WHERE event_id = $1 AND recipient = $2 AND channel = $3`,
        [...key, outcome.status, outcome.detail],
      );
      if (outcome.status === 'BOUNCED' && row.channel === 'EMAIL') {
        await manager.query(
          `INSERT INTO bounced_addresses (address, recipient, company_id, detail) VALUES ($1, $2, $3, $4)
           ON CONFLICT (address, company_id) DO UPDATE SET recipient = $2, detail = $4, bounced_at = now()`,
          [row.address, row.recipient, row.company_id, outcome.detail],
        );
      }
    });
  }

  async ofPrestation(prestationId: string): Promise<LoggedNotification[]> {
    const rows = (await this.dataSource.query(
      `SELECT event_id AS "eventId", recipient, channel, reason, address, language, subject, status, attempts, last_error AS "lastError"
       FROM notifications WHERE prestation_id = $1 ORDER BY created_at, recipient`,
      [prestationId],
    )) as LoggedNotification[];
    return rows;
  }

  /** The addresses the mail server refused, as the company sees them. */
  async bounces(companyId: string): Promise<BouncedAddress[]> {
    const rows = (await this.dataSource.query(
      `SELECT address, recipient, company_id AS "companyId", detail, bounced_at AS "bouncedAt"
       FROM bounced_addresses WHERE company_id = $1 ORDER BY bounced_at DESC`,
      [companyId],
    )) as Array<BouncedAddress & { bouncedAt: Date }>;
    return rows.map((row) => ({ ...row, bouncedAt: new Date(row.bouncedAt).toISOString() }));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sendPending()
        .catch((error: unknown) => this.logger.error(`retrying pending e-mails failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.schedule());
    }, this.config.retryIntervalMs);
  }
}
