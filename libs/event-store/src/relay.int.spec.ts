import { createKafka } from '@prestaflow/platform';
import { EventStore } from './event-store';
import { type NewEvent, START_OF_LOG } from './events';
import { EventRelay } from './relay';
import { eventually, openTestDatabase, type TestDatabase } from './testing/database';
import { eventsOnTopic, openTestKafka, positionsByStream, type TestKafka } from './testing/kafka';

const added = (amount: number): NewEvent => ({ type: 'Added', data: { amount }, actor: { id: 'op', role: 'OPERATOR' }, occurredAt: '2025-06-02T08:00:00.000Z' });

async function appendRounds(store: EventStore, streams: string[], rounds: number, from = 0): Promise<void> {
  for (let round = from; round < from + rounds; round++) {
    await Promise.all(streams.map((stream) => store.append(stream, 'tally', round, [added(round)])));
  }
}

const streams = (prefix: string) => Array.from({ length: 10 }, (_, i) => `${prefix}-${i}`);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

jest.setTimeout(60_000);

describe('event relay, real PostgreSQL and broker', () => {
  let db: TestDatabase;
  let broker: TestKafka;
  let store: EventStore;
  const relays: EventRelay[] = [];
  const relay = (options: Partial<ConstructorParameters<typeof EventRelay>[0]> & { topic: string }) => {
    const started = new EventRelay({ dataSource: db.dataSource, kafka: broker.kafka, lockPollMs: 100, ...options });
    relays.push(started);
    started.start();
    return started;
  };

  beforeAll(async () => {
    db = await openTestDatabase('relay');
    broker = await openTestKafka();
    store = new EventStore(db.dataSource);
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await broker?.close();
    await db?.drop();
  });

  const logSize = async () => Number(((await db.dataSource.query('SELECT count(*) AS n FROM events')) as Array<{ n: string }>)[0]!.n);
  const checkpoint = async (name: string) =>
    ((await db.dataSource.query('SELECT global_position FROM relay_checkpoints WHERE relay = $1', [name])) as Array<{ global_position: string }>)[0];

  it('publishes what is committed, keyed by stream id, in stream order, and checkpoints the last acknowledged event', async () => {
    const topic = await broker.topic('relay-order');
    const ids = streams('order');
    await appendRounds(store, ids, 20);
    const running = relay({ topic, batchSize: 64 });
    await eventually('200 events published', () => running.published === 200);

    const published = await eventsOnTopic(broker.kafka, topic);
    expect(published).toHaveLength(200);
    expect(published.every((event) => event.key === event.streamId)).toBe(true);
    for (const id of ids) expect(positionsByStream(published).get(id)).toEqual(oneTo(20));
    const lastCommitted = (await store.readAll(START_OF_LOG, 1_000)).at(-1)!;
    expect(Number((await checkpoint(topic))!.global_position)).toBe(lastCommitted.globalPosition);
  });

  it('publishes an append as it commits, not after its idle pause: the notice sent after the append wakes it (ADR 0030, 0032)', async () => {
    const topic = await broker.topic('relay-woken');
    const idle = relay({ topic, idleDelayMs: 120_000 });
    await eventually('the log so far published', async () => idle.active && idle.published === (await logSize()));
    await new Promise((resolve) => setTimeout(resolve, 300)); // now in its two-minute pause
    await appendRounds(store, ['woken'], 1);
    // Without the notice it would sleep on for two minutes.
    await eventually('the append published', async () => idle.published === (await logSize()), 5_000);
    await idle.stop();
  });

  it('publishes a notified append held back by an older transaction once that one ends, without waiting out its pause (ADR 0004, 0030)', async () => {
    const topic = await broker.topic('relay-held-back');
    const idle = relay({ topic, idleDelayMs: 120_000 });
    await eventually('the log so far published', async () => idle.active && idle.published === (await logSize()));
    // An older transaction, still running when the append commits: the relay may not read past it.
    const older = db.dataSource.createQueryRunner();
    await older.connect();
    try {
      await older.startTransaction();
      await older.query('SELECT pg_current_xact_id()');
      await appendRounds(store, ['held-back'], 1);
      await new Promise((resolve) => setTimeout(resolve, 500)); // notified, read, found nothing readable
      expect(idle.published).toBeLessThan(await logSize());
      await older.commitTransaction();
    } finally {
      await older.release();
    }
    await eventually('the append published', async () => idle.published === (await logSize()), 5_000);
    await idle.stop();
  });

  it('a relay that starts while an append is held back publishes it once the older transaction ends, though no notice reached it', async () => {
    const topic = await broker.topic('relay-started-held-back');
    const older = db.dataSource.createQueryRunner();
    await older.connect();
    let starting: EventRelay | undefined;
    try {
      await older.startTransaction();
      await older.query('SELECT pg_current_xact_id()');
      await appendRounds(store, ['started-held-back'], 1); // committed and notified before the relay listens
      starting = relay({ topic, idleDelayMs: 120_000 });
      await eventually('the relay reading', () => starting!.active);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(starting.published).toBeLessThan(await logSize());
      await older.commitTransaction();
    } finally {
      await older.release();
    }
    await eventually('the append published', async () => starting!.published === (await logSize()), 5_000);
    await starting.stop();
  });

  it('starts over and listens again when the connection holding its lock is lost, without waiting out its pause', async () => {
    const topic = await broker.topic('relay-reconnected');
    const idle = relay({ topic, idleDelayMs: 120_000, retryDelayMs: 100 });
    await eventually('the log so far published', async () => idle.active && idle.published === (await logSize()));
    await new Promise((resolve) => setTimeout(resolve, 300)); // now in its two-minute pause
    // The backend holding this relay's advisory lock (the key it takes: the schema and its name).
    const [killed] = (await db.dataSource.query(
      `SELECT pg_terminate_backend(pid) AS done FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = hashtext(current_schema() || ':relay:' || $1)::bigint`,
      [topic],
    )) as Array<{ done: boolean }>;
    expect(killed?.done).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a new session, in its two-minute pause
    await appendRounds(store, ['reconnected'], 1);
    await eventually('the append published', async () => idle.published === (await logSize()), 5_000);
    await idle.stop();
  });

  it('saves no progress while the broker does not acknowledge', async () => {
    const nowhere = createKafka('relay-nowhere', ['127.0.0.1:1'], 1);
    const stuck = relay({ topic: 'nowhere', kafka: nowhere, name: 'nowhere', retryDelayMs: 100 });
    await appendRounds(store, streams('stuck'), 1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(stuck.published).toBe(0);
    expect(await checkpoint('nowhere')).toBeUndefined();
    await stuck.stop();
  });

  it('lets one relay publish while a second waits, and the second take over when the first stops', async () => {
    const topic = await broker.topic('relay-takeover');
    const ids = streams('takeover');
    const first = relay({ topic });
    await eventually('first relay active', () => first.active);
    const second = relay({ topic });
    await appendRounds(store, ids, 5);
    const inLog = await logSize();
    await eventually('first batch published', () => first.published === inLog);
    expect(second.active).toBe(false);
    expect(second.published).toBe(0);

    await first.stop();
    await appendRounds(store, ids, 5, 5);
    await eventually('second relay takes over', () => second.active && second.published === 50);
    expect(first.published).toBe(inLog);

    const published = await eventsOnTopic(broker.kafka, topic);
    for (const id of ids) expect(positionsByStream(published).get(id)).toEqual(oneTo(10));
  });
});
