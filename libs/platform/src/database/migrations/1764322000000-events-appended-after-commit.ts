import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { EventsAppendedNotice1764321900000 } from './1764321900000-events-appended-notice';

/**
 * The `events_appended` notice leaves the append's transaction (ADR 0032): the event store sends
 * it after the append commits. A NOTIFY inside a transaction takes PostgreSQL's notify-queue lock
 * at commit and keeps it through the commit's WAL flush, so every appending transaction in the
 * cluster committed one after the other (pgbench, 16 clients: 6,698-9,063 -> 1,562-2,028 commits/s).
 */
export class EventsAppendedAfterCommit1764322000000 implements MigrationInterface {
  name = 'EventsAppendedAfterCommit1764322000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER events_appended ON events');
    await db.query('DROP FUNCTION notify_events_appended()');
  }

  async down(db: QueryRunner): Promise<void> {
    await new EventsAppendedNotice1764321900000().up(db);
  }
}
