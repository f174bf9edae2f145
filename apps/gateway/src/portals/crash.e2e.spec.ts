import { randomInt, randomUUID } from 'node:crypto';
import { type Answer, brusselsDate, type Caller, eventually, people, Platform } from '../testing/harness';

/**
 * Issue #10 item 5, ADR 0014: the encoding service killed with SIGKILL while commands are in
 * flight. A command's receipt commits with its events, so a retry with the same key after the
 * crash answers the original 201 at once (its events were written) or runs it (nothing was):
 * never 409, never a second write.
 */
describe('idempotency across a kill -9 of the encoding service', () => {
  const who = people();
  let platform: Platform;
  let tokens: Record<Caller, string>;
  const yesterday = brusselsDate(1);

  beforeAll(async () => {
    platform = await Platform.start(who);
    tokens = await platform.tokens(who);
  }, 240_000);

  afterAll(() => platform?.stop(), 30_000);

  const encoding = () => platform.service('encoding-service');
  const body = (prestationId: string) => ({ prestationId, workerId: who.worker, userId: who.user, serviceDate: yesterday, hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'no network' });
  const encode = (prestationId: string, key: string) => platform.call('POST', '/company/prestations', tokens.company, body(prestationId), key);
  const written = async (ids: readonly string[]) =>
    new Map(
      ((await platform.dataSource.query('SELECT stream_id, count(*)::int AS n FROM events WHERE stream_id = ANY($1) GROUP BY stream_id', [ids])) as Array<{ stream_id: string; n: number }>).map(
        (row) => [row.stream_id, row.n],
      ),
    );
  const encoded = (prestationId: string) => ({
    status: 201,
    body: { streamId: prestationId, streamVersion: 1, status: 'AwaitingWorker', events: [{ type: 'PrestationEncoded', streamPosition: 1 }] },
  });

  /**
   * The service's append held on the new stream's row (a transaction of the test inserts it),
   * the service killed while it waits, then the append let through (it commits with nobody to
   * answer) or ended with its backend (nothing written).
   */
  async function killedDuringAppend(prestationId: string, key: string, appendCommits: boolean): Promise<Answer> {
    const blocker = platform.dataSource.createQueryRunner();
    await blocker.connect();
    try {
      await blocker.startTransaction();
      await blocker.query(`INSERT INTO event_streams (stream_id, stream_type, version) VALUES ($1, 'prestation', 1)`, [prestationId]);
      const [{ pid }] = (await blocker.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
      const answer = encode(prestationId, key);
      const waiting = await eventually(
        async () => (await platform.dataSource.query('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])) as Array<{ pid: number }>,
        (rows) => rows.length === 1,
      );
      expect(waiting).toHaveLength(1);
      await encoding().kill9();
      if (!appendCommits) await platform.dataSource.query('SELECT pg_terminate_backend($1)', [waiting[0]!.pid]);
      await blocker.rollbackTransaction();
      return await answer;
    } finally {
      await blocker.release();
    }
  }

  it('the issue\'s example: events committed, the answer lost with the process; the retry with the key answers the original 201 at once, not 409', async () => {
    const prestationId = randomUUID();
    const key = randomUUID();
    expect(await killedDuringAppend(prestationId, key, true)).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
    expect(await eventually(() => written([prestationId]), (counts) => counts.get(prestationId) === 1)).toEqual(new Map([[prestationId, 1]]));
    await encoding().restart();
    expect(await encode(prestationId, key)).toEqual(encoded(prestationId));
    expect(await written([prestationId])).toEqual(new Map([[prestationId, 1]]));
  }, 90_000);

  it('a command killed before it wrote anything runs on its retry at once (no "still running" for a minute)', async () => {
    const prestationId = randomUUID();
    const key = randomUUID();
    expect(await killedDuringAppend(prestationId, key, false)).toMatchObject({ status: 503 });
    expect(await written([prestationId])).toEqual(new Map());
    await encoding().restart();
    expect(await encode(prestationId, key)).toEqual(encoded(prestationId));
    expect(await written([prestationId])).toEqual(new Map([[prestationId, 1]]));
  }, 90_000);

  it('bursts of 24 commands, 16 in flight, killed at a random point: every unacknowledged command retried ends with one write and its answer', async () => {
    const commands: Array<{ id: string; key: string; first: Answer }> = [];
    for (let round = 0; round < 3; round++) {
      const burst = Array.from({ length: 24 }, () => ({ id: randomUUID(), key: randomUUID() }));
      const inFlight = new Set<Promise<unknown>>();
      const answers: Array<Promise<Answer>> = [];
      // Killed while the burst is being sent: some commands answered, some mid-way, some never reached it.
      const kill = new Promise((done) => setTimeout(done, randomInt(20, 400))).then(() => encoding().kill9());
      for (const command of burst) {
        while (inFlight.size >= 16) await Promise.race(inFlight);
        const answer = encode(command.id, command.key);
        const settled = answer.finally(() => inFlight.delete(settled));
        inFlight.add(settled);
        answers.push(answer);
        await new Promise((done) => setTimeout(done, 10));
      }
      await kill;
      const firsts = await Promise.all(answers);
      burst.forEach((command, i) => commands.push({ ...command, first: firsts[i]! }));
      await encoding().restart();
    }
    const statuses = commands.map(({ first }) => first.status);
    expect(statuses.every((status) => status === 201 || status === 503)).toBe(true);
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    // Every retry answers at once: the original 201 for an acknowledged command, the stored or a
    // first one for the others; and again the same on a second retry.
    for (const { id, key, first } of commands) {
      const retried = await encode(id, key);
      expect(retried).toEqual(first.status === 201 ? first : encoded(id));
      expect(await encode(id, key)).toEqual(retried);
    }
    const counts = await written(commands.map(({ id }) => id));
    expect(commands.filter(({ id }) => counts.get(id) !== 1).map(({ id }) => `${id}: ${counts.get(id) ?? 0} events`)).toEqual([]);
    const receipts = (await platform.dataSource.query('SELECT count(*)::int AS n FROM command_receipts WHERE idempotency_key = ANY($1)', [
      commands.map(({ key }) => key),
    ])) as [{ n: number }];
    expect(receipts[0].n).toBe(commands.length);
  }, 240_000);
});
