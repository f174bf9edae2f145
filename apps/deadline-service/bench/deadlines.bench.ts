// Deadline bench (issue #6 item 5, issue #12 item 2): pending deadlines in a schema of its own,
// insert rate on an (almost) empty table and with all of them pending, claim rates next to a raw
// SKIP LOCKED baseline in the same run, a storm of deadlines falling due at once fired through the
// command handler with the relay's lag sampled meanwhile, and the claim's plan.
// Run: DATABASE_URL=postgres://... node -r @swc-node/register apps/deadline-service/bench/deadlines.bench.ts
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { defaultPolicy } from '@prestaflow/domain';
import { EventStore, Projector, type RecordedEvent } from '@prestaflow/event-store';
import { ControllableClock, createDataSource, migrate } from '@prestaflow/platform';
import { uniqueName } from '@prestaflow/platform/testing';
import { PrestationCommands } from '@prestaflow/write-side';
import { encodePrestationForWorker, T0 } from '@prestaflow/testing';
import { type DataSource } from 'typeorm';
import { loadDeadlineConfig } from '../src/config';
import { deadlineProjection, type DeadlineRow } from '../src/deadlines/deadline.projection';
import { DeadlinePoller } from '../src/deadlines/deadline-poller';
import { CLAIM_DUE, CLAIM_DUE_SETTLING, DeadlineTable } from '../src/deadlines/deadline-table';
import { UserAbsences } from '../src/deadlines/user-absences';

const TOTAL = Number(process.env['BENCH_DEADLINES'] || 1_000_000);
const CLAIMED = Number(process.env['BENCH_CLAIMED'] || 100_000);
const PRESTATIONS = Number(process.env['BENCH_PRESTATIONS'] || 10_000);
/** Rows inserted to time the insert rate, once before the table is filled and once after. */
const PROBE = 50_000;
const CLAIMERS = 4;
const BATCH = 100;

const rate = (count: number, ms: number) => `${count} in ${(ms / 1000).toFixed(2)} s = ${Math.round((count * 1000) / ms)}/s`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/** Inserts synthetic deadlines `from` to `to` (exclusive) in unnest batches of 10,000; returns the time taken in ms. */
async function insertSynthetic(dataSource: DataSource, from: number, to: number): Promise<number> {
  const chunk = 10_000;
  const [, ms] = await timed(async () => {
    for (let start = from; start < to; start += chunk) {
      const n = Math.min(chunk, to - start);
      const ids = Array.from({ length: n }, (_, i) => `synthetic-${start + i}`);
      // Due from 2040, a minute apart: far after the real prestations below.
      const due = ids.map((_, i) => new Date(Date.UTC(2040, 0, 1) + (start + i) * 60_000).toISOString());
      await dataSource.query(
        `INSERT INTO deadlines (prestation_id, user_id, state, id, kind, deadline_id, reminder, due_at, user_window)
         SELECT p, p, '{}', p, k, d, r, t, false FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[]) AS u(p, k, d, r, t)`,
        [ids, ids.map(() => 'WORKER'), ids.map(() => 'worker-v1'), ids.map(() => null), due],
      );
    }
  });
  return ms;
}

/**
 * Samples, every 20 ms until stopped, how long the oldest committed event has been invisible to the
 * relay (`transaction_id >= pg_snapshot_xmin`: an older transaction still holds an xid, ADR 0004).
 */
