// The benchmarks behind bench/README.md; run through bench/run.mjs (`npm run bench`), which
// provides KAFKA_BROKERS and DATABASE_URL. Every rate is printed beside a raw baseline measured
// in the same run, on the same broker and database. BENCH_EVENTS (100k), BENCH_WRITERS (16).
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { createDataSource, createIdempotentProducer, createKafka, createTopics, migrate, parseBrokers } from '@prestaflow/platform';
import { uniqueName } from '@prestaflow/platform/testing';
import {
  EventRelay,
  EventStore,
  type NewEvent,
  readLogFromStart,
  rebuildFromKafka,
  rebuildFromStore,
  type RecordedEvent,
  START_OF_LOG,
  toMessage,
} from '@prestaflow/event-store';
import { TALLY_TABLE_DDL, tallyProjection } from '../libs/event-store/src/testing/tally';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const WRITERS = Number(process.env['BENCH_WRITERS'] ?? 16);
/** Appends timed one event per transaction (the rest of the log is loaded in bigger appends). */
const TIMED_APPENDS = Math.min(EVENTS, Number(process.env['BENCH_TIMED_APPENDS'] ?? 20_000));
const STREAM_LENGTH = 20;
/** Turns taken by each append contender (raw commit, EventStore.append, Emmett). */
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 4);
/** BENCH_APPEND_ONLY=1: the append rounds alone (with BENCH_PERF_DIR, to profile them). */
const APPEND_ONLY = process.env['BENCH_APPEND_ONLY'] === '1';
const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux

const url = process.env['DATABASE_URL']!;
const brokers = parseBrokers(process.env['KAFKA_BROKERS']!);
const schema = uniqueName('bench');
const dataSource = createDataSource({ url, schema, poolSize: WRITERS + 4 });
const kafka = createKafka('bench', brokers);
const results: string[] = [];

const event = (i: number): NewEvent => ({ type: 'Added', data: { amount: (i % 9) + 1 }, actor: { id: 'bench', role: 'SYSTEM' }, occurredAt: '2025-06-02T08:00:00.000Z' });

async function timed(what: string, count: number, run: () => Promise<unknown>): Promise<number> {
  global.gc?.();
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = count / seconds;
  console.log(`  ${what}: ${count} in ${seconds.toFixed(2)} s = ${rate.toFixed(0)}/s`);
  return rate;
}

function ratio(what: string, rate: number, baseline: number, baselineName: string, target: number): void {
  const line = `${what}: ${rate.toFixed(0)}/s = ${(rate / baseline).toFixed(2)}x ${baselineName} (${baseline.toFixed(0)}/s); target >= ${target}x: ${rate / baseline >= target ? 'met' : 'MISSED'}`;
  results.push(line);
  console.log(line);
}

/** `writers` loops sharing one counter up to `count`. */
async function concurrently(writers: number, count: number, work: (i: number, writer: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: writers }, async (_, writer) => {
    for (let i = next++; i < count; i = next++) await work(i, writer);
  }));
}

/** Resident memory sampled while `run` runs: the rebuilds must stay flat. */
async function withRss<T>(what: string, run: () => Promise<T>): Promise<T> {
  const rss = () => process.memoryUsage().rss / 2 ** 20;
  const samples: number[] = [rss()];
  const timer = setInterval(() => samples.push(rss()), 250);
  try {
    return await run();
  } finally {
    clearInterval(timer);
    samples.push(rss());
    const line = `  ${what} RSS MB (every 250 ms): min ${Math.min(...samples).toFixed(0)} max ${Math.max(...samples).toFixed(0)} last ${samples.at(-1)?.toFixed(0)} [${samples.filter((_, i) => i % Math.ceil(samples.length / 12) === 0).map((s) => s.toFixed(0)).join(' ')}]`;
    results.push(line);
    console.log(line);
  }
}

/** CPU seconds used so far by this process (the clients) and by the PostgreSQL server's processes, when it runs on this machine. */
function cpuSeconds(postmaster: number | null): { client: number; server: number } {
  const { user, system } = process.cpuUsage();
  let server = 0;
  if (postmaster !== null) {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const stat = (() => {
        try {
          return readFileSync(`/proc/${pid}/stat`, 'utf8');
        } catch {
          return null; // ended while being read
        }
      })();
      // Fields after the command name: state ppid ... utime (12th) stime (13th), in clock ticks.
      const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields && (Number(pid) === postmaster || Number(fields[1]) === postmaster)) server += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    }
  }
  return { client: (user + system) / 1e6, server };
}

