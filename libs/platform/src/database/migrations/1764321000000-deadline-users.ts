import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * R17: the deadline service applies a user's declared absence to each of their prestations
 * whose window runs, so each open deadline row names the prestation's user. Existing rows get it
 * from the prestation's first event (the table is derived data: a row without a stream goes).
 */
export class DeadlineUsers1764321000000 implements MigrationInterface {
  name = 'DeadlineUsers1764321000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE deadlines ADD COLUMN user_id text');
    await db.query(`
      UPDATE deadlines d SET user_id = e.data->>'userId'
      FROM events e WHERE e.stream_id = d.prestation_id AND e.stream_position = 1`);
    await db.query('DELETE FROM deadlines WHERE user_id IS NULL');
    await db.query('ALTER TABLE deadlines ALTER COLUMN user_id SET NOT NULL');
    await db.query(`CREATE INDEX deadlines_user_window_idx ON deadlines (user_id) WHERE kind = 'USER'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE deadlines DROP COLUMN user_id');
  }
}
