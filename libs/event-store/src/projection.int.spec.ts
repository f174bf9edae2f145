import { type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createIdempotentProducer, EventLogServer, ensureTopics, PlatformExceptionFilter } from '@prestaflow/platform';
import { uniqueName } from '@prestaflow/platform/testing';
import { toMessage } from './codec';
import { CommandHandler } from './command-handler';
import { type DeadLetter, listDeadLetters, replayDeadLetters } from './dead-letters';
import { ProjectionStateError } from './errors';
import { EventStore } from './event-store';
import { type EventMetadata, type RecordedEvent, START_OF_LOG } from './events';
import { compareProjection, rebuildFromKafka, rebuildFromStore, swapProjection } from './operator';
import { Projector, type Reactions } from './projection';
import { reprojectAll } from './reprojection';
import { projectionController } from './projection.controller';
import { eventually, openTestDatabase, type TestDatabase } from './testing/database';
import { openTestKafka, type TestKafka } from './testing/kafka';
import { TALLY_TABLE_DDL, tallyCodec, tallyDecider, tallyProjection, type TallyRow } from './testing/tally';

jest.setTimeout(60_000);

const at = (minute: number): EventMetadata => ({ actor: { id: '980000000001', role: 'WORKER' }, occurredAt: `2025-06-02T08:${String(minute).padStart(2, '0')}:00.000Z` });