/** What one append costs, summed over the rounds: wall time, CPU on each side, WAL written and flushed. */
interface AppendCost {
  appends: number;
  seconds: number;
  clientCpu: number;
  serverCpu: number;
  walBytes: number;
  walSyncs: number;
}

interface Contender {
  name: string;
  /** The i-th append of a round whose streams are named after `round`; each stream gets STREAM_LENGTH appends. */
  append(i: number, writer: number, round: string): Promise<void>;
}

const walStats = async () => {
  const [row] = (await dataSource.query('SELECT wal_sync, wal_bytes FROM pg_stat_wal')) as Array<{ wal_sync: string; wal_bytes: string }>;
  return { syncs: Number(row?.wal_sync ?? 0), bytes: Number(row?.wal_bytes ?? 0) };
};

/** The PostgreSQL server's main process, when it runs on this machine (its backends are its children). */
async function localPostmaster(): Promise<number | null> {
  const [{ pid }] = (await dataSource.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

async function measure(contender: Contender, appends: number, round: string, postmaster: number | null, cost: AppendCost): Promise<void> {
  global.gc?.();
  const [wal, cpu, started] = [await walStats(), cpuSeconds(postmaster), process.hrtime.bigint()];
  await concurrently(WRITERS, appends, (i, writer) => contender.append(i, writer, round));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [walAfter, cpuAfter] = [await walStats(), cpuSeconds(postmaster)];
  Object.assign(cost, {
    appends: cost.appends + appends,
    seconds: cost.seconds + seconds,
    clientCpu: cost.clientCpu + cpuAfter.client - cpu.client,
    serverCpu: cost.serverCpu + cpuAfter.server - cpu.server,
    walBytes: cost.walBytes + walAfter.bytes - wal.bytes,
    walSyncs: cost.walSyncs + walAfter.syncs - wal.syncs,
  });
  console.log(`  ${round} ${contender.name}: ${appends} in ${seconds.toFixed(2)} s = ${(appends / seconds).toFixed(0)}/s`);
}

/**
 * With BENCH_PERF_DIR set, one more round of each contender under `perf record` of the whole
 * machine, with call graphs: where an append's CPU goes, function by function. Not counted in
 * the figures (the profiler slows everything down).
 */
async function profile(contenders: Contender[], appends: number): Promise<void> {
  const directory = process.env['BENCH_PERF_DIR'];
  if (!directory) return;
  for (const contender of contenders) {
    const file = join(directory, `${contender.name.replaceAll(/\W+/g, '-')}.perf.data`);
    const perf = spawn('perf', ['record', '-a', '-F', '499', '--call-graph', 'dwarf,16384', '-o', file], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await concurrently(WRITERS, appends, (i, writer) => contender.append(i, writer, 'profiled'));
    const ended = new Promise((resolve) => perf.once('close', resolve));
    perf.kill('SIGINT');
    await ended;
    console.log(`  profile of ${contender.name}: ${file}`);
  }
}

/**
 * One event per transaction at WRITERS writers: raw commits, EventStore.append and Emmett's
 * appendToStream, taken in turns over BENCH_ROUNDS rounds (in a rotating order) so that a change
 * of load on the machine weighs on all three alike, after an untimed warm-up round of each (tables,
 * connections, per-connection statements and plans all made). Returns how many events it appended.
 */
async function appendBench(store: EventStore): Promise<number> {
  console.log(`append, ${WRITERS} writers, one event per transaction, ${ROUNDS} rounds`);
  await dataSource.query('CREATE TABLE raw_commits (event_id uuid PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL, data jsonb NOT NULL, occurred_at timestamptz NOT NULL)');
  const runners = await Promise.all(Array.from({ length: WRITERS }, async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    return runner;
  }));
  // Each writer extends its own streams, so the expected version is known without a read.
  const streams = Math.max(1, Math.floor(TIMED_APPENDS / ROUNDS / STREAM_LENGTH));
  const perRound = streams * STREAM_LENGTH;
  const contenders: Contender[] = [
    {
      name: 'raw commit',
      append: async (i, writer, round) => {
        const runner = runners[writer]!;
        await runner.query('BEGIN');
        await runner.query('INSERT INTO raw_commits VALUES ($1, $2, $3, $4, $5)', [randomUUID(), `raw-${round}-${i % streams}`, 'Added', JSON.stringify(event(i).data), event(i).occurredAt]);
        await runner.query('COMMIT');
      },
    },
    {
      name: 'EventStore.append',
      append: async (i, _, round) => {
        await store.append(`tally-${round}-${i % streams}`, 'tally', Math.floor(i / streams), [event(i)]);
      },
    },
  ];
  const emmett = await emmettContender(streams);
  if (emmett) contenders.push(emmett.contender);
  else results.push('emmett: @event-driven-io/emmett-postgresql is not installed; skipped');

  const postmaster = await localPostmaster();
  const costs = new Map(contenders.map((contender) => [contender.name, { appends: 0, seconds: 0, clientCpu: 0, serverCpu: 0, walBytes: 0, walSyncs: 0 }]));
  const warmUp = STREAM_LENGTH * WRITERS * 2;
  try {
    for (const contender of contenders) await concurrently(WRITERS, warmUp, (i, writer) => contender.append(i, writer, 'warm-up'));
    for (let round = 0; round < ROUNDS; round++) {
      for (let turn = 0; turn < contenders.length; turn++) {
        const contender = contenders[(round + turn) % contenders.length]!;
        await measure(contender, perRound, `r${round}`, postmaster, costs.get(contender.name)!);
      }
    }
    await profile(contenders, perRound);
  } finally {
    await Promise.all(runners.map((runner) => runner.release()));
    await emmett?.close();
  }

  const rate = (name: string) => costs.get(name)!.appends / costs.get(name)!.seconds;
  results.push(`  per append${postmaster === null ? ' (server CPU not measured: PostgreSQL is not on this machine)' : ''}: wall us, client CPU us, server CPU us, WAL bytes, WAL flushes`);
  for (const [name, cost] of costs) {
    const micros = (seconds: number) => ((seconds / cost.appends) * 1e6).toFixed(0).padStart(7);
    results.push(`    ${name.padEnd(22)} ${micros(cost.seconds)} ${micros(cost.clientCpu)} ${micros(cost.serverCpu)} ${(cost.walBytes / cost.appends).toFixed(0).padStart(7)} ${(cost.walSyncs / cost.appends).toFixed(2).padStart(6)}`);
  }
  ratio('append', rate('EventStore.append'), rate('raw commit'), 'raw commit', 0.5);
  if (emmett) ratio('append vs emmett', rate('EventStore.append'), rate(emmett.contender.name), 'emmett-postgresql', 1.5);
  return warmUp + perRound * ROUNDS;
}

/** Emmett's PostgreSQL event store on the same database, if installed. */
async function emmettContender(streams: number): Promise<{ contender: Contender; close: () => Promise<void> } | null> {
  const emmett = await import('@event-driven-io/emmett-postgresql').catch(() => null);
  if (!emmett) return null;
  const { STREAM_DOES_NOT_EXIST } = await import('@event-driven-io/emmett');
  const store = emmett.getPostgreSQLEventStore(url);
  const prefix = uniqueName('emmett');
  return {
    contender: {
      name: 'emmett appendToStream',
      append: async (i, _, round) => {
        const version = Math.floor(i / streams);
        await store.appendToStream(`${prefix}-${round}-${i % streams}`, [{ type: 'Added', data: event(i).data as { amount: number } }], {
          expectedStreamVersion: version === 0 ? STREAM_DOES_NOT_EXIST : BigInt(version),
        });
      },
    },
    close: () => store.close(),
  };
}

/** The rest of the log, loaded in appends of STREAM_LENGTH events. */
async function fill(store: EventStore, appended: number): Promise<void> {
  const remaining = EVENTS - appended;
  await concurrently(WRITERS, Math.ceil(remaining / STREAM_LENGTH), async (s) => {
    await store.append(`fill-${s}`, 'tally', 0, Array.from({ length: STREAM_LENGTH }, (_, i) => event(s + i)));
  });
}

async function relayBench(store: EventStore): Promise<string> {
  console.log('relay, and raw produce at batch 100');
  const admin = kafka.admin();
  await admin.connect();
  const [topic, rawTopic] = [uniqueName('bench-log'), uniqueName('bench-raw')];
  await createTopics(admin, [topic, rawTopic].map((name) => ({ topic: name, numPartitions: 12 })));
  await admin.disconnect();

  const events: RecordedEvent[] = [];
  for (let batch = await store.readSnapshot(START_OF_LOG, 10_000); batch.length > 0; batch = await store.readSnapshot({ transactionId: batch.at(-1)!.transactionId, globalPosition: batch.at(-1)!.globalPosition }, 10_000)) events.push(...batch);
  const messages = events.map(toMessage);
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const raw = await timed('raw kafkajs produce, batch 100', messages.length, async () => {
    for (let i = 0; i < messages.length; i += 100) await producer.send({ topic: rawTopic, acks: -1, messages: messages.slice(i, i + 100) });
  });
  await producer.disconnect();

  const relay = new EventRelay({ dataSource, kafka, topic, idleDelayMs: 10 });
  const ours = await timed('EventRelay (batch 1000, checkpoint per batch)', events.length, async () => {
    relay.start();
    while (relay.published < events.length) await new Promise((resolve) => setTimeout(resolve, 5));
  });
  await relay.stop();
  ratio('relay', ours, raw, 'raw produce', 0.6);
  return topic;
}

async function rebuildBench(topic: string): Promise<void> {
  console.log(`rebuild of ${EVENTS} events`);
  await dataSource.query(TALLY_TABLE_DDL);
  const consume = await withRss('raw consume', () => timed('raw kafkajs no-op consume', EVENTS, () => readLogFromStart({ kafka, topic, onBatch: async () => undefined })));
  const upsert = await withRss('raw upsert', () => timed('raw batched upsert of the same rows', EVENTS, () => rawUpsert()));
  // Where the Kafka rebuild's time goes: one projector transaction per fetched batch.
  let batches = 0;
  const fromKafka = await withRss('rebuild from Kafka', () =>
    timed('rebuildFromKafka', EVENTS, () =>
      rebuildFromKafka({
        dataSource,
        projection: tallyProjection,
        kafka,
        topic,
        onProgress: () => {
          batches++;
        },
      }),
    ),
  );
  const line = `  rebuild from Kafka: ${batches} batches, ${(EVENTS / Math.max(batches, 1)).toFixed(0)} events per projector transaction (rebuild from PostgreSQL: 5000)`;
  results.push(line);
  console.log(line);
  const fromStore = await withRss('rebuild from PostgreSQL', () => timed('rebuildFromStore', EVENTS, () => rebuildFromStore({ dataSource, projection: tallyProjection })));
  const bound = Math.min(consume, upsert);
  ratio('rebuild from Kafka', fromKafka, bound, 'min(raw consume, raw upsert)', 0.6);
  ratio('rebuild from PostgreSQL', fromStore, bound, 'min(raw consume, raw upsert)', 0.6);
}

/** The rows a rebuild writes, upserted straight from the events table in batches of 5000: no decoding, no checkpoints. */
async function rawUpsert(): Promise<void> {
  await dataSource.query('CREATE TABLE raw_tallies (LIKE tallies INCLUDING ALL)');
  const store = new EventStore(dataSource);
  for (let position = START_OF_LOG; ; ) {
    const batch = await store.readSnapshot(position, 5_000);
    if (batch.length === 0) return;
    const rows = new Map<string, { tally_id: string; total: number; additions: number; closed_by: null; last_event_at: string }>();
    for (const e of batch) {
      const row = rows.get(e.streamId) ?? { tally_id: e.streamId, total: 0, additions: 0, closed_by: null, last_event_at: e.occurredAt };
      rows.set(e.streamId, { ...row, total: row.total + (e.data as { amount: number }).amount, additions: row.additions + 1 });
    }
    await dataSource.query(
      `INSERT INTO raw_tallies SELECT * FROM jsonb_populate_recordset(NULL::raw_tallies, $1::jsonb)
       ON CONFLICT (tally_id) DO UPDATE SET total = raw_tallies.total + EXCLUDED.total, additions = raw_tallies.additions + EXCLUDED.additions`,
      [JSON.stringify([...rows.values()])],
    );
    position = { transactionId: batch.at(-1)!.transactionId, globalPosition: batch.at(-1)!.globalPosition };
  }
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  await dataSource.initialize();
  await migrate(dataSource);
  const store = new EventStore(dataSource);
  console.log(`bench: ${EVENTS} events, ${WRITERS} writers, schema ${schema}`);
  try {
    const appended = await appendBench(store);
    if (!APPEND_ONLY) {
      await fill(store, appended);
      const topic = await relayBench(store);
      await rebuildBench(topic);
    }
  } finally {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
  console.log(`\nresults (${EVENTS} events, ${WRITERS} writers)\n${results.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
