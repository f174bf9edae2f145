import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The read side of the gateway and the receipts of internal commands.
 * - prestation_views: one row per prestation, projected from the event log (rebuildable), with
 *   what each audience sees: the company's status (R12), the user's (R7, R9), the worker's colour
 *   (R12, R13), who encoded it (R13, R15) and the worker deadline instant. `state` is the domain
 *   state the row was derived from, so the projection folds events exactly as the decider does.
 * - command_receipts: the answer to each command, by idempotency key, with the stream version it
 *   produced, so the same request sent twice writes once and answers the same.
 */
export class Views1764320400000 implements MigrationInterface {
  name = 'Views1764320400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE prestation_views (
        prestation_id   text PRIMARY KEY,
        company_id      text NOT NULL,
        worker_id       text NOT NULL,
        user_id         text NOT NULL,
        service_date    date NOT NULL,
        hours           integer NOT NULL,
        activity        text NOT NULL,
        channel         text NOT NULL,
        encoded_by      text NOT NULL,
        encoding_reason text,
        status          text NOT NULL,
        company_status  text NOT NULL,
        user_status     text NOT NULL,
        user_may_contest boolean NOT NULL,
        worker_colour   text,
        worker_deadline timestamptz,
        version         integer NOT NULL,
        encoded_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        state           jsonb NOT NULL
      )`);
    await db.query('CREATE INDEX prestation_views_company ON prestation_views (company_id, service_date)');
    await db.query('CREATE INDEX prestation_views_worker ON prestation_views (worker_id, service_date)');
    await db.query('CREATE INDEX prestation_views_user ON prestation_views (user_id, service_date)');
    await db.query(`
      CREATE TABLE command_receipts (
        scope           text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash    text NOT NULL,
        stream_id       text,
        stream_version  bigint,
        response        jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, idempotency_key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE command_receipts, prestation_views');
  }
}
