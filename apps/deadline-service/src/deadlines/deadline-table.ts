import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { evolve, initialState, type PrestationState } from '@prestaflow/domain';
import { claimStatement, type LeasedTable, Leases } from '@prestaflow/platform';
import { type BadEvent, badEventOf, BadEventGuard, type BadEventPolicy, describeBadEvent, EventStore, isDataError } from '@prestaflow/event-store';
import { prestationCodec } from '@prestaflow/event-codecs';
import { DEFAULT_DEADLINE_LEASE_MS } from '../config';
import { openDeadlines, type DeadlineKind, type OpenDeadline } from './open-deadlines';

interface DeadlineRow {
  id: string;
  prestation_id: string;
  user_id: string;
  kind: DeadlineKind;
  deadline_id: string;
  reminder: number | null;
  due_at: Date;
}

export const toOpenDeadline = (row: DeadlineRow): OpenDeadline => ({
  id: row.id,
  prestationId: row.prestation_id,
  userId: row.user_id,
  kind: row.kind,
  deadlineId: row.deadline_id,
  reminder: row.reminder,
  dueAt: row.due_at.toISOString(),
});

/**
 * Which deadlines are due, oldest first. Only the earliest open deadline of a prestation is
 * claimable (a leased one still counts as open), so a prestation's reminders and deadlines fire
 * in their order even when several instances claim at once or a restart finds many missed.
 * Parameters: $1 now, $2 fire from.
 */
const DUE = {
  where: `c.due_at <= $1 AND c.due_at >= $2
    AND NOT EXISTS (SELECT 1 FROM deadlines e WHERE e.prestation_id = c.prestation_id AND e.due_at < c.due_at)`,
  order: 'c.due_at',
};

const DEADLINE_LEASES: LeasedTable = { table: 'deadlines', key: ['id'], token: 'lease', until: 'lease_until' };

/** The claim's statement, for EXPLAIN: $1 now, $2 fire from, $3 limit, $4 lease (ms), $5 token. */
export const CLAIM_DUE = claimStatement(DEADLINE_LEASES, { ...DUE, params: ['now', 'fire from'] });

/** The deadlines table: a projection of the prestation streams, rebuilt per prestation. */
@Injectable()
export class DeadlineTable {
  private readonly logger = new Logger(DeadlineTable.name);
  private readonly leases: Leases<DeadlineRow>;

  constructor(private readonly dataSource: DataSource) {
    this.leases = new Leases(dataSource, DEADLINE_LEASES);
  }

