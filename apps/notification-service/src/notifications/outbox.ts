import { type DataSource } from 'typeorm';
import { type Sql } from '@prestaflow/event-store';
import { type Claim, Leases } from '@prestaflow/platform';
import { type PlannedNotification } from './planner';

/** A pending notification as claimed from the outbox. */
export interface OutboxMessage {
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

/** What a channel made of one message: settled (sent, refused for good) or to retry later. */
export type Delivery = { readonly status: 'SENT' | 'BOUNCED' | 'RETRY'; readonly detail: string };

/** The most messages a claim takes; a claim that comes back with fewer found every due one. */
export const claimSize = 10;

const keyOf = (message: OutboxMessage) => [message.event_id, message.recipient, message.channel];

/**
 * The notifications table as an outbox: a row is recorded (keyed by event, recipient and
 * channel) before anything is sent, then claimed with a lease (ADR 0022), renewed when its turn
 * comes too late for the claim's lease, and marked. Replays and redeliveries find the row and record nothing.
 */
export class NotificationOutbox {
  private readonly leases: Leases<OutboxMessage>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly leaseMs: number,
  ) {
    this.leases = new Leases(dataSource, { table: 'notifications', key: ['event_id', 'recipient', 'channel'], token: 'lease', until: 'next_attempt_at' });
  }

  /** Records what is not recorded yet (in the caller's transaction when `sql` is one, ADR 0029); returns the ids of the events that had new rows. */
  async record(planned: readonly PlannedNotification[], sql: Sql = this.dataSource): Promise<string[]> {
    if (planned.length === 0) return [];
    const inserted = (await sql.query(
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
    )) as Array<{ event_id: string }>;
    return [...new Set(inserted.map((row) => row.event_id))];
  }

  /** Up to `claimSize` pending messages of `channels` that are due (of the events `eventIds`, or all), under a fresh lease. */
  claim(channels: readonly string[], eventIds?: readonly string[]): Promise<Claim<OutboxMessage>> {
    return this.leases.claim({
      where: `c.status = 'PENDING' AND c.channel = ANY($2) AND ($1::text[] IS NULL OR c.event_id = ANY($1))`,
      params: [eventIds ?? null, channels],
      order: 'c.next_attempt_at',
      limit: claimSize,
      leaseMs: this.leaseMs,
    });
  }

  /**
   * A full lease for the message's send, if it is still pending under this claim; false when its
   * lease ran out and another instance claimed it (that one sends it), or it was settled meanwhile.
   */
  renew(message: OutboxMessage, token: string): Promise<boolean> {
    return this.leases.renew(keyOf(message), token, this.leaseMs, `status = 'PENDING'`);
  }

  /** Schedules the next attempt in `delayMs`, only under this claim. */
  async retry(message: OutboxMessage, token: string, detail: string, delayMs: number): Promise<void> {
    await this.leases.release([keyOf(message)], token, `attempts = attempts + 1, last_error = $1, next_attempt_at = now() + ($2::int * interval '1 millisecond')`, [
      detail,
      delayMs,
    ]);
  }

  /**
   * Settles a sent or refused message whoever holds it; a refused e-mail address is kept for the
   * company (bounced_addresses), in the same transaction. A sent one is a single statement: no
   * transaction of its own (two round trips fewer per message).
   */
  async settle(message: OutboxMessage, delivery: Delivery & { status: 'SENT' | 'BOUNCED' }): Promise<void> {
    const mark = (sql: Sql) =>
      sql.query(
        `UPDATE notifications SET status = $4, attempts = attempts + 1, sent_at = CASE WHEN $4 = 'SENT' THEN now() END,
                last_error = CASE WHEN $4 = 'BOUNCED' THEN $5 END
         WHERE event_id = $1 AND recipient = $2 AND channel = $3`,
        [...keyOf(message), delivery.status, delivery.detail],
      );
    if (delivery.status === 'SENT' || message.channel !== 'EMAIL') {
      await mark(this.dataSource);
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      await mark(manager);
      await manager.query(
        `INSERT INTO bounced_addresses (address, recipient, company_id, detail) VALUES ($1, $2, $3, $4)
         ON CONFLICT (address, company_id) DO UPDATE SET recipient = $2, detail = $4, bounced_at = now()`,
        [message.address, message.recipient, message.company_id, delivery.detail],
      );
    });
  }
}
