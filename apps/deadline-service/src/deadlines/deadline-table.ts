import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { claimStatement, type LeasedTable, Leases, type Settlement } from '@prestaflow/platform';
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
  /** ISO 8601 in UTC with milliseconds, as `Date.toISOString` writes it (see DUE). */
  due_at: string;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const toOpenDeadline = (row: ClaimedRow): OpenDeadline => ({
  id: row.id,
  prestationId: row.prestation_id,
  userId: row.user_id,
  kind: row.kind,
  deadlineId: row.deadline_id,
  reminder: row.reminder,
  dueAt: row.due_at,
});

/**
 * Which deadlines are due, oldest first. A row names only its prestation's earliest open
 * deadline (ADR 0026), so a prestation's reminders and deadlines fire in their order even when
 * several instances claim at once or a restart finds many missed. Parameters: $1 now, $2 fire from.
 */
const DUE = {
  where: 'c.due_at <= $1 AND c.due_at >= $2',
  order: 'c.due_at',
  // Not the folded state (jsonb, the bulk of a row): the poller needs only what names the deadline.
  // The instant as the ISO text the poller passes on: node-postgres would parse it into a Date
  // (a regular expression per row) only for the poller to format it back.
  columns: `t.prestation_id, t.user_id, t.id, t.kind, t.deadline_id, t.reminder, to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS due_at`,
};

/** A settled row: its deadline fired (or was refused), so no due instant until its event is folded (ADR 0026). */
const SETTLED = 'lease_until = NULL, due_at = NULL';

/** What the poller does with a claimed batch: returns the ids of the deadlines it settled (fired, refused or extended). */
export type DeadlineWork = (claimed: OpenDeadline[]) => Promise<string[]>;

const DEADLINE_LEASES: LeasedTable = { table: 'deadlines', key: ['prestation_id'], token: 'lease', until: 'lease_until' };

/** The claim's statement, for EXPLAIN: $1 now, $2 fire from, $3 limit, $4 lease (ms), $5 token. */
export const CLAIM_DUE = claimStatement(DEADLINE_LEASES, { ...DUE, params: ['now', 'fire from'] });

/** The claim that settles the batch before it (drainDue), for EXPLAIN: CLAIM_DUE's parameters, then $6 the settled prestation ids, $7 their token. */
export const CLAIM_DUE_SETTLING = claimStatement(DEADLINE_LEASES, { ...DUE, params: ['now', 'fire from'] }, { set: SETTLED });

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
   * throws). Returns how many it settled: none of those whose lease ran out and another claim took.
   */
  claimDue(now: Date, fireFrom: Date | null, limit: number, work: DeadlineWork, leaseMs = DEFAULT_DEADLINE_LEASE_MS): Promise<number> {
    return this.drainDue(() => now, fireFrom, limit, work, leaseMs, () => false);
  }

  /**
   * claimDue batch after batch, each claim as of `now()`, until a claim finds nothing due, a
   * batch settles nothing (all to retry: the next round takes them) or `more()` says stop. Each
   * batch's settlement goes with the next batch's claim, in one statement (ADR 0022); the last one
   * on its own. Returns how many rows it settled.
   */
  async drainDue(now: () => Date, fireFrom: Date | null, limit: number, work: DeadlineWork, leaseMs: number, more: () => boolean): Promise<number> {
    let settled = 0;
    let pending: Settlement | undefined;
    try {
      for (;;) {
        const claim = await this.leases.claim({ ...DUE, params: [now().toISOString(), fireFrom?.toISOString() ?? '-infinity'], limit, leaseMs }, pending);
        settled += claim.settled;
        pending = undefined;
        const done = await this.runClaimed(claim.token, claim.rows, work);
        if (done.length === 0) break;
        pending = { keys: done.map((d) => [d.prestationId]), token: claim.token, set: SETTLED };
        if (!more()) break;
      }
    } finally {
      // A batch settled on its own: the last one, or the one before a claim that failed.
      if (pending) settled += await this.leases.release(pending.keys, pending.token, SETTLED);
    }
    return settled;
  }

  /** Runs `work` on the claimed rows, earliest first; frees those it did not settle; returns the settled ones. */
  private async runClaimed(token: string, rows: ClaimedRow[], work: DeadlineWork): Promise<OpenDeadline[]> {
    if (rows.length === 0) return [];
    // ISO instants of one format and ids order as plain strings: no locale rules needed.
    const claimed = rows.map(toOpenDeadline).sort((a, b) => compare(a.dueAt, b.dueAt) || compare(a.id, b.id));
    let done = new Set<string>();
    try {
      done = new Set(await work(claimed));
      return claimed.filter((d) => done.has(d.id));
    } finally {
      const left = claimed.filter((d) => !done.has(d.id)).map((d) => [d.prestationId]);
      await this.leases.release(left, token, 'lease_until = NULL');
    }
  }
}