function sampleRelayLag(dataSource: DataSource): () => Promise<string> {
  const samples: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const [row] = (await dataSource.query(
        `SELECT coalesce(extract(epoch FROM clock_timestamp() - min(recorded_at)) * 1000, 0)::float8 AS lag
         FROM events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())`,
      )) as Array<{ lag: number }>;
      samples.push(row?.lag ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    const sorted = [...samples].sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
    return `${samples.length} samples, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
  };
}

/**
 * `claimers` loops in parallel, each taking `BATCH` rows at a time until `count` are gone: `claimer`
 * runs one loop, telling `took` how many rows each batch took and stopping when it says false.
 * Returns the rows taken (the last batches may pass `count`) and the time taken in ms.
 */
async function drain(count: number, claimer: (took: (rows: number) => boolean) => Promise<unknown>): Promise<{ rows: number; ms: number }> {
  let left = count;
  const took = (rows: number) => {
    left -= rows;
    return rows > 0 && left > 0;
  };
  const [, ms] = await timed(() => Promise.all(Array.from({ length: CLAIMERS }, () => claimer(took))));
  return { rows: count - left, ms };
}

async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is required');
  const schema = uniqueName('bench_deadlines');
  const dataSource = await createDataSource({ url, schema, poolSize: 20 }).initialize();
  try {
    await migrate(dataSource);
    const table = new DeadlineTable(dataSource);
    const commands = new PrestationCommands(dataSource, defaultPolicy);

    // Real prestations: encoded through the command handler, projected, then fired.
    const ids = Array.from({ length: PRESTATIONS }, () => randomUUID());
    let [, ms] = await timed(async () => {
      for (let i = 0; i < ids.length; i += 20) {
        await Promise.all(ids.slice(i, i + 20).map((prestationId) => commands.execute({ ...encodePrestationForWorker(T0), prestationId })));
      }
    });
    console.log(`encode through the command handler: ${rate(PRESTATIONS, ms)}`);
    // Per delivered event, 20 at a time, in the same run and in alternating rounds: the baseline
    // is what DeadlineTable.refresh did before ADR 0026 (lock the prestation, re-read its stream,
    // fold it, replace its row), raw, into a scratch copy of the table; then the Projector folding
    // the delivered event onto the row it keeps (ADR 0026).
    const store = new EventStore(dataSource);
    const delivered = (await Promise.all(ids.map(async (id) => (await store.readStream(id)).events))).flat();
    await dataSource.query('CREATE TABLE deadlines_reread (LIKE deadlines INCLUDING ALL)');
    const reread = (event: RecordedEvent) =>
      dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`deadlines:${event.streamId}`]);
        const { events } = await new EventStore(manager).readStream(event.streamId);
        const row = events.filter((e) => e.streamPosition <= event.streamPosition).reduce<DeadlineRow | null>((r, e) => deadlineProjection.evolve(r, e), null);
        await manager.query('DELETE FROM deadlines_reread WHERE prestation_id = $1', [event.streamId]);
        if (row) await manager.query('INSERT INTO deadlines_reread SELECT * FROM jsonb_populate_record(NULL::deadlines_reread, $1::jsonb)', [JSON.stringify(row)]);
      });
    const perEvent = { reread: 0, fold: 0 };
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      const slice = delivered.slice(Math.floor((round * delivered.length) / rounds), Math.floor(((round + 1) * delivered.length) / rounds));
      const runs: Array<[keyof typeof perEvent, (event: RecordedEvent) => Promise<unknown>]> = [
        ['reread', reread],
        ['fold', (event) => table.projector.apply([event])],
      ];
      for (const [name, apply] of round % 2 === 0 ? runs : runs.reverse()) {
        [, ms] = await timed(async () => {
          for (let i = 0; i < slice.length; i += 20) await Promise.all(slice.slice(i, i + 20).map(apply));
        });
        perEvent[name] += ms;
      }
    }
    console.log(`per delivered event, baseline: re-read the stream, fold, replace the row (the old refresh, raw): ${rate(delivered.length, perEvent.reread)}`);
    console.log(`per delivered event, Projector folding the event onto its row: ${rate(delivered.length, perEvent.fold)} = ${(perEvent.reread / perEvent.fold).toFixed(2)}x the baseline`);
    // And as the consumer gets them (ADR 0011): batches of up to 100, into a fresh copy of the table.
    const batched = new Projector(dataSource, deadlineProjection, { table: 'deadlines_batched', checkpoint: 'deadlines_batched' });
    await dataSource.query('CREATE TABLE deadlines_batched (LIKE deadlines INCLUDING ALL)');
    [, ms] = await timed(async () => {
      for (let i = 0; i < delivered.length; i += 100) await batched.apply(delivered.slice(i, i + 100));
    });
    console.log(`projection in delivered batches of 100: ${rate(delivered.length, ms)}`);

    const emptyMs = await insertSynthetic(dataSource, 0, PROBE);
    console.log(`insert with ${PRESTATIONS} pending (unnest batches of 10,000): ${rate(PROBE, emptyMs)}`);
    const fillMs = await insertSynthetic(dataSource, PROBE, TOTAL);
    console.log(`filling to ${TOTAL} pending: ${rate(TOTAL - PROBE, fillMs)}`);
    await dataSource.query('ANALYZE deadlines');
    const fullMs = await insertSynthetic(dataSource, TOTAL, TOTAL + PROBE);
    console.log(`insert with ${TOTAL + PRESTATIONS} pending: ${rate(PROBE, fullMs)} = ${(emptyMs / fullMs).toFixed(2)}x the nearly empty table (goal >= 0.8x)`);
    // EXPLAIN ANALYZE runs the claim: rolled back. Then the claim that settles the batch before it.
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    const explain = async (statement: string, params: unknown[]) =>
      ((await runner.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${statement}`, params)) as Array<{ 'QUERY PLAN': string }>).map((row) => row['QUERY PLAN']).join('\n');
    const firstToken = randomUUID();
    console.log(`claim plan with ${TOTAL} rows:\n${await explain(CLAIM_DUE, ['2040-06-01T00:00:00Z', '-infinity', BATCH, 60_000, firstToken])}`);
    const firstBatch = ((await runner.query('SELECT prestation_id FROM deadlines WHERE lease = $1', [firstToken])) as Array<{ prestation_id: string }>).map((row) => row.prestation_id);
    console.log(
      `claim plan settling the batch before:\n${await explain(CLAIM_DUE_SETTLING, ['2040-06-01T00:00:00Z', '-infinity', BATCH, 60_000, randomUUID(), firstBatch, firstToken])}`,
    );
    await runner.rollbackTransaction();
    await runner.release();

    const config = { ...loadDeadlineConfig({ DEADLINE_BATCH_SIZE: String(BATCH) }), fireFrom: null };
    const pollers = Array.from({ length: CLAIMERS }, () => new DeadlinePoller(table, commands, new UserAbsences(dataSource, commands, table), new ControllableClock(new Date('2025-07-01T00:00:00Z')), config));
    const relayLag = sampleRelayLag(dataSource);
    [, ms] = await timed(() => Promise.all(pollers.map((poller) => poller.fireDue())));
    const lag = await relayLag();
    const fired = pollers.reduce((sum, poller) => sum + poller.counts.fired, 0);
    console.log(`storm: ${PRESTATIONS} worker deadlines due at once, fired through the command handler (AutoValidated WORKER): ${rate(fired, ms)} (${CLAIMERS} pollers, refused ${pollers.reduce((s, p) => s + p.counts.refused, 0)})`);
    console.log(`relay lag during the storm (oldest committed event the relay cannot see yet): ${lag}`);

    const now = '2041-01-01T00:00:00Z';
    const raw = (took: (rows: number) => boolean) =>
      (async () => {
        for (;;) {
          const [, deleted] = (await dataSource.query(
            `DELETE FROM deadlines WHERE prestation_id IN (SELECT prestation_id FROM deadlines WHERE due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING prestation_id`,
            [now, BATCH],
          )) as [unknown[], number];
          if (!took(deleted)) return;
        }
      })();
    // As the poller drains (DeadlinePoller.fireDue: DeadlineTable.drainDue, each claim settling the
    // batch before it), with work that fires nothing and settles every claimed row.
    const service = (took: (rows: number) => boolean) => {
      let more = true;
      return table.drainDue(() => new Date(now), null, BATCH, async (claimed) => {
        more = took(claimed.length);
        return claimed.map((d) => d.id);
      }, 120_000, () => more);
    };
    // In alternating rounds, as the per-event lines above: the machine's load drifts less between the two.
    const drained = { raw: { rows: 0, ms: 0 }, service: { rows: 0, ms: 0 } };
    for (let round = 0; round < rounds; round++) {
      const contenders: Array<[keyof typeof drained, (took: (rows: number) => boolean) => Promise<unknown>]> = [
        ['raw', raw],
        ['service', service],
      ];
      for (const [name, claimer] of round % 2 === 0 ? contenders : contenders.reverse()) {
        const { rows, ms } = await drain(CLAIMED / rounds, claimer);
        drained[name].rows += rows;
        drained[name].ms += ms;
      }
    }
    const rawMs = drained.raw.ms / drained.raw.rows;
    const serviceMs = drained.service.ms / drained.service.rows;
    console.log(`raw SKIP LOCKED claim + delete (baseline): ${rate(drained.raw.rows, drained.raw.ms)} (${CLAIMERS} claimers, batches of ${BATCH}, ${rounds} rounds)`);
    console.log(`service claim (lease) + settle (fired: no due instant until its event): ${rate(drained.service.rows, drained.service.ms)} (the same)`);
    console.log(`service claim / raw claim: ${(rawMs / serviceMs).toFixed(2)}x (goal >= 0.5x)`);
  } finally {
    await dataSource.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