describe('projections, real PostgreSQL and broker', () => {
  let db: TestDatabase;
  let broker: TestKafka;
  let store: EventStore;

  const rows = async (table = 'tallies') => (await db.dataSource.query(`SELECT * FROM ${table} ORDER BY tally_id`)) as TallyRow[];
  // Every committed event of this schema: not readAll, whose horizon other test files' running
  // transactions on the same cluster hold back.
  const everything = () => store.readSnapshot(START_OF_LOG, 100_000);
  const publish = async (topic: string, events: RecordedEvent[]) => {
    const producer = createIdempotentProducer(broker.kafka);
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: events.map(toMessage) });
    await producer.disconnect();
  };

  /** A projection consumer on the EventLogServer, as a service runs one. */
  const consume = async (topic: string, groupId: string, projector: Projector<TallyRow>): Promise<INestMicroservice> => {
    @Module({ controllers: [projectionController(topic, [projector])] })
    class TalliesModule {}
    const service = await NestFactory.createMicroservice(TalliesModule, {
      strategy: new EventLogServer({ kafka: broker.kafka, groupId, maxAttempts: 3, retryDelayMs: 10 }), logger: false,
    });
    service.useGlobalFilters(new PlatformExceptionFilter());
    await service.listen();
    return service;
  };

  beforeAll(async () => {
    db = await openTestDatabase('projection');
    await db.dataSource.query(TALLY_TABLE_DDL);
    broker = await openTestKafka();
    store = new EventStore(db.dataSource);
    const tallies = new CommandHandler(store, tallyDecider, { streamType: 'tally', codec: tallyCodec });
    for (let minute = 0; minute < 6; minute++) {
      for (const id of ['t-1', 't-2', 't-3']) await tallies.handle(id, { type: 'Add', data: { amount: minute + 1 } }, at(minute));
    }
    await tallies.handle('t-2', { type: 'Close', data: { by: 'company' } }, at(7));
  });
  afterAll(async () => {
    await broker?.close();
    await db?.drop();
  });

  it('gives a redelivered event no effect: rows and progress move in one transaction', async () => {
    const projector = new Projector(db.dataSource, tallyProjection);
    const events = await everything();
    expect(await projector.apply(events.slice(0, 10))).toBe(10);
    // A redelivery overlapping what was applied, in one batch with duplicates inside it.
    expect(await projector.apply([...events.slice(5, 15), ...events.slice(5, 15)])).toBe(5);
    expect(await projector.apply(events)).toBe(events.length - 15);
    expect(await projector.apply(events)).toBe(0);
    expect(await rows()).toEqual([
      { tally_id: 't-1', total: 21, additions: 6, closed_by: null, last_event_at: new Date('2025-06-02T08:05:00.000Z') },
      { tally_id: 't-2', total: 21, additions: 6, closed_by: 'company', last_event_at: new Date('2025-06-02T08:07:00.000Z') },
      { tally_id: 't-3', total: 21, additions: 6, closed_by: null, last_event_at: new Date('2025-06-02T08:05:00.000Z') },
    ]);
  });

  it('never skips an event that arrives before an earlier one of its stream: the gap is filled from the store', async () => {
    await db.dataSource.query('CREATE TABLE tallies_gaps (LIKE tallies INCLUDING ALL)');
    const projector = new Projector(db.dataSource, { ...tallyProjection, name: 'tallies-gaps', table: 'tallies_gaps' });
    const t1 = (await store.readStream('t-1')).events;
    expect(await projector.apply([t1[3]!])).toBe(4); // #4 first: #1 to #3 are read from the store
    expect(await projector.apply(t1.slice(0, 3))).toBe(0); // when they arrive late, they change nothing
    expect(await projector.apply(t1.slice(4))).toBe(2);
    expect(await rows('tallies_gaps')).toEqual([{ tally_id: 't-1', total: 21, additions: 6, closed_by: null, last_event_at: new Date('2025-06-02T08:05:00.000Z') }]);
  });

  it('runs reactions in the projection transaction: an event delivered twice reacts once, a failed reaction leaves no row, checkpoint or reaction, a replay reacts past the checkpoint only, a rebuild not at all', async () => {
    await db.dataSource.query('CREATE TABLE tallies_reacting (LIKE tallies INCLUDING ALL)');
    // No ON CONFLICT: a second reaction to one event fails on the key.
    await db.dataSource.query('CREATE TABLE tally_reactions (event_id text PRIMARY KEY, total_before integer, total_after integer)');
    const projection = { ...tallyProjection, name: 'tallies-reacting', table: 'tallies_reacting' };
    let crashAt: number | null = null;
    const reactions: Reactions<TallyRow> = {
      async react(manager, changes) {
        for (const { event, before, after } of changes) {
          await manager.query('INSERT INTO tally_reactions VALUES ($1, $2, $3)', [event.eventId, before?.total ?? null, after?.total ?? null]);
          if (event.streamPosition === crashAt) throw new Error('crashed after the rows, before the end of the reactions');
        }
      },
    };
    const projector = new Projector(db.dataSource, projection, undefined, reactions);
    const reacted = async () => ((await db.dataSource.query('SELECT total_after FROM tally_reactions ORDER BY total_after')) as Array<{ total_after: number }>).map((r) => r.total_after);
    const checkpoint = async () =>
      ((await db.dataSource.query(`SELECT stream_position FROM projection_checkpoints WHERE projection = 'tallies-reacting' AND stream_id = 't-1'`)) as Array<{
        stream_position: string;
      }>).map((r) => Number(r.stream_position));
    const t1 = (await store.readStream('t-1')).events;

    expect(await projector.apply(t1.slice(0, 2))).toBe(2);
    expect(await projector.apply(t1.slice(0, 2))).toBe(0); // delivered again
    expect(await reacted()).toEqual([1, 3]);

    crashAt = 3;
    await expect(projector.apply(t1.slice(2, 4))).rejects.toThrow('crashed after the rows');
    expect(await reacted()).toEqual([1, 3]);
    expect(await rows('tallies_reacting')).toMatchObject([{ tally_id: 't-1', total: 3, additions: 2 }]);
    expect(await checkpoint()).toEqual([2]);
    crashAt = null;
    expect(await projector.apply(t1.slice(2, 4))).toBe(2); // the redelivery after the crash
    expect(await reacted()).toEqual([1, 3, 6, 10]);

    // A dead letter replayed: the stream is projected again, reacting to what the checkpoint had not seen.
    expect(await projector.reproject('t-1', t1)).toBe(6);
    expect(await reacted()).toEqual([1, 3, 6, 10, 15, 21]);
    expect(await checkpoint()).toEqual([6]);

    // A rebuild in place folds everything again and reacts to nothing.
    const rebuilt = await reprojectAll(db.dataSource, projection, 'tally');
    expect(rebuilt.streams).toBeGreaterThanOrEqual(3);
    expect(await reacted()).toEqual([1, 3, 6, 10, 15, 21]);
    expect(await rows('tallies_reacting')).toEqual(expect.arrayContaining([expect.objectContaining({ tally_id: 't-2', total: 21, closed_by: 'company' })]));
  });

  it('rebuilds from PostgreSQL and from Kafka offset 0 into identical rows, compares, and swaps only when asked', async () => {
    const topic = await broker.topic('projection-rebuild');
    await publish(topic, await everything());
    const live = await rows();
    const progress: Array<[number, number]> = [];

    // 19 events, more if some are read again while catching up behind another transaction.
    expect(await rebuildFromStore({ dataSource: db.dataSource, projection: tallyProjection, batchSize: 4, onProgress: (...p) => progress.push(p) })).toBeGreaterThanOrEqual(19);
    expect(progress[0]).toEqual([4, 19]);
    const fromStore = await rows('tallies__rebuild');
    expect(await compareProjection(db.dataSource, tallyProjection)).toMatchObject({ identical: true, liveRows: 3, rebuiltRows: 3 });

    expect(await rebuildFromKafka({ dataSource: db.dataSource, projection: tallyProjection, kafka: broker.kafka, topic })).toBe(19);
    expect(await rows('tallies__rebuild')).toEqual(fromStore);
    expect(fromStore).toEqual(live);

    // The live table drifted (a bug, a manual edit): the comparison shows it, the swap repairs it.
    await db.dataSource.query(`UPDATE tallies SET total = 0 WHERE tally_id = 't-3'`);
    expect(await compareProjection(db.dataSource, tallyProjection)).toMatchObject({ identical: false, onlyLive: 1, onlyRebuilt: 1 });
    expect(await rows()).not.toEqual(live);
    await swapProjection(db.dataSource, tallyProjection);
    expect(await rows()).toEqual(live);
    expect(await rows('tallies__previous')).toHaveLength(3);
  });

  it('refuses to swap in a rebuild that is behind the live projection', async () => {
    await rebuildFromStore({ dataSource: db.dataSource, projection: tallyProjection });
    const [late] = await store.append('t-4', 'tally', 0, [{ type: 'Added', data: { amount: 4 }, ...at(9) }]);
    await new Projector(db.dataSource, tallyProjection).apply([late!]);
    await expect(swapProjection(db.dataSource, tallyProjection)).rejects.toBeInstanceOf(ProjectionStateError);
    expect((await rows()).map((row) => row.tally_id)).toEqual(['t-1', 't-2', 't-3', 't-4']);
  });

  it('consumes through EventLogServer: a poison event is dead-lettered, its stream halts there, the partition moves on, and the operator replays it', async () => {
    await db.dataSource.query('TRUNCATE tallies; DELETE FROM projection_checkpoints');
    const topic = await broker.topic('projection-consumer', 1);
    await ensureTopics(broker.admin);
    const groupId = uniqueName('tallies');
    const version = await store.version('t-1');
    await store.append('t-1', 'tally', version, [
      { type: 'Added', data: { amount: -5 }, ...at(10) },
      { type: 'Added', data: { amount: 100 }, ...at(11) },
    ]);
    const service = await consume(topic, groupId, new Projector(db.dataSource, tallyProjection));
    try {
      const events = await everything();
      await publish(topic, [...events, ...events.slice(0, 5)]); // the tail again: a relay's redelivery
      const t1 = () => rows().then((all) => all.find((row) => row.tally_id === 't-1'));
      // The event after the poison one is not applied without it (that would be a gap): both are dead letters.
      let letters: DeadLetter[] = [];
      await eventually('the poison event and the one after it dead-lettered', async () => (letters = await listDeadLetters(broker.kafka, groupId)).length === 2);
      expect(letters).toEqual([
        expect.objectContaining({ key: 't-1', originalTopic: topic, errorCode: 'VALIDATION', error: 'negative amount -5' }),
        expect.objectContaining({ key: 't-1', originalTopic: topic, errorCode: 'VALIDATION', error: 'negative amount -5' }),
      ]);
      await eventually('the other streams applied', async () => (await rows()).filter((row) => row.tally_id !== 't-1').length === 3);
      expect(await rows()).toEqual([
        expect.objectContaining({ tally_id: 't-1', total: 21, additions: 6 }),
        expect.objectContaining({ tally_id: 't-2', total: 21, closed_by: 'company' }),
        expect.objectContaining({ tally_id: 't-3', total: 21 }),
        expect.objectContaining({ tally_id: 't-4', total: 4 }),
      ]);

      // The projection's code is fixed (negative amounts are refunds): the operator replays.
      const fixed = { ...tallyProjection, evolve: (row: TallyRow | null, event: RecordedEvent) => tallyProjection.evolve(row, event.data && (event.data as { amount?: number }).amount! < 0 ? { ...event, data: { amount: 0 } } : event) };
      expect(await replayDeadLetters(db.dataSource, fixed, letters)).toEqual(['t-1']);
      expect(await t1()).toMatchObject({ total: 121, additions: 8 });
      expect(await replayDeadLetters(db.dataSource, fixed, letters)).toEqual(['t-1']);
      expect(await t1()).toMatchObject({ total: 121, additions: 8 });
    } finally {
      await service.close();
    }
  });

  // Last: its streams would show up in the tallies of the tests above.
  it('consumes through EventLogServer in batches: a poison event in the middle of a batch is dead-lettered alone, the others applied; a batch delivered again changes nothing', async () => {
    await db.dataSource.query('CREATE TABLE tallies_batches (LIKE tallies INCLUDING ALL)');
    const projection = { ...tallyProjection, name: 'tallies-batches', table: 'tallies_batches' };
    // Each projector transaction: how many events it was given, and how many it applied (null: it failed).
    const transactions: Array<{ given: number; applied: number | null }> = [];
    // How many of them have ended, committed or failed: a transaction is counted when it starts,
    // so waiting on the count alone could read one that is still running as failed.
    let ended = 0;
    class CountingProjector extends Projector<TallyRow> {
      override async apply(events: readonly RecordedEvent[]): Promise<number> {
        const transaction: { given: number; applied: number | null } = { given: events.length, applied: null };
        transactions.push(transaction);
        try {
          return (transaction.applied = await super.apply(events));
        } finally {
          ended += 1;
        }
      }
    }
    // Five streams of four events, interleaved as the relay would publish concurrent writers;
    // b-3's last event is the poison one, 18th of 20.
    const streams = ['b-1', 'b-2', 'b-3', 'b-4', 'b-5'];
    for (const id of streams) {
      await store.append(id, 'tally', 0, [1, 2, 3, 4].map((n) => ({ type: 'Added', data: { amount: id === 'b-3' && n === 4 ? -5 : n }, ...at(20 + n) })));
    }
    const byStream = await Promise.all(streams.map(async (id) => (await store.readStream(id)).events));
    const batch = [0, 1, 2, 3].flatMap((n) => byStream.map((events) => events[n]!));
    expect(batch.findIndex((event) => (event.data as { amount: number }).amount < 0)).toBe(17);

    const topic = await broker.topic('projection-batches', 1);
    await ensureTopics(broker.admin);
    const groupId = uniqueName('tallies-batches');
    const service = await consume(topic, groupId, new CountingProjector(db.dataSource, projection));
    const applied = async () => ({
      rows: await rows('tallies_batches'),
      checkpoints: await db.dataSource.query(`SELECT stream_id, stream_position FROM projection_checkpoints WHERE projection = 'tallies-batches' ORDER BY stream_id`),
    });
    try {
      await publish(topic, batch); // one produce request on one partition: fetched and delivered as one batch
      let letters: DeadLetter[] = [];
      await eventually('the poison event dead-lettered', async () => (letters = await listDeadLetters(broker.kafka, groupId)).length > 0);
      await eventually('the batch handled', () => ended === 21);
      // The whole batch failed in one transaction, then each event went alone: the poison one
      // failed once (VALIDATION is not retried), the 19 others applied.
      expect(transactions[0]).toEqual({ given: 20, applied: null });
      expect(transactions.slice(1).map((t) => t.given)).toEqual(Array(20).fill(1));
      expect(transactions.slice(1).map((t) => t.applied)).toEqual([...Array(17).fill(1), null, 1, 1]);
      expect(letters).toEqual([expect.objectContaining({ key: 'b-3', originalTopic: topic, originalOffset: '17', errorCode: 'VALIDATION', error: 'negative amount -5' })]);
      const afterFirst = await applied();
      expect(afterFirst.rows).toEqual(
        streams.map((id) => expect.objectContaining({ tally_id: id, total: id === 'b-3' ? 6 : 10, additions: id === 'b-3' ? 3 : 4 })),
      );

      // The good events delivered again, as one batch: one transaction that applies nothing.
      const good = batch.filter((event) => (event.data as { amount: number }).amount > 0);
      await publish(topic, good);
      await eventually('the redelivered batch handled', () => ended === 22);
      expect(transactions[21]).toEqual({ given: 19, applied: 0 });
      expect(await applied()).toEqual(afterFirst);
      expect(await listDeadLetters(broker.kafka, groupId)).toHaveLength(1);
    } finally {
      await service.close();
    }
  });
});
