import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { AppendToStream1764320900000 } from './1764320900000-append-to-stream';

/**
 * A command's receipt is written by the append itself, in the transaction of its events (ADR 0014,
 * issue #10): after a crash either both are there (a retry with the key answers the stored 201) or
 * neither (a retry runs the command). There is no "claimed, still running" receipt any more, so
 * claims left by an older version are removed and `response` becomes required.
 *
 * `append_to_stream` gains `receipt`: null, or {scope, key, requestHash, response}. It is inserted
 * after the events, with the stream's new version; a receipt already there under that key
 * (a concurrent request with the same key won) fails the whole call with a unique violation,
 * so nothing of the loser is written.
 */
export class ReceiptWithEvents1764321400000 implements MigrationInterface {
  name = 'ReceiptWithEvents1764321400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('DELETE FROM command_receipts WHERE response IS NULL');
    await db.query('ALTER TABLE command_receipts ALTER COLUMN response SET NOT NULL');
    await db.query('DROP FUNCTION append_to_stream(text, text, bigint, jsonb)');
    await db.query(`
      CREATE FUNCTION append_to_stream(stream text, kind text, expected_version bigint, new_events jsonb, receipt jsonb)
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
        IF receipt IS NOT NULL THEN
          INSERT INTO command_receipts (scope, idempotency_key, request_hash, stream_id, stream_version, response)
          VALUES (receipt->>'scope', receipt->>'key', receipt->>'requestHash', stream, expected_version + added, receipt->'response');
        END IF;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION append_to_stream(text, text, bigint, jsonb, jsonb)');
    await db.query('ALTER TABLE command_receipts ALTER COLUMN response DROP NOT NULL');
    await new AppendToStream1764320900000().up(db);
  }
}
