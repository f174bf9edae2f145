import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The deadline service's open deadlines (issue #6): derived from the event log, so the table
 * can be emptied and rebuilt. One row per deadline or reminder still to fire; the poller claims
 * due rows in due order (index on due_at) with FOR UPDATE SKIP LOCKED.
 */
export class Deadlines1764320200000 implements MigrationInterface {
  name = 'Deadlines1764320200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE deadlines (
        id            text PRIMARY KEY,
        prestation_id text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('WORKER', 'COMPANY', 'USER', 'REMINDER')),
        deadline_id   text NOT NULL,
        reminder      integer,
        due_at        timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX deadlines_due_at_idx ON deadlines (due_at)');
    await db.query('CREATE INDEX deadlines_prestation_idx ON deadlines (prestation_id, due_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE deadlines');
  }
}
