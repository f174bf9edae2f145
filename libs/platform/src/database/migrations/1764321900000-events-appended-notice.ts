import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Every transaction that appends events notifies `events_appended` with its schema when it
 * commits (issue #12 item 6, ADR 0030): the relay wakes on it instead of waiting out its idle
 * pause. One notice per transaction (PostgreSQL folds equal notices of a transaction into one);
 * the schema as payload so that a relay ignores the appends of other schemas sharing the database.
 */
export class EventsAppendedNotice1764321900000 implements MigrationInterface {
  name = 'EventsAppendedNotice1764321900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('events_appended', current_schema());
        RETURN NULL;
      END $$`);
    await db.query('CREATE TRIGGER events_appended AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION notify_events_appended()');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER events_appended ON events');
    await db.query('DROP FUNCTION notify_events_appended()');
  }
}
