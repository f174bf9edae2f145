import { randomUUID } from 'node:crypto';
import { createDataSource, migrate } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';
import { type DataSource } from 'typeorm';
import { CLAIM_DUE, DeadlineTable } from './deadline-table';
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
    // 20,000 deadlines of 10,000 prestations over a year, a worker deadline and a reminder each.
    await dataSource.query(`
      INSERT INTO deadlines (id, prestation_id, user_id, kind, deadline_id, reminder, due_at)
      SELECT 'p' || i || '/' || k, 'p' || i, '100000000042', CASE k WHEN 1 THEN 'WORKER' ELSE 'REMINDER' END, 'worker-v1',
             CASE k WHEN 1 THEN NULL ELSE 1 END,
             timestamptz '2030-01-01T00:00:00Z' + (i * interval '53 minutes') + (k * interval '1 day')
      FROM generate_series(1, 10000) AS i, generate_series(1, 2) AS k`);
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

  it('a claim whose lease ran out is taken by the next claimer; the first one then deletes nothing (finish by token)', async () => {
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
    const rows = (await dataSource.query('SELECT id FROM deadlines WHERE id = ANY($1::text[])', [firstClaimed])) as unknown[];
    expect(rows).toHaveLength(2);
  });

  it('two claimers at once get disjoint batches (SKIP LOCKED), the earliest open deadline of each prestation only, oldest first', async () => {
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
      expect(batch.every((d) => d.kind === 'WORKER')).toBe(true); // the reminder waits for its prestation's earlier deadline
    }
  });

  it('deletes only the rows the work settled, under its claim token', async () => {
    const now = new Date('2030-01-03T00:00:00Z');
    const settled = await table.claimDue(now, null, 5, async (claimed) => claimed.slice(0, 3).map((d) => d.id));
    expect(settled).toBe(3);
    const left = (await dataSource.query(`SELECT count(*)::int AS n FROM deadlines`)) as Array<{ n: number }>;
    expect(left[0]!.n).toBe(19_997);
  });
});
