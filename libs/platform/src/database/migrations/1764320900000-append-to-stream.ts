import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The event store's append as a PL/pgSQL function. A profile of the former single-statement
 * append (bench/README.md) showed each call spending more PostgreSQL CPU parsing, analysing and
 * planning its statement than executing it; PL/pgSQL keeps its statements' plans per session.
 *
 * It creates the stream (expected version 0) or moves it from the expected version, and inserts
 * the events only if that succeeded, in stream order; it returns no row on a version conflict.
 * A concurrent writer blocks on the stream row, then finds the version changed and inserts nothing.
 * `new_events` is a JSON array of {eventId, type, schemaVersion, occurredAt, actorId, actorRole,
 * correlationId, causationId, data}.
 */
export class AppendToStream1764320900000 implements MigrationInterface {
  name = 'AppendToStream1764320900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION append_to_stream(stream text, kind text, expected_version bigint, new_events jsonb)
      RETURNS TABLE (event_id uuid, stream_position bigint, global_position bigint, transaction_id text, recorded_at timestamptz)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        added constant bigint := jsonb_array_length(new_events);
      BEGIN
        IF expected_version = 0 THEN
          INSERT INTO event_streams (stream_id, stream_type, version) VALUES (stream, kind, added)
          ON CONFLICT (stream_id) DO NOTHING;
        ELSE
          UPDATE event_streams SET version = version + added, updated_at = now()
          WHERE stream_id = stream AND version = expected_version;
        END IF;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        RETURN QUERY
          INSERT INTO events (event_id, stream_id, stream_position, type, schema_version, occurred_at,
                              actor_id, actor_role, correlation_id, causation_id, data)
          SELECT (e.event->>'eventId')::uuid, stream, expected_version + e.n, e.event->>'type',
                 (e.event->>'schemaVersion')::integer, (e.event->>'occurredAt')::timestamptz,
                 e.event->>'actorId', e.event->>'actorRole', e.event->>'correlationId',
                 e.event->>'causationId', e.event->'data'
          FROM jsonb_array_elements(new_events) WITH ORDINALITY AS e(event, n)
          ORDER BY e.n
          RETURNING event_id, stream_position, global_position, transaction_id::text, recorded_at;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION append_to_stream(text, text, bigint, jsonb)');
  }
}
