import { randomUUID } from 'node:crypto';
import { createDataSource, migrate } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';
import { type DataSource } from 'typeorm';
import { CLAIM_DUE, CLAIM_DUE_SETTLING, DeadlineTable } from './deadline-table';
import { type OpenDeadline } from './open-deadlines';

// A schema of its own: this file fills the table with many rows and reads plans.
describe('claiming due deadlines, real PostgreSQL', () => {
  const schema = uniqueName('deadlines');
  let dataSource: DataSource;
  let table: DeadlineTable;

  beforeAll(async () => {
    dataSource = await createDataSource({ url: integrationEnvironment().databaseUrl, schema }).initialize();
    await migrate(dataSource);
    table = new DeadlineTable(dataSource);
    // 10,000 prestations over a year, each row naming its earliest open deadline (ADR 0026): a
    // worker deadline (its reminder after it waits, as the projection keeps only the earliest).
    await dataSource.query(`
      INSERT INTO deadlines (prestation_id, user_id, state, id, kind, deadline_id, reminder, due_at, user_window)
      SELECT 'p' || i, '100000000042', '{}', 'p' || i || '/worker-v1', 'WORKER', 'worker-v1', NULL,
             timestamptz '2030-01-01T00:00:00Z' + (i * interval '53 minutes') + interval '1 day', false
      FROM generate_series(1, 10000) AS i`);
    await dataSource.query('ANALYZE deadlines');
  }, 60_000);

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA ${schema} CASCADE`);
    await dataSource?.destroy();
  });

  it('claims in due order through the due_at index, without a sort or a full scan (EXPLAIN)', async () => {
    const plan = (
      (await dataSource.query(`EXPLAIN ${CLAIM_DUE}`, ['2030-03-01T00:00:00Z', '-infinity', 100, 60_000, randomUUID()])) as Array<{ 'QUERY PLAN': string }>
    )
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    expect(plan).toMatch(/Index Scan using deadlines_due_at_idx on deadlines c/);
    expect(plan).not.toMatch(/Seq Scan|Sort/);
  });

  it('claims through the due_at index under the generic plan its prepared statement may switch to, settling by the key index (EXPLAIN)', async () => {
    // Leases runs the claim prepared; after five runs PostgreSQL may plan it once for any parameters.
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('SET plan_cache_mode = force_generic_plan');
      const plans: string[] = [];
      for (const [name, statement, params] of [
        ['claim_due', CLAIM_DUE, `'2030-03-01T00:00:00Z', '-infinity', 100, 60000, '${randomUUID()}'`],
        ['claim_due_settling', CLAIM_DUE_SETTLING, `'2030-03-01T00:00:00Z', '-infinity', 100, 60000, '${randomUUID()}', '{p1,p2}', '${randomUUID()}'`],
      ] as const) {
        await runner.query(`PREPARE ${name} AS ${statement}`);
        plans.push(((await runner.query(`EXPLAIN EXECUTE ${name}(${params})`)) as Array<{ 'QUERY PLAN': string }>).map((row) => row['QUERY PLAN']).join('\n'));
      }
      for (const plan of plans) {
        expect(plan).toMatch(/Index Scan using deadlines_due_at_idx on deadlines c/);
        expect(plan).not.toMatch(/Seq Scan|Sort/);
      }
      expect(plans[1]).toMatch(/Index Scan using deadlines_pkey on deadlines/);
    } finally {
      await runner.query('DEALLOCATE ALL; RESET plan_cache_mode');
      await runner.release();
    }
  });

  it('no transaction stays open (holding an xid, so the relay horizon, ADR 0004) while the claimed rows are worked on (ADR 0022)', async () => {
    let holding: number | undefined;
    await table.claimDue(new Date('2030-01-03T00:00:00Z'), null, 3, async (claimed) => {
      expect(claimed).toHaveLength(3);
      const [row] = (await dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE backend_xid IS NOT NULL AND state LIKE 'idle in transaction%' AND query ILIKE '%SKIP LOCKED%'`,
      )) as Array<{ n: number }>;
      holding = row!.n;
      return [];
    });
    expect(holding).toBe(0);
  });

  it('a claim whose lease ran out is taken by the next claimer; the first one then settles nothing (finish by token)', async () => {
    const now = new Date('2030-01-04T00:00:00Z');
    let firstClaimed: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = table.claimDue(now, null, 2, async (claimed) => {
      firstClaimed = claimed.map((d) => d.id);
      await held; // a stalled poller: its lease runs out meanwhile
      return firstClaimed;
    }, 300);
    await new Promise((resolve) => setTimeout(resolve, 600));
    let secondClaimed: string[] = [];
    await table.claimDue(now, null, 2, async (claimed) => {
      secondClaimed = claimed.map((d) => d.id);
      return [];
    });
    release();
    await first;
    expect(secondClaimed).toEqual(firstClaimed);
    const rows = (await dataSource.query(`SELECT id FROM deadlines WHERE id = ANY($1::text[]) AND due_at IS NOT NULL`, [firstClaimed])) as unknown[];
    expect(rows).toHaveLength(2);
  });

  it('two claimers at once get disjoint batches (SKIP LOCKED), oldest first', async () => {
    const now = new Date('2030-01-05T00:00:00Z');
    const seen: OpenDeadline[][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = table.claimDue(now, null, 10, async (claimed) => {
      seen.push(claimed);
      await held; // keeps its rows leased while the second claims
      return [];
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = table.claimDue(now, null, 10, async (claimed) => {
      seen.push(claimed);
      return [];
    });
    await second;
    release();
    await first;
    const [a, b] = seen;
    expect(a).toHaveLength(10);
    expect(b).toHaveLength(10);
    expect(a!.filter((d) => b!.some((other) => other.id === d.id))).toEqual([]);
    for (const batch of [a!, b!]) {
      expect(batch.map((d) => d.dueAt)).toEqual([...batch.map((d) => d.dueAt)].sort());
    }
  });

  it('settles only the rows the work settled, under its claim token: not claimable again until their event is folded', async () => {
    const now = new Date('2030-01-03T00:00:00Z');
    const settled = await table.claimDue(now, null, 5, async (claimed) => claimed.slice(0, 3).map((d) => d.id));
    expect(settled).toBe(3);
    const left = (await dataSource.query(`SELECT count(*)::int AS n FROM deadlines WHERE due_at IS NOT NULL`)) as Array<{ n: number }>;
    expect(left[0]!.n).toBe(9_997);
    const again = await table.claimDue(now, null, 10_000, async () => []);
    expect(again).toBe(0);
  });

  it('drains batch after batch, each claim settling the batch before it: every due row fired once and settled', async () => {
    const now = new Date('2030-01-08T00:00:00Z');
    const claimable = async () =>
      ((await dataSource.query(`SELECT count(*)::int AS n FROM deadlines WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until <= now())`, [now])) as Array<{ n: number }>)[0]!.n;
    const due = await claimable();
    expect(due).toBeGreaterThan(25);
    const fired: string[] = [];
    const settled = await table.drainDue(() => now, null, 10, async (claimed) => {
      fired.push(...claimed.map((d) => d.id));
      return claimed.map((d) => d.id);
    }, 60_000, () => true);
    expect(fired).toHaveLength(due);
    expect(new Set(fired).size).toBe(due);
    expect(settled).toBe(due);
    expect(await claimable()).toBe(0);
  });

  it('the claim that settles the batch before it still claims through the due_at index (EXPLAIN)', async () => {
    const plan = (
      (await dataSource.query(`EXPLAIN ${CLAIM_DUE_SETTLING}`, ['2030-03-01T00:00:00Z', '-infinity', 100, 60_000, randomUUID(), ['p1', 'p2'], randomUUID()])) as Array<{ 'QUERY PLAN': string }>
    )
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    expect(plan).toMatch(/Index Scan using deadlines_due_at_idx on deadlines c/);
    // Sorted: only the settlement's few keys (IN dedupes them), never the candidate rows.
    expect(plan).not.toMatch(/Seq Scan|Sort Key: c\./);
  });
});
