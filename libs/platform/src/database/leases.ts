import { createHash, randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { preparedStatement } from './prepared-statement';

/** A table whose rows are claimed with a lease (ADR 0022). Every key column is text. */
export interface LeasedTable {
  readonly table: string;
  readonly key: readonly string[];
  /** The uuid column stamped with the claim's token. */
  readonly token: string;
  /** The timestamptz column a claim moves past the work: the row is claimable again once now() passes it (NULL: claimable). */
  readonly until: string;
}

/**
 * One claim: its token, the claimed rows as PostgreSQL returns them (the query's `columns`), and
 * how many rows of the settlement passed with it were settled.
 */
export interface Claim<Row> {
  readonly token: string;
  readonly rows: Row[];
  readonly settled: number;
}

/**
 * The rows of an earlier claim to settle in the next claim's statement (ADR 0022): those of `keys`
 * still under `token` get `set` (SQL assignments, no parameters) and lose the token.
 */
export interface Settlement {
  readonly keys: ReadonlyArray<readonly string[]>;
  readonly token: string;
  readonly set: string;
}

export interface ClaimQuery {
  /**
   * What else makes a row claimable: SQL over the candidate row aliased `c`, with the caller's
   * parameters as $1..$n (`params`). The lease condition is added by the helper.
   */
  readonly where: string;
  readonly params: readonly unknown[];
  /** ORDER BY of the candidates (over `c`). */
  readonly order: string;
  readonly limit: number;
  readonly leaseMs: number;
  /**
   * What the claim returns of each row (over the updated row `t`, the key columns among them);
   * `t.*` when unset. Fewer columns, less to send and parse.
   */
  readonly columns?: string;
}

/**
 * The claim's statement (for EXPLAIN too): parameters `params`, then limit, lease (ms) and token.
 * With `settling` (the key's column count), it first settles an earlier claim's rows, whose keys
 * follow as text arrays, then that claim's token; every row carries the settlement's count
 * (`settled`), and one row of NULLs stands for an empty claim.
 */
export function claimStatement(
  { table, token, until, key }: LeasedTable,
  query: Pick<ClaimQuery, 'where' | 'order' | 'params' | 'columns'>,
  settle?: Pick<Settlement, 'set'>,
): string {
  const n = query.params.length;
  const columns = query.columns ?? 't.*';
  const settledToken = `$${n + 4 + key.length}::uuid`;
  // By ctid: the candidates stay locked until the update, so their ctids hold, and a TID scan
  // reaches them without a join over the table (a semi-join on the key planned a hash over all of it).
  const claim = `
    UPDATE ${table} t SET ${until} = now() + ($${n + 2}::int * interval '1 millisecond'), ${token} = $${n + 3}::uuid
    WHERE t.ctid = ANY(ARRAY(
      SELECT c.ctid FROM ${table} c
      WHERE (c.${until} IS NULL OR c.${until} <= now()) AND (${query.where})${settle ? ` AND c.${token} IS DISTINCT FROM ${settledToken}` : ''}
      ORDER BY ${query.order} LIMIT $${n + 1}
      FOR UPDATE OF c SKIP LOCKED))
    RETURNING ${columns}`;
  if (!settle) return claim;
  // One statement for the settlement and the next claim: a batch costs one round trip, as a bare
  // DELETE ... SKIP LOCKED would. Both see the same snapshot; the claim leaves the settled rows
  // alone (a row updated twice in one statement keeps only one of the updates).
  return `
    WITH settled AS (
      UPDATE ${table} SET ${token} = NULL, ${settle.set}
      WHERE ${keyIn(key, n + 4)} AND ${token} = ${settledToken}
      RETURNING 1),
    claimed AS (${claim})
    SELECT claimed.*, s.settled FROM (SELECT count(*)::int AS settled FROM settled) s LEFT JOIN claimed ON true`;
}

/**
 * `key` among the keys passed as text arrays from `$from`: one key column is an index scan with
 * the array (no unnest to hash and join, as the settlement's plan was).
 */
function keyIn(key: readonly string[], from: number): string {
  return key.length === 1 ? `${key[0]} = ANY($${from}::text[])` : `(${key.join(', ')}) IN (SELECT * FROM ${unnest(key, from)})`;
}

function unnest(key: readonly string[], from: number): string {
  return `unnest(${key.map((_, i) => `$${from + i}::text[]`).join(', ')})`;
}

/** The keys as one text array per key column (for unnest). */
function keyColumns(key: readonly string[], keys: ReadonlyArray<readonly string[]>): string[][] {
  return key.map((_, i) => keys.map((k) => k[i] ?? ''));
}

/**
 * Claims rows with a lease, works with no transaction open, finishes by token (ADR 0022). A claim
 * is one short statement: it picks free rows (SKIP LOCKED, so claimers at the same instant get
 * disjoint rows), moves their `until` past the work and stamps a fresh token. The row locks last
 * only for that statement, so no transaction holds an xid (and the relay's horizon, ADR 0004)
 * while the work runs on other connections. A claimer that dies leaves its rows to the next claim
 * once the lease ends; one that outlives its lease finds its token gone and touches nothing.
 */
export class Leases<Row> {
  private readonly keyList: string;
  private readonly statements = new Map<string, (values: unknown[]) => Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly spec: LeasedTable,
  ) {
    this.keyList = spec.key.join(', ');
  }

  /**
   * Claims up to `query.limit` free rows under a fresh token. With `settle`, the same statement
   * first settles an earlier claim's rows (a claimer working batch after batch settles each batch
   * in the next one's claim: one round trip per batch).
   */
  async claim(query: ClaimQuery, settle?: Settlement): Promise<Claim<Row>> {
    const token = randomUUID();
    const params = [...query.params, query.limit, query.leaseMs, token];
    if (!settle || settle.keys.length === 0) {
      const text = claimStatement(this.spec, query);
      const rows = query.columns === undefined ? ((await this.dataSource.query(text, params)) as [Row[], number])[0] : ((await this.prepared(text)(params)) as Row[]);
      return { token, rows, settled: 0 };
    }
    const text = claimStatement(this.spec, query, settle);
    const values = [...params, ...keyColumns(this.spec.key, settle.keys), settle.token];
    // A SELECT: TypeORM too resolves to its rows.
    const result = (await (query.columns === undefined ? this.dataSource.query(text, values) : this.prepared(text)(values))) as Array<Row & { settled: number }>;
    const [firstKey] = this.spec.key;
    const rows = result.filter((row) => (row as Record<string, unknown>)[firstKey ?? ''] != null).map(({ settled: _, ...row }) => row as Row);
    return { token, rows, settled: result[0]?.settled ?? 0 };
  }

  /** A full lease again for the row under `token`; false when the token is gone (the lease ran out and another claim took the row, or the row was settled). */
  async renew(key: readonly string[], token: string, leaseMs: number, where = 'true'): Promise<boolean> {
    const n = key.length;
    const [, renewed] = (await this.dataSource.query(
      `UPDATE ${this.spec.table} SET ${this.spec.until} = now() + ($${n + 2}::int * interval '1 millisecond')
       WHERE ${this.matches(key)} AND ${this.spec.token} = $${n + 1}::uuid AND (${where})`,
      [...key, token, leaseMs],
    )) as [unknown[], number];
    return renewed === 1;
  }

  /** Deletes the rows of `keys` still under `token`; returns how many. */
  async finish(keys: ReadonlyArray<readonly string[]>, token: string): Promise<number> {
    if (keys.length === 0) return 0;
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM ${this.spec.table} WHERE (${this.keyList}) IN (SELECT * FROM ${unnest(this.spec.key, 1)}) AND ${this.spec.token} = $${this.spec.key.length + 1}::uuid`,
      [...keyColumns(this.spec.key, keys), token],
    )) as [unknown[], number];
    return deleted;
  }

  /**
   * Ends the lease of the rows of `keys` still under `token` with `set` (SQL assignments with
   * parameters from $1, `params`), e.g. the next attempt's time; returns how many rows changed.
   */
  async release(keys: ReadonlyArray<readonly string[]>, token: string, set: string, params: readonly unknown[] = []): Promise<number> {
    if (keys.length === 0) return 0;
    const from = params.length + 1;
    const [, released] = (await this.dataSource.query(
      `UPDATE ${this.spec.table} SET ${this.spec.token} = NULL, ${set}
       WHERE (${this.keyList}) IN (SELECT * FROM ${unnest(this.spec.key, from)}) AND ${this.spec.token} = $${from + this.spec.key.length}::uuid`,
      [...params, ...keyColumns(this.spec.key, keys), token],
    )) as [unknown[], number];
    return released;
  }

  /**
   * The claim's statement prepared (named by its text's hash), for a query that lists its
   * columns: the poller runs the same text batch after batch, and parsing and planning it each
   * time cost about a tenth of the claim's backend time (issue #12 item 2). A query returning
   * `t.*` stays unnamed: a migration adding a column would fail its prepared statement ("cached
   * plan must not change result type") until the process restarts. Resolves to the returned rows.
   */
  private prepared(text: string): (values: unknown[]) => Promise<unknown> {
    let run = this.statements.get(text);
    if (!run) {
      run = preparedStatement(this.dataSource, `lease_claim_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text);
      this.statements.set(text, run);
    }
    return run;
  }

  private matches(key: readonly string[]): string {
    if (key.length !== this.spec.key.length) throw new Error(`${this.spec.table}: a key has ${this.spec.key.length} columns, got ${key.length}`);
    return this.spec.key.map((column, i) => `${column} = $${i + 1}`).join(' AND ');
  }
}
