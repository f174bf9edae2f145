import { randomUUID } from 'node:crypto';
import { type PrestationCommand } from '@prestaflow/contracts';
import { uniqueName } from '@prestaflow/platform/testing';
import { PrestationCommands } from '@prestaflow/write-side';
import { cancelPrestation, correctPrestation, encodePrestationForWorker, validateAsWorker } from '@prestaflow/testing';
import { eventually, justBefore, RunningDeadlineService, sleep } from '../testing/deadline-service.harness';

// Every prestation of this file lives in 2030-2032 and the instances fire nothing due before
// 2030 (DEADLINE_FIRE_FROM): other tests' prestations in the shared database are left alone.
const controllable = {
  CLOCK: 'controllable',
  CLOCK_START: '2030-03-01T00:00:00.000Z',
  DEADLINE_POLL_INTERVAL_MS: '50',
  DEADLINE_FIRE_FROM: '2030-01-01T00:00:00.000Z',
};

const encodeAt = (prestationId: string, now: string): PrestationCommand => ({
  ...encodePrestationForWorker(now, { serviceDate: now.slice(0, 10) }),
  prestationId,
});

const summary = (events: Array<{ type: string; occurredAt: string; data: unknown; actor: { role: string } }>) =>
  events.map((event) => [event.type, (event.data as { step?: string; reminder?: number }).step ?? (event.data as { reminder?: number }).reminder ?? null, event.occurredAt]);

