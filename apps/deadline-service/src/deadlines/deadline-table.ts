import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { claimStatement, type LeasedTable, Leases } from '@prestaflow/platform';
import { type BadEvent, type BadEventPolicy, fillIfNeverProjected, Projector, reprojectAll } from '@prestaflow/event-store';
import { DEFAULT_DEADLINE_LEASE_MS } from '../config';
import { deadlineProjection, type DeadlineRow, openDeadlinesInOrder } from './deadline.projection';
import { type DeadlineKind, type OpenDeadline } from './open-deadlines';

/** A claimed row as PostgreSQL returns it: a claimable row always names its deadline. */
interface ClaimedRow {
  prestation_id: string;
  user_id: string;
  id: string;
  kind: DeadlineKind;
  deadline_id: string;
  reminder: number | null;
  due_at: Date;
}

const toOpenDeadline = (row: ClaimedRow): OpenDeadline => ({
  id: row.id,
  prestationId: row.prestation_id,
  userId: row.user_id,
  kind: row.kind,
  deadlineId: row.deadline_id,
  reminder: row.reminder,
  dueAt: row.due_at.toISOString(),
});

/**
 * Which deadlines are due, oldest first. A row names only its prestation's earliest open
 * deadline (ADR 0026), so a prestation's reminders and deadlines fire in their order even when
 * several instances claim at once or a restart finds many missed. Parameters: $1 now, $2 fire from.
 */
const DUE = { where: 'c.due_at <= $1 AND c.due_at >= $2', order: 'c.due_at' };

const DEADLINE_LEASES: LeasedTable = { table: 'deadlines', key: ['prestation_id'], token: 'lease', until: 'lease_until' };

/** The claim's statement, for EXPLAIN: $1 now, $2 fire from, $3 limit, $4 lease (ms), $5 token. */
export const CLAIM_DUE = claimStatement(DEADLINE_LEASES, { ...DUE, params: ['now', 'fire from'] });

/**
 * The deadlines table: the `deadlines` projection of the prestation streams (ADR 0026), kept by
 * its Projector (rows and per-stream checkpoints in one transaction), claimed with a lease (ADR 0022).
 */
@Injectable()
export class DeadlineTable {
  private readonly leases: Leases<ClaimedRow>;
  /** Folds delivered events into the table: the consumer's one way in. */
  readonly projector: Projector<DeadlineRow>;

  constructor(private readonly dataSource: DataSource) {
    this.leases = new Leases(dataSource, DEADLINE_LEASES);
    this.projector = new Projector(dataSource, deadlineProjection);
  }

  /**
   * Rebuilds the table from the event store, each prestation projected again from its whole
   * stream (`reprojectAll`: bad events stop it, RebuildStoppedError, or with `skip` keep that
   * prestation's row as it was). Returns how many prestation streams there are and the bad events met.
   */
  async rebuild(onBadEvent: BadEventPolicy = 'stop'): Promise<{ prestations: number; badEvents: BadEvent[] }> {
    const { streams, badEvents } = await reprojectAll(this.dataSource, deadlineProjection, 'prestation', { onBadEvent });
    return { prestations: streams, badEvents };
  }

  /**
   * Fills the table when it was never projected while prestation streams exist (ADR 0026): left
   * empty, no in-flight prestation would be validated automatically (R6, R8) until it got a new
   * event. One instance fills; bad events are skipped and logged (`POST /deadlines/rebuild` then
   * says more). Returns how many prestations were projected, or undefined when there was nothing
   * to fill or another instance does it.
   */
  fillIfNeverProjected(): Promise<number | undefined> {
    return fillIfNeverProjected(this.dataSource, deadlineProjection, 'prestation');
  }

  /**
   * The deadlines a prestation has open, earliest first (none once final). One just fired whose
   * event is not folded yet is left out.
   */
  async ofPrestation(prestationId: string): Promise<OpenDeadline[]> {
    const [row] = (await this.dataSource.query(
      `SELECT state, id, id IS NOT NULL AND due_at IS NULL AS fired FROM deadlines WHERE prestation_id = $1`,
      [prestationId],
    )) as Array<Pick<DeadlineRow, 'state' | 'id'> & { fired: boolean }>;
    if (!row) return [];
    return openDeadlinesInOrder(prestationId, row.state).filter((deadline) => !(row.fired && deadline.id === row.id));
  }

  /** R17: the user's prestations whose window runs (a user deadline is open). */
  async withRunningUserWindow(userId: string): Promise<string[]> {
    const rows = (await this.dataSource.query('SELECT prestation_id FROM deadlines WHERE user_id = $1 AND user_window ORDER BY prestation_id', [userId])) as Array<{
      prestation_id: string;
    }>;
    return rows.map((row) => row.prestation_id);
  }

  /** R17: of `prestationIds`, those whose user window runs, with their user. */
  async runningUserWindows(prestationIds: readonly string[]): Promise<Map<string, string>> {
    const rows = (await this.dataSource.query('SELECT prestation_id, user_id FROM deadlines WHERE prestation_id = ANY($1::text[]) AND user_window', [
      prestationIds,
    ])) as Array<{ prestation_id: string; user_id: string }>;
    return new Map(rows.map((row) => [row.prestation_id, row.user_id]));
  }

  /**
   * Claims up to `limit` due rows with a lease (ADR 0022) and runs `work` on them, oldest first,
   * with no transaction open. The rows of the deadlines `work` says it settled lose their due
   * instant (out of the claim's index range): not claimed again until an event folded into the
   * row names the next deadline. The others are freed for the next round (all of them when `work`
   * throws). Returns
   * how many it settled: none of those whose lease ran out and another claim took.
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
      const settled = claimed.filter((d) => done.has(d.id)).map((d) => [d.prestationId]);
      return await this.leases.release(settled, token, 'lease_until = NULL, due_at = NULL');
    } finally {
      const left = claimed.filter((d) => !done.has(d.id)).map((d) => [d.prestationId]);
      await this.leases.release(left, token, 'lease_until = NULL');
    }
  }
}
