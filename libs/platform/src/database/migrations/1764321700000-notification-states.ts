import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Notification planning becomes a projection with its reactions in its transaction (issue #12
 * item 1, ADR 0029): `notification_states` keeps each prestation's domain state (`state`), its
 * company, and while it awaits its worker that worker's deadline (`awaiting_worker_until`, R14).
 * The companies' digest list is those rows (a partial index), so `awaiting_worker_validation`
 * and its own position guard go. States cannot be folded in SQL: the table starts empty with no
 * progress, and the notification service fills it at start (NotificationStates.fillIfNeverProjected,
 * ADR 0029), notifying only the events the previous consumer had not handled.
 */
export class NotificationStates1764321700000 implements MigrationInterface {
  name = 'NotificationStates1764321700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_states (
        prestation_id         text PRIMARY KEY,
        state                 jsonb NOT NULL,
        company_id            text NOT NULL,
        awaiting_worker_until timestamptz
      )`);
    await db.query(
      'CREATE INDEX notification_states_awaiting_worker_idx ON notification_states (company_id, awaiting_worker_until) WHERE awaiting_worker_until IS NOT NULL',
    );
    await db.query('DROP TABLE awaiting_worker_validation');
    await db.query(`DELETE FROM projection_checkpoints WHERE projection = 'notification_states'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE awaiting_worker_validation (
        prestation_id text PRIMARY KEY, company_id text NOT NULL, worker_id text NOT NULL, service_date text NOT NULL,
        hours integer NOT NULL, activity text NOT NULL, due_at timestamptz NOT NULL, stream_position integer NOT NULL
      )`);
    await db.query('CREATE INDEX awaiting_worker_validation_company_idx ON awaiting_worker_validation (company_id, due_at)');
    // The list as it stands; stream_position 0, so the old guard lets the next event update it.
    await db.query(`
      INSERT INTO awaiting_worker_validation
      SELECT prestation_id, company_id, state->'prestation'->>'workerId', state->'prestation'->>'serviceDate',
             (state->'prestation'->>'hours')::integer, state->'prestation'->>'activity', awaiting_worker_until, 0
      FROM notification_states WHERE awaiting_worker_until IS NOT NULL`);
    await db.query('DROP TABLE notification_states');
    await db.query(`DELETE FROM projection_checkpoints WHERE projection = 'notification_states'`);
  }
}
