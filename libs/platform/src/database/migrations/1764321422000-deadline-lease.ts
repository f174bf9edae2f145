import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Deadlines are claimed with a lease (ADR 0022): the claim stamps `lease` (its token) and moves
 * `lease_until` past the firing, and the poller deletes what it fired under its token, with no
 * transaction open while the commands run (a row lock held that long holds the relay, ADR 0004).
 */
export class DeadlineLease1764321422000 implements MigrationInterface {
  name = 'DeadlineLease1764321422000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE deadlines ADD COLUMN lease uuid, ADD COLUMN lease_until timestamptz');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE deadlines DROP COLUMN lease, DROP COLUMN lease_until');
  }
}
