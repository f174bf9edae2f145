import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `deadlines_due_at_idx` only over rows with a due instant (issue #12 item 2, ADR 0022): a settled
 * row (its deadline fired, its due instant cleared until its event is folded) adds no entry to it,
 * and neither does a prestation with no deadline running (contested).
 */
export class DeadlineDueIndex1764321810000 implements MigrationInterface {
  name = 'DeadlineDueIndex1764321810000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX deadlines_due_at_idx');
    await db.query('CREATE INDEX deadlines_due_at_idx ON deadlines (due_at) WHERE due_at IS NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX deadlines_due_at_idx');
    await db.query('CREATE INDEX deadlines_due_at_idx ON deadlines (due_at)');
  }
}
