import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The event log: one stream per prestation (and per worker profile), events in a global order
 * that a reader can follow without skipping a late commit (transaction_id, see ADR 0003).
 * The events table is also the outbox the relay publishes to Kafka from.
 */
export class EventLog1764320000000 implements MigrationInterface {
  name = 'EventLog1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE event_streams (
        stream_id   text PRIMARY KEY,
        stream_type text NOT NULL,
        version     bigint NOT NULL CHECK (version > 0),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE events (
        global_position bigserial PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid NOT NULL UNIQUE,
        stream_id       text NOT NULL REFERENCES event_streams (stream_id),
        stream_position bigint NOT NULL CHECK (stream_position > 0),
        type            text NOT NULL,
        schema_version  integer NOT NULL,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        actor_id        text NOT NULL,
        actor_role      text NOT NULL,
        correlation_id  text,
        causation_id    text,
        data            jsonb NOT NULL,
        UNIQUE (stream_id, stream_position)
      )`);
    await db.query(`CREATE INDEX events_in_commit_order ON events (transaction_id, global_position)`);
    await db.query(`
      CREATE TABLE relay_checkpoints (
        relay           text PRIMARY KEY,
        transaction_id  xid8 NOT NULL,
        global_position bigint NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE projection_checkpoints (
        projection      text NOT NULL,
        stream_id       text NOT NULL,
        stream_position bigint NOT NULL,
        PRIMARY KEY (projection, stream_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE projection_checkpoints, relay_checkpoints, events, event_streams');
  }
}
