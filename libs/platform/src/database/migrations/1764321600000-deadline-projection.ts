import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The deadlines become a projection kept by the Projector (issue #12 item 1, ADR 0026): one row
 * per prestation still open, holding the domain state folded from its events (`state`) and the
 * earliest deadline still to fire (`id` .. `due_at`, NULL when none runs, e.g. contested).
 * `user_window` says a user window runs (R17). The claim (ADR 0022) keeps `lease` and
 * `lease_until`; a fired deadline loses its `due_at` until its event moves the row.
 * The old rows cannot be turned into states in SQL: the table starts empty, with no progress,
 * and the deadline service fills it at start (DeadlineTable.fillIfNeverProjected, ADR 0026).
 */
export class DeadlineProjection1764321600000 implements MigrationInterface {
  name = 'DeadlineProjection1764321600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE deadlines');
    await db.query(`
      CREATE TABLE deadlines (
        prestation_id text PRIMARY KEY,
        user_id       text NOT NULL,
        state         jsonb NOT NULL,
        id            text,
        kind          text CHECK (kind IN ('WORKER', 'COMPANY', 'USER', 'REMINDER')),
        deadline_id   text,
        reminder      integer,
        due_at        timestamptz,
        user_window   boolean NOT NULL,
        lease         uuid,
        lease_until   timestamptz
      )`);
    await db.query('CREATE INDEX deadlines_due_at_idx ON deadlines (due_at)');
    await db.query('CREATE INDEX deadlines_user_window_idx ON deadlines (user_id) WHERE user_window');
    await db.query(`DELETE FROM projection_checkpoints WHERE projection = 'deadlines'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE deadlines');
    await db.query(`
      CREATE TABLE deadlines (
        id text PRIMARY KEY, prestation_id text NOT NULL, user_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('WORKER', 'COMPANY', 'USER', 'REMINDER')),
        deadline_id text NOT NULL, reminder integer, due_at timestamptz NOT NULL, lease uuid, lease_until timestamptz
      )`);
    await db.query('CREATE INDEX deadlines_due_at_idx ON deadlines (due_at)');
    await db.query('CREATE INDEX deadlines_prestation_idx ON deadlines (prestation_id, due_at)');
    await db.query(`CREATE INDEX deadlines_user_window_idx ON deadlines (user_id) WHERE kind = 'USER'`);
    await db.query(`DELETE FROM projection_checkpoints WHERE projection = 'deadlines'`);
  }
}
