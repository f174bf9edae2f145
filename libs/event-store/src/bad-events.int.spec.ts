import { createIdempotentProducer } from '@prestaflow/platform';
import { type BadEvent, RebuildStoppedError } from './bad-events';
import { toMessage } from './codec';
import { CommandHandler } from './command-handler';
import { type DeadLetter, replayDeadLetters } from './dead-letters';
import { EventStore } from './event-store';
import { type EventMetadata, START_OF_LOG } from './events';
import { rebuildFromKafka, rebuildFromStore } from './operator';
import { openTestDatabase, type TestDatabase } from './testing/database';
import { openTestKafka, type TestKafka } from './testing/kafka';
import { TALLY_TABLE_DDL, tallyCodec, tallyDecider, tallyProjection, type TallyRow } from './testing/tally';

jest.setTimeout(60_000);

const at = (minute: number): EventMetadata => ({ actor: { id: '980000000001', role: 'WORKER' }, occurredAt: `2025-06-02T08:${String(minute).padStart(2, '0')}:00.000Z` });

// Issue #10 item 2: a rebuild or a replay that meets a bad event reports it (stream, position,
// why) and stops or goes on as the operator chose; it never aborts silently half-way.
describe('rebuilds and replays past bad events, real PostgreSQL and broker', () => {
  let db: TestDatabase;
  let broker: TestKafka;

  const rebuilt = async () =>
    Object.fromEntries(((await db.dataSource.query('SELECT * FROM tallies__rebuild ORDER BY tally_id')) as TallyRow[]).map((row) => [row.tally_id, [row.total, row.additions]]));

  beforeAll(async () => {
    db = await openTestDatabase('bad_events');
    await db.dataSource.query(TALLY_TABLE_DDL);
    broker = await openTestKafka();
    const tallies = new CommandHandler(new EventStore(db.dataSource), tallyDecider, { streamType: 'tally', codec: tallyCodec });
    // b-1 is sound; b-2's 3rd event is refused by the projection (a negative amount); b-3's 2nd
    // is refused by PostgreSQL (its total leaves the integer column's range, SQLSTATE 22003).
    const amounts: Record<string, number[]> = { 'b-1': [1, 2, 3], 'b-2': [1, 2, -5, 4], 'b-3': [1, 3_000_000_000, 1] };
    for (let i = 0; i < 4; i++) {
      for (const [id, list] of Object.entries(amounts)) if (list[i] !== undefined) await tallies.handle(id, { type: 'Add', data: { amount: list[i]! } }, at(i));
    }
  });

  afterAll(async () => {
    await broker?.close();
    await db?.drop();
  });

  it('stops at the first bad event by default, naming its stream, position and why', async () => {
    const stopped = await rebuildFromStore({ dataSource: db.dataSource, projection: tallyProjection }).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(RebuildStoppedError);
    expect(stopped).toMatchObject({ code: 'ILLEGAL_STATE', badEvent: { streamId: expect.stringMatching(/^b-[23]$/), type: 'Added' } });
    expect((stopped as Error).message).toMatch(/^rebuild of tallies stopped at a bad event: stream b-[23] #[23] \(Added, event [0-9a-f-]+\): /);
  });

  it('with skip, from PostgreSQL: each bad event is reported, its stream stops just before it, the others are complete', async () => {
    const reported: BadEvent[] = [];
    await rebuildFromStore({ dataSource: db.dataSource, projection: tallyProjection, batchSize: 100, onBadEvent: 'skip', reportBadEvent: (bad) => reported.push(bad) });
    expect(reported.map(({ streamId, streamPosition, code }) => ({ streamId, streamPosition, code })).sort((a, b) => a.streamId.localeCompare(b.streamId))).toEqual([
      { streamId: 'b-2', streamPosition: 3, code: 'VALIDATION' },
      { streamId: 'b-3', streamPosition: 2, code: '22003' },
    ]);
    expect(reported.find((bad) => bad.streamId === 'b-2')?.reason).toBe('negative amount -5');
    expect(await rebuilt()).toEqual({ 'b-1': [6, 3], 'b-2': [3, 2], 'b-3': [1, 1] });
  });

  it('with skip, from Kafka: a message that is not an event is reported by its offset too', async () => {
    const topic = await broker.topic('bad-events', 1);
    const producer = createIdempotentProducer(broker.kafka);
    await producer.connect();
    const events = await new EventStore(db.dataSource).readSnapshot(START_OF_LOG, 1_000);
    await producer.send({ topic, acks: -1, messages: [...events.map(toMessage), { key: 'b-4', value: 'not an event' }] });
    await producer.disconnect();
    const reported: BadEvent[] = [];
    expect(await rebuildFromKafka({ dataSource: db.dataSource, projection: tallyProjection, kafka: broker.kafka, topic, onBadEvent: 'skip', reportBadEvent: (bad) => reported.push(bad) })).toBe(
      events.length + 1,
    );
    expect(reported.map(({ streamId, streamPosition, logOffset }) => [streamId, streamPosition, logOffset ?? null]).sort()).toEqual([
      ['b-2', 3, null],
      ['b-3', 2, null],
      ['b-4', null, `${topic}[0]@${events.length}`],
    ]);
    expect(await rebuilt()).toEqual({ 'b-1': [6, 3], 'b-2': [3, 2], 'b-3': [1, 1] });
  });

  it('a replay of dead letters reports a stream that is still bad and, with skip, replays the others', async () => {
    const letter = (key: string) => ({ key }) as DeadLetter;
    const reported: BadEvent[] = [];
    expect(await replayDeadLetters(db.dataSource, tallyProjection, [letter('b-2'), letter('b-1')], { onBadEvent: 'skip', reportBadEvent: (bad) => reported.push(bad) })).toEqual(['b-1']);
    expect(reported).toMatchObject([{ streamId: 'b-2', streamPosition: 3, reason: 'negative amount -5' }]);
    await expect(replayDeadLetters(db.dataSource, tallyProjection, [letter('b-2'), letter('b-1')])).rejects.toThrow('replay into tallies stopped at a bad event: stream b-2 #3');
  });
});
