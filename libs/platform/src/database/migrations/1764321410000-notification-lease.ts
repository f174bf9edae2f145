import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Which claim holds a pending notification (ADR 0005, issue #10): the sending instance renews its
 * lease as each message's turn comes, only while `lease` is still the token of its claim; a
 * message whose lease ran out and was claimed by another instance is left to that one.
 */
export class NotificationLease1764321410000 implements MigrationInterface {
  name = 'NotificationLease1764321410000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE notifications ADD COLUMN lease uuid');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE notifications DROP COLUMN lease');
  }
}