  /**
   * Replaces the open deadlines of one prestation by those of its current state. A row that stays
   * open keeps its lease, so a deadline being fired is not claimed again meanwhile. A refresh that
   * read the stream just before a fired deadline's event may put that deadline back: it is fired
   * again, the decider refuses it (stale), and the event's own refresh removes it.
   */
  async refresh(prestationId: string): Promise<OpenDeadline[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`deadlines:${prestationId}`]);
      const deadlines = openDeadlines(prestationId, await this.stateOf(manager, prestationId));
      await manager.query('DELETE FROM deadlines WHERE prestation_id = $1 AND id <> ALL($2::text[])', [prestationId, deadlines.map((d) => d.id)]);
      if (deadlines.length > 0) {
        await manager.query(
          `INSERT INTO deadlines (id, prestation_id, user_id, kind, deadline_id, reminder, due_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[])
           ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, kind = EXCLUDED.kind, deadline_id = EXCLUDED.deadline_id,
             reminder = EXCLUDED.reminder, due_at = EXCLUDED.due_at`,
          [
            deadlines.map((d) => d.id),
            deadlines.map((d) => d.prestationId),
            deadlines.map((d) => d.userId),
            deadlines.map((d) => d.kind),
            deadlines.map((d) => d.deadlineId),
            deadlines.map((d) => d.reminder),
            deadlines.map((d) => d.dueAt),
          ],
        );
      }
      return deadlines;
    });
  }

  /**
   * Rebuilds the whole table from the event store (after a schema change or a restore), one
   * prestation after another. A prestation with a bad event (one its contract refuses, or that
   * the domain's evolve throws on) is reported with its stream, position and why; then the
   * rebuild stops there (RebuildStoppedError, ILLEGAL_STATE: the prestations before it are
   * rebuilt, those after it untouched) or, with `skip`, keeps that prestation's rows as they
   * were and goes on. Returns how many prestation streams there are and the bad events met.
   */
  async rebuild(onBadEvent: BadEventPolicy = 'stop'): Promise<{ prestations: number; badEvents: BadEvent[] }> {
    const streams = (await this.dataSource.query(`SELECT stream_id FROM event_streams WHERE stream_type = 'prestation' ORDER BY stream_id`)) as Array<{
      stream_id: string;
    }>;
    await this.dataSource.query(
      'DELETE FROM deadlines WHERE prestation_id <> ALL($1::text[])',
      [streams.map((s) => s.stream_id)],
    );
    const badEvents: BadEvent[] = [];
    const reportBadEvent = (bad: BadEvent) => {
      badEvents.push(bad);
      this.logger.warn(`rebuild: bad event (${onBadEvent === 'skip' ? 'prestation skipped' : 'stopping'}): ${describeBadEvent(bad)}`);
    };
    const guard = new BadEventGuard('rebuild of the deadlines', { onBadEvent, reportBadEvent });
    let logged = Date.now();
    for (const [done, { stream_id }] of streams.entries()) {
      // A long rebuild says how far it is, every 10 s.
      if (Date.now() - logged > 10_000) {
        logged = Date.now();
        this.logger.log(`rebuild: ${done}/${streams.length} prestations`);
      }
      try {
        await this.refresh(stream_id);
      } catch (error) {
        guard.report(await this.badEventIn(stream_id, error));
      }
    }
    return { prestations: streams.length, badEvents };
  }

  /**
   * The event of a stream that made its refresh fail: the first one that does not fold (its
   * contract or evolve refuses it), or its last when PostgreSQL refused the deadlines' values.
   * Any other failure (the database gone) is not the stream's: thrown again as it is.
   */
  private async badEventIn(prestationId: string, failure: unknown): Promise<BadEvent> {
    const { events } = await new EventStore(this.dataSource).readStream(prestationId);
    let state = initialState();
    for (const recorded of events) {
      try {
        state = evolve(state, prestationCodec.decode(recorded));
      } catch (error) {
        return badEventOf(recorded, error);
      }
    }
    const last = events.at(-1);
    if (!last || !isDataError(failure)) throw failure;
    return badEventOf(last, failure);
  }

  async ofPrestation(prestationId: string): Promise<OpenDeadline[]> {
    const rows = (await this.dataSource.query('SELECT * FROM deadlines WHERE prestation_id = $1 ORDER BY due_at, id', [prestationId])) as DeadlineRow[];
    return rows.map(toOpenDeadline);
  }

  /** R17: the user's prestations whose window runs (a user deadline is open). */
  async withRunningUserWindow(userId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT prestation_id FROM deadlines WHERE user_id = $1 AND kind = 'USER' ORDER BY prestation_id`, [userId])) as Array<{
      prestation_id: string;
    }>;
    return rows.map((row) => row.prestation_id);
  }

  /**
   * Claims up to `limit` due rows with a lease (ADR 0022) and runs `work` on them, oldest first,
   * with no transaction open; deletes under the claim's token the rows `work` says it settled and
   * frees the others for the next round (all of them when `work` throws). Returns how many it
   * deleted: none of those whose lease ran out and another claim took.
   */
  async claimDue(
    now: Date,
    fireFrom: Date | null,
    limit: number,
    work: (claimed: OpenDeadline[]) => Promise<string[]>,
    leaseMs = DEFAULT_DEADLINE_LEASE_MS,
  ): Promise<number> {
    const { token, rows } = await this.leases.claim({ ...DUE, params: [now.toISOString(), fireFrom?.toISOString() ?? '-infinity'], limit, leaseMs });
    if (rows.length === 0) return 0;
    const claimed = rows.map(toOpenDeadline).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
    let done = new Set<string>();
    try {
      done = new Set(await work(claimed));
      return await this.leases.finish([...done].map((id) => [id]), token);
    } finally {
      const left = claimed.filter((d) => !done.has(d.id)).map((d) => [d.id]);
      await this.leases.release(left, token, 'lease_until = NULL');
    }
  }

  private async stateOf(manager: EntityManager, prestationId: string): Promise<PrestationState> {
    const stream = await new EventStore(manager).readStream(prestationId);
    return stream.events.reduce<PrestationState>((state, recorded) => evolve(state, prestationCodec.decode(recorded)), initialState());
  }
}
