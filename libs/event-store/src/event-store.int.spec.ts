import { ConcurrencyError } from '@prestaflow/contracts';
import { type Client } from 'pg';
import { CommandHandler } from './command-handler';
import { StreamVersionConflictError } from './errors';
import { EventStore, positionAfter } from './event-store';
import { type EventMetadata, type NewEvent, START_OF_LOG } from './events';
import { eventually, openTestDatabase, type TestDatabase } from './testing/database';
import { tallyCodec, TallyClosedError, tallyDecider } from './testing/tally';

const metadata: EventMetadata = { actor: { id: '980000000001', role: 'WORKER' }, occurredAt: '2025-06-02T08:00:00.000Z', correlationId: 'c-1' };
const added = (amount: number): NewEvent => ({ type: 'Added', data: { amount }, ...metadata });

describe('event store, real PostgreSQL', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await openTestDatabase('event_store', 24);
    store = new EventStore(db.dataSource);
  });
  afterAll(() => db?.drop());

  it('appends to a new stream and reads it back in stream order, with its metadata', async () => {
    const recorded = await store.append('s-1', 'tally', 0, [added(1), added(2)]);
    expect(recorded.map((event) => event.streamPosition)).toEqual([1, 2]);
    const stream = await store.readStream('s-1');
    expect(stream.version).toBe(2);
    expect(stream.events).toEqual(recorded);
    expect(stream.events[0]).toMatchObject({
      type: 'Added',
      data: { amount: 1 },
      schemaVersion: 1,
      actor: { id: '980000000001', role: 'WORKER' },
      occurredAt: '2025-06-02T08:00:00.000Z',
      correlationId: 'c-1',
      causationId: null,
    });
  });

  it('refuses a stale expected version with a CONCURRENCY error and writes nothing', async () => {
    await store.append('s-2', 'tally', 0, [added(1)]);
    await store.append('s-2', 'tally', 1, [added(2)]);
    const stale = store.append('s-2', 'tally', 1, [added(3)]);
    await expect(stale).rejects.toBeInstanceOf(ConcurrencyError); // the platform's, as the gateway maps it
    await expect(stale).rejects.toBeInstanceOf(StreamVersionConflictError);
    await expect(stale).rejects.toMatchObject({ code: 'CONCURRENCY', expectedVersion: 1, actualVersion: 2 });
    await expect(store.append('s-2', 'tally', 0, [added(3)])).rejects.toMatchObject({ code: 'CONCURRENCY', actualVersion: 2 });
    expect((await store.readStream('s-2')).version).toBe(2);
  });

  it('lets exactly one of two writers create the same stream at the same time', async () => {
    const results = await Promise.allSettled([store.append('s-3', 'tally', 0, [added(1)]), store.append('s-3', 'tally', 0, [added(2)])]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: expect.any(ConcurrencyError) });
    expect((await store.readStream('s-3')).version).toBe(1);
  });

  it('ADR 0014: stores a receipt in the transaction of the events; a second receipt for the key fails the whole append', async () => {
    const receipt = (streamId: string) => ({ scope: 'WORKER:980000000001', key: `k-${streamId}`, requestHash: 'h', response: { streamId, streamVersion: 1 } });
    await store.append('s-r1', 'tally', 0, [added(1)], receipt('s-r1'));
    const stored = async (key: string) => (await db.dataSource.query('SELECT stream_id, stream_version, response FROM command_receipts WHERE idempotency_key = $1', [key])) as unknown[];
    expect(await stored('k-s-r1')).toEqual([{ stream_id: 's-r1', stream_version: '1', response: { streamId: 's-r1', streamVersion: 1 } }]);
    await expect(store.append('s-r2', 'tally', 0, [added(1)], { ...receipt('s-r2'), key: 'k-s-r1' })).rejects.toMatchObject({ code: '23505' });
    expect((await store.readStream('s-r2')).version).toBe(0);
    await expect(store.append('s-r1', 'tally', 0, [added(2)], receipt('s-r3'))).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(await stored('k-s-r3')).toEqual([]);
  });

  it('reads the log in commit order and never passes over a transaction that commits late', async () => {
    // Where the log ends now; readSnapshot, since readAll may still hide what another test file's running transaction holds back.
    const after = positionAfter(await store.readSnapshot(START_OF_LOG, 10_000), START_OF_LOG);
    const late = db.dataSource.createQueryRunner();
    await late.connect();
    await late.startTransaction();
    try {
      // The late transaction takes its position first, the other commits first.
      const [early] = await new EventStore(late.manager).append('late', 'tally', 0, [added(1)]);
      const [committed] = await store.append('prompt', 'tally', 0, [added(2)]);
      expect(committed!.globalPosition).toBeGreaterThan(early!.globalPosition);
      expect(await store.readAll(after, 100)).toEqual([]);
      await late.commitTransaction();
      // The horizon is cluster-wide: another test file's running transaction may hold it a moment longer.
      await eventually('the late commit readable', async () => (await store.readAll(after, 100)).length > 0);
      expect((await store.readAll(after, 100)).map((event) => event.streamId)).toEqual(['late', 'prompt']);
    } finally {
      await late.release();
    }
  });

  it('ADR 0032: notifies events_appended once an append has committed, never from the appending transaction', async () => {
    const [{ schema }] = (await db.dataSource.query('SELECT current_schema() AS schema')) as [{ schema: string }];
    const listener = db.dataSource.createQueryRunner();
    await listener.connect();
    const notices: string[] = [];
    const connection = (listener as unknown as { databaseConnection: Pick<Client, 'on' | 'off'> }).databaseConnection;
    const onNotice = ({ channel, payload }: { channel: string; payload?: string }) => channel === 'events_appended' && payload === schema && notices.push(payload);
    connection.on('notification', onNotice);
    await listener.query('LISTEN events_appended');
    // The earlier tests' appends notify after their commits, unawaited (ADR 0032): one may still
    // be on its way; it says nothing about this test's appends.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await listener.query('SELECT 1');
    notices.length = 0;
    try {
      // An append inside a transaction of the caller's: its commit notifies nobody (a NOTIFY there
      // would make every appending commit in the cluster wait for the one before).
      const own = db.dataSource.createQueryRunner();
      await own.connect();
      try {
        await own.startTransaction();
        await new EventStore(own.manager).append('notice-in-transaction', 'tally', 0, [added(1)]);
        await own.commitTransaction();
      } finally {
        if (own.isTransactionActive) await own.rollbackTransaction();
        await own.release();
      }
      await listener.query('SELECT 1'); // a notice queued before this query reaches the listener before its answer
      expect(notices).toEqual([]);
      await store.append('notice-after-commit', 'tally', 0, [added(1)]);
      await eventually('the notice', () => notices.length > 0, 5_000);
      await listener.query('SELECT 1');
      expect(notices).toEqual([schema]);
    } finally {
      await listener.query('UNLISTEN *');
      connection.off('notification', onNotice);
      await listener.release();
    }
  });

  it('orders the log by transaction id as a number: 9 before 10 before 100, in batches too', async () => {
    const own = await openTestDatabase('commit_order');
    try {
      const ownStore = new EventStore(own.dataSource);
      await ownStore.append('x', 'tally', 0, [added(1), added(2), added(3)]);
      // Every cluster crosses powers of ten (a fresh one within minutes); here the ids are set outright,
      // below any running transaction so that readAll sees them.
      await own.dataSource.query(`UPDATE events SET transaction_id = (ARRAY['9', '10', '100'])[stream_position]::xid8`);
      const first = await ownStore.readAll(START_OF_LOG, 2);
      expect(first.map((event) => event.streamPosition)).toEqual([1, 2]);
      expect((await ownStore.readAll(positionAfter(first, START_OF_LOG), 10)).map((event) => event.streamPosition)).toEqual([3]);
      expect((await ownStore.readSnapshot(START_OF_LOG, 10)).map((event) => event.transactionId)).toEqual(['9', '10', '100']);
    } finally {
      await own.drop();
    }
  });

  describe('command handler', () => {
    // Each conflict a writer meets is another writer's append after its read, and each of the 16 appends
    // once: 16 attempts bound the unluckiest of them (the default 10 ran out once in a loaded CI run).
    const tallies = new CommandHandler(new EventStore({ query: (sql, params) => db.dataSource.query(sql, params) }), tallyDecider, {
      streamType: 'tally',
      codec: tallyCodec,
      maxAttempts: 16,
    });

    it('retries on conflict so that 16 concurrent writers on one stream all land, each once', async () => {
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => tallies.handle('busy', { type: 'Add', data: { amount: i + 1 } }, metadata)));
      expect(Math.max(...results.map((result) => result.attempts))).toBeGreaterThan(1);
      const stream = await store.readStream('busy');
      expect(stream.events.map((event) => event.streamPosition)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      expect(stream.events.map((event) => (event.data as { amount: number }).amount).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 16 }, (_, i) => i + 1),
      );
    });

    it('lets two services closing one tally at the same time end in one outcome: one Closed, the other refused', async () => {
      await tallies.handle('contested', { type: 'Add', data: { amount: 1 } }, metadata);
      const results = await Promise.allSettled(
        ['deadline-service', 'validation-service'].map((by) => tallies.handle('contested', { type: 'Close', data: { by } }, metadata)),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: expect.any(TallyClosedError) });
      const stream = await store.readStream('contested');
      expect(stream.events.map((event) => event.type)).toEqual(['Added', 'Closed']);
    });

    it('decides a command that starts a stream without reading it; on a stream that exists, on what it reads', async () => {
      const starting = new CommandHandler(store, tallyDecider, { streamType: 'tally', codec: tallyCodec, startsStream: (command) => command.type === 'Add' });
      const reads = jest.spyOn(store, 'readStream');
      try {
        expect(await starting.handle('started', { type: 'Add', data: { amount: 2 } }, metadata)).toMatchObject({ version: 1, attempts: 1 });
        expect(reads).not.toHaveBeenCalled();
        // The stream exists: the empty-stream decision is refused by the append, then decided on what was read.
        expect(await starting.handle('started', { type: 'Add', data: { amount: 3 } }, metadata)).toMatchObject({ version: 2, state: { total: 5 }, attempts: 2 });
        await tallies.handle('started', { type: 'Close', data: { by: 'validation-service' } }, metadata);
        // On the empty stream it would be taken; on the real one the decider refuses it.
        await expect(starting.handle('started', { type: 'Add', data: { amount: 1 } }, metadata)).rejects.toBeInstanceOf(TallyClosedError);
        expect(reads).toHaveBeenCalledTimes(2);
      } finally {
        reads.mockRestore();
      }
      expect((await store.readStream('started')).events.map((event) => event.type)).toEqual(['Added', 'Added', 'Closed']);
    });

    it('appends nothing when the decider decides nothing, and gives up after maxAttempts', async () => {
      const never = new CommandHandler(store, { ...tallyDecider, decide: () => [] }, { streamType: 'tally', codec: tallyCodec });
      expect(await never.handle('quiet', { type: 'Add', data: { amount: 1 } }, metadata)).toMatchObject({ version: 0, events: [], attempts: 1 });
      const alwaysStale = new EventStore({
        query: async (sql, params) => (sql.includes('append_to_stream') ? [] : db.dataSource.query(sql, params)),
      });
      const doomed = new CommandHandler(alwaysStale, tallyDecider, { streamType: 'tally', codec: tallyCodec, maxAttempts: 3 });
      await expect(doomed.handle('doomed', { type: 'Add', data: { amount: 1 } }, metadata)).rejects.toMatchObject({ code: 'CONCURRENCY' });
    });
  });
});
