// The benchmarks behind bench/README.md; run through bench/run.mjs (`npm run bench`), which
// provides KAFKA_BROKERS and DATABASE_URL. Every rate is printed beside a raw baseline measured
// in the same run, on the same broker and database. BENCH_EVENTS (100k), BENCH_WRITERS (16).
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { createDataSource, createIdempotentProducer, createKafka, createTopics, migrate, parseBrokers, uniqueName } from '@prestaflow/platform';
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

/** WAL flushes (fsyncs) of the whole cluster so far: what bounds one-transaction-per-append writers. */
const walSyncs = async () => Number(((await dataSource.query('SELECT wal_sync FROM pg_stat_wal')) as Array<{ wal_sync: string }>)[0]?.wal_sync ?? 0);

async function withWalSyncs<T extends number>(what: string, count: number, run: () => Promise<T>): Promise<T> {
  const before = await walSyncs();
  const rate = await run();
  const line = `  ${what}: ${((await walSyncs()) - before) / count} WAL flushes per append`;
  results.push(line);
  console.log(line);
  return rate;
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

async function appendBench(store: EventStore): Promise<number> {
  console.log(`append, ${WRITERS} writers, one event per transaction`);
  await dataSource.query('CREATE TABLE raw_commits (event_id uuid PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL, data jsonb NOT NULL, occurred_at timestamptz NOT NULL)');
  const runners = await Promise.all(Array.from({ length: WRITERS }, async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    return runner;
  }));
  const raw = await withWalSyncs('raw commit', TIMED_APPENDS, () => timed('raw BEGIN; INSERT; COMMIT', TIMED_APPENDS, () =>
    concurrently(WRITERS, TIMED_APPENDS, async (i, writer) => {
      const runner = runners[writer]!;
      await runner.query('BEGIN');
      await runner.query('INSERT INTO raw_commits VALUES ($1, $2, $3, $4, $5)', [randomUUID(), `raw-${i % (TIMED_APPENDS / STREAM_LENGTH)}`, 'Added', JSON.stringify(event(i).data), event(i).occurredAt]);
      await runner.query('COMMIT');
    }),
  ));
  await Promise.all(runners.map((runner) => runner.release()));
  // Each writer extends its own streams, so the expected version is known without a read.
  const streams = TIMED_APPENDS / STREAM_LENGTH;
  const ours = await withWalSyncs('EventStore.append', TIMED_APPENDS, () => timed('EventStore.append (expected version)', TIMED_APPENDS, () =>
    concurrently(WRITERS, TIMED_APPENDS, async (i) => {
      await store.append(`tally-${i % streams}`, 'tally', Math.floor(i / streams), [event(i)]);
    }),
  ));
  ratio('append', ours, raw, 'raw commit', 0.5);
  return ours;
}

async function emmettBench(ours: number): Promise<void> {
  const emmett = await import('@event-driven-io/emmett-postgresql').catch(() => null);
  if (!emmett) {
    results.push('emmett: @event-driven-io/emmett-postgresql is not installed; skipped');
    return;
  }
  const { STREAM_DOES_NOT_EXIST } = await import('@event-driven-io/emmett');
  const store = emmett.getPostgreSQLEventStore(url);
  try {
    await store.appendToStream('warm-up', [{ type: 'Added', data: { amount: 1 } }], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
    const streams = TIMED_APPENDS / STREAM_LENGTH;
    const prefix = uniqueName('emmett');
    const rate = await withWalSyncs('emmett appendToStream', TIMED_APPENDS, () => timed('emmett appendToStream (expected version)', TIMED_APPENDS, () =>
      concurrently(WRITERS, TIMED_APPENDS, async (i) => {
        const version = Math.floor(i / streams);
        await store.appendToStream(`${prefix}-${i % streams}`, [{ type: 'Added', data: event(i).data as { amount: number } }], {
          expectedStreamVersion: version === 0 ? STREAM_DOES_NOT_EXIST : BigInt(version),
        });
      }),
    ));
    ratio('append vs emmett', ours, rate, 'emmett-postgresql', 1.5);
  } finally {
    await store.close();
  }
}

/** The rest of the log, loaded in appends of STREAM_LENGTH events. */
async function fill(store: EventStore): Promise<void> {
  const remaining = EVENTS - TIMED_APPENDS;
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
    const ours = await appendBench(store);
    await emmettBench(ours);
    await fill(store);
    const topic = await relayBench(store);
    await rebuildBench(topic);
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
