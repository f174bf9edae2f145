import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `prestation_views.user_may_contest` goes: it kept what was true at the row's last event, and
 * the API answers at the read instant from the row's state instead (ADR 0012); nothing read it.
 * Down puts it back filled with false until the next rebuild of the views.
 */
export class DropUserMayContest1764321800000 implements MigrationInterface {
  name = 'DropUserMayContest1764321800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE prestation_views DROP COLUMN user_may_contest');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE prestation_views ADD COLUMN user_may_contest boolean NOT NULL DEFAULT false');
  }
}