describe('deadline-service running against the real broker and database, controllable clock', () => {
  let a: RunningDeadlineService;
  let b: RunningDeadlineService;
  let commands: PrestationCommands;
  const both = (now: string) => Promise.all([a.setClock(now), b.setClock(now)]);

  beforeAll(async () => {
    const group = uniqueName('deadline-service'); // two instances of one service: one consumer group
    [a, b] = await Promise.all([RunningDeadlineService.start(controllable, group), RunningDeadlineService.start(controllable, group)]);
    commands = a.app.get(PrestationCommands);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  }, 30_000);

  it('R6 R8 two instances: worker deadline after 5 working days, reminders at day 20 and 40, automatic user validation at day 60, each once and stamped with its due instant', async () => {
    const id = randomUUID();
    await commands.execute(encodeAt(id, '2030-03-04T09:00:00.000Z')); // Monday
    const workerDue = '2030-03-11T22:59:59.999Z'; // the next Monday, 23:59:59.999 in Brussels
    await eventually('the worker deadline', async () => (await a.deadlines(id)).find((d) => d.kind === 'WORKER' && d.dueAt === workerDue));

    await both(justBefore(workerDue));
    await sleep(300);
    expect((await a.events(id)).map((e) => e.type)).toEqual(['PrestationEncoded']);

    await both(workerDue);
    await eventually('AutoValidated WORKER', async () => (await a.events(id)).length === 2);
    // The user window counts from the lapsed deadline; day 20 is the spring DST switch (31 March 2030).
    const userDeadlines = await eventually('the user window', async () => {
      const open = await a.deadlines(id);
      return open.length === 3 && open;
    });
    expect(userDeadlines.map((d) => [d.kind, d.reminder, d.dueAt])).toEqual([
      ['REMINDER', 1, '2030-03-31T21:59:59.999Z'],
      ['REMINDER', 2, '2030-04-20T21:59:59.999Z'],
      ['USER', null, '2030-05-10T21:59:59.999Z'],
    ]);

    for (const [instant, count] of [
      ['2030-03-31T21:59:59.999Z', 3],
      ['2030-04-20T21:59:59.999Z', 4],
      ['2030-05-10T21:59:59.999Z', 5],
    ] as const) {
      await both(justBefore(instant));
      await sleep(200);
      expect(await a.events(id)).toHaveLength(count - 1);
      await both(instant);
      await eventually(`event ${count}`, async () => (await a.events(id)).length === count);
    }
    await sleep(300); // time enough for a second firing, if there were one
    const events = await a.events(id);
    expect(summary(events)).toEqual([
      ['PrestationEncoded', null, '2030-03-04T09:00:00.000Z'],
      ['AutoValidated', 'WORKER', workerDue],
      ['UserReminderTriggered', 1, '2030-03-31T21:59:59.999Z'],
      ['UserReminderTriggered', 2, '2030-04-20T21:59:59.999Z'],
      ['AutoValidated', 'USER', '2030-05-10T21:59:59.999Z'],
    ]);
    expect(events.slice(1).every((e) => e.actor.id === 'deadline-service' && e.actor.role === 'SYSTEM')).toBe(true);
    await eventually('no deadline left once validated', async () => (await a.deadlines(id)).length === 0);
  }, 60_000);

  it('R6 Belgian calendar through the running service: Christmas/New Year, Easter Monday, Ascension, Whit Monday, autumn DST switch', async () => {
    const cases = [
      { name: 'autumn DST switch (27 Oct 2030): due in winter time', encodedAt: '2030-10-23T09:00:00.000Z', due: '2030-10-30T22:59:59.999Z' },
      { name: 'Christmas and New Year skipped', encodedAt: '2030-12-24T09:00:00.000Z', due: '2031-01-02T22:59:59.999Z' },
      { name: 'Easter Monday (14 Apr 2031) skipped', encodedAt: '2031-04-10T08:00:00.000Z', due: '2031-04-18T21:59:59.999Z' },
      { name: 'Ascension (22 May 2031) skipped', encodedAt: '2031-05-20T08:00:00.000Z', due: '2031-05-28T21:59:59.999Z' },
      { name: 'Whit Monday (2 Jun 2031) skipped', encodedAt: '2031-05-29T08:00:00.000Z', due: '2031-06-06T21:59:59.999Z' },
    ].map((c) => ({ ...c, id: randomUUID() }));
    for (const c of cases) await commands.execute(encodeAt(c.id, c.encodedAt));
    for (const c of cases) {
      const [deadline] = await eventually(c.name, async () => {
        const open = await a.deadlines(c.id);
        return open.length > 0 && open;
      });
      expect([c.name, deadline!.dueAt]).toEqual([c.name, c.due]);
    }
    for (const c of cases) {
      await both(justBefore(c.due));
      await sleep(200);
      expect([c.name, (await a.events(c.id)).length]).toEqual([c.name, 1]);
      await both(c.due);
      const fired = await eventually(c.name, async () => (await a.events(c.id))[1]);
      expect([c.name, fired.type, fired.occurredAt]).toEqual([c.name, 'AutoValidated', c.due]);
    }
  }, 60_000);

  it('R3 a correction replaces the open worker deadline by the new version\'s, a cancellation removes it', async () => {
    const id = randomUUID();
    await commands.execute(encodeAt(id, '2032-05-03T09:00:00.000Z'));
    await eventually('worker-v1', async () => (await a.deadlines(id)).some((d) => d.deadlineId === 'worker-v1'));
    await commands.execute({ ...correctPrestation('2032-05-04T09:00:00.000Z', { version: 1, serviceDate: '2032-05-03', hours: 3 }), prestationId: id });
    const [replaced] = await eventually('worker-v2 only', async () => {
      const open = await a.deadlines(id);
      return open.length === 1 && open[0]!.deadlineId === 'worker-v2' && open;
    });
    expect(replaced!.dueAt > '2032-05-04').toBe(true);
    await commands.execute({ ...cancelPrestation('2032-05-05T09:00:00.000Z'), prestationId: id });
    await eventually('no deadline after the cancellation', async () => (await a.deadlines(id)).length === 0);
  }, 30_000);

  it('R6 a deadline missed while no instance ran fires on start, stamped with its due instant, not the restart time', async () => {
    const id = randomUUID();
    await commands.execute(encodeAt(id, '2031-09-01T09:00:00.000Z'));
    const due = '2031-09-08T21:59:59.999Z';
    await eventually('the worker deadline', async () => (await a.deadlines(id)).length === 1);
    await both('2031-09-01T12:00:00.000Z');
    const late = await RunningDeadlineService.start({ ...controllable, CLOCK_START: '2031-09-20T10:00:00.000Z' });
    try {
      const fired = await eventually('AutoValidated WORKER', async () => (await late.events(id))[1]);
      expect([fired.type, fired.occurredAt]).toEqual(['AutoValidated', due]);
    } finally {
      await late.close();
    }
  }, 60_000);

  it('R6 R5 a worker validating at the very instant the deadline fires on two instances: exactly one outcome, 40 times', async () => {
    const due = '2032-02-09T22:59:59.999Z';
    const ids = Array.from({ length: 40 }, () => randomUUID());
    await Promise.all(ids.map((id) => commands.execute(encodeAt(id, '2032-02-02T09:00:00.000Z'))));
    await eventually('all worker deadlines', async () => {
      const open = await Promise.all(ids.map((id) => a.deadlines(id)));
      return open.every((deadlines) => deadlines.length === 1);
    });
    // Both instances' clocks reach the instant; their pollers (every 50 ms, and called here too)
    // fire the 40 deadlines one after the other while each worker validates within 150 ms, each
    // validation stamped a millisecond before the due instant: on time (at the instant itself it
    // would be late whatever the order, ADR 0012), so which one lands first decides.
    await both(due);
    const validate = async (id: string) => {
      await sleep(Math.random() * 150);
      return commands.execute({ ...validateAsWorker(justBefore(due)), prestationId: id }).then(
        () => 'validated',
        (error: { code?: string }) => error.code,
      );
    };
    const [outcomes] = await Promise.all([Promise.all(ids.map(validate)), a.poller.fireDue(), b.poller.fireDue()]);
    const streams = await Promise.all(ids.map((id) => a.events(id)));
    const finals = streams.map((events) => events.slice(1).map((e) => e.type));
    for (const final of finals) expect(['WorkerValidated', 'AutoValidated']).toContain(final.join());
    // Whoever lost was refused by the decider: the worker with ILLEGAL_STATE, the deadline removed.
    expect(outcomes.filter((o) => o === 'validated')).toHaveLength(finals.filter((f) => f[0] === 'WorkerValidated').length);
    expect(outcomes.every((o) => o === 'validated' || o === 'ILLEGAL_STATE')).toBe(true);
    await eventually('the lost deadlines removed, the user windows opened', async () => {
      const open = await Promise.all(ids.map((id) => a.deadlines(id)));
      return open.every((deadlines) => deadlines.length === 3 && deadlines.every((d) => d.deadlineId.startsWith('user-')));
    });
    console.log(`race: ${finals.filter((f) => f[0] === 'WorkerValidated').length} worker validations, ${finals.filter((f) => f[0] === 'AutoValidated').length} automatic`);
  }, 60_000);

  it('answers 404 on the clock endpoints when the clock is the system clock', async () => {
    const system = await RunningDeadlineService.start({ CLOCK: 'system', DEADLINE_FIRE_FROM: '2100-01-01T00:00:00.000Z' });
    try {
      expect((await fetch(`${system.url}/clock`, { headers: system.operator })).status).toBe(404);
      expect((await fetch(`${system.url}/clock/advance`, { method: 'POST', headers: system.operator })).status).toBe(404);
    } finally {
      await system.close();
    }
  }, 60_000);
});
