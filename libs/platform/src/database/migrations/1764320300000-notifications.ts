import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The notification service's log (issue #6): one row per (event, recipient, channel), written
 * with the rendered message before anything is sent, so a redelivered or replayed event sends
 * nothing twice and a message the mail server could not take yet is retried from here.
 * Status: PENDING (to send or being sent), SENT, BOUNCED, NOT_NOTIFIABLE (R4: no channel).
 */
export class Notifications1764320300000 implements MigrationInterface {
  name = 'Notifications1764320300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notifications (
        event_id        text NOT NULL,
        recipient       text NOT NULL,
        channel         text NOT NULL CHECK (channel IN ('EMAIL', 'PUSH', 'NONE')),
        reason          text NOT NULL,
        prestation_id   text NOT NULL,
        company_id      text NOT NULL,
        address         text,
        language        text NOT NULL,
        subject         text NOT NULL,
        body_text       text NOT NULL,
        body_html       text NOT NULL,
        message_id      text NOT NULL,
        status          text NOT NULL CHECK (status IN ('PENDING', 'SENT', 'BOUNCED', 'NOT_NOTIFIABLE')),
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        sent_at         timestamptz,
        PRIMARY KEY (event_id, recipient, channel)
      )`);
    await db.query(`CREATE INDEX notifications_pending_idx ON notifications (next_attempt_at) WHERE status = 'PENDING'`);
    await db.query('CREATE INDEX notifications_prestation_idx ON notifications (prestation_id)');
    await db.query(`
      CREATE TABLE bounced_addresses (
        address     text NOT NULL,
        recipient   text NOT NULL,
        company_id  text NOT NULL,
        detail      text NOT NULL,
        bounced_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (address, company_id)
      )`);
    // Web Push subscriptions the worker app registered (one per device); an expired one is removed.
    await db.query(`
      CREATE TABLE push_subscriptions (
        endpoint   text PRIMARY KEY,
        worker_id  text NOT NULL,
        p256dh     text NOT NULL,
        auth       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX push_subscriptions_worker_idx ON push_subscriptions (worker_id)');
    // What each company's workers still have to validate, for its daily digest (R14).
    await db.query(`
      CREATE TABLE awaiting_worker_validation (
        prestation_id   text PRIMARY KEY,
        company_id      text NOT NULL,
        worker_id       text NOT NULL,
        service_date    text NOT NULL,
        hours           integer NOT NULL,
        activity        text NOT NULL,
        due_at          timestamptz NOT NULL,
        stream_position integer NOT NULL
      )`);
    await db.query('CREATE INDEX awaiting_worker_validation_company_idx ON awaiting_worker_validation (company_id, due_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE awaiting_worker_validation');
    await db.query('DROP TABLE push_subscriptions');
    await db.query('DROP TABLE bounced_addresses');
    await db.query('DROP TABLE notifications');
  }
}
