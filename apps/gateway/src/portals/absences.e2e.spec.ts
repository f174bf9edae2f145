import { randomUUID } from 'node:crypto';
import { defaultPolicy } from '@prestaflow/domain';
import { PrestationCommands } from '@prestaflow/write-side';
import { brusselsDate, type Caller, eventually, people, Platform } from '../testing/harness';

type Row = Record<string, unknown> & { prestationId: string };

// The prestation lives in 2043 and the deadline service fires nothing due before 2043
// (DEADLINE_FIRE_FROM): other tests' prestations in the shared database are left alone.
// The absences are declared in 2043 against today's clock: a horizon of 20 years (the default is one).
const leadDays = 20 * 366;
const deadlineEnv = { CLOCK: 'controllable', CLOCK_START: '2043-01-01T00:00:00.000Z', DEADLINE_POLL_INTERVAL_MS: '50', DEADLINE_FIRE_FROM: '2043-01-01T00:00:00.000Z' };

describe('R17 the user declares a planned absence in their secure space: their automatic confirmation moves back by its length', () => {
  const who = people();
  let platform: Platform;
  let tokens: Record<Caller, string>;

  beforeAll(async () => {
    platform = await Platform.start(who, { 'deadline-service': deadlineEnv, 'validation-service': { ABSENCE_LEAD_DAYS: String(leadDays) } });
    tokens = await platform.tokens(who);
  }, 240_000);

  afterAll(() => platform?.stop(), 30_000);

  const call = <T = Record<string, unknown>>(method: string, path: string, caller: Caller, body?: unknown, key?: string) =>
    platform.call<T>(method, path, tokens[caller], body, key ?? randomUUID());
  const setClock = async (now: string) => {
    // The deadline service's own endpoint: an operator's token (ADR 0018).
    const response = await fetch(`${platform.service('deadline-service').url}/clock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.operator}` },
      body: JSON.stringify({ now }),
    });
    expect(response.status).toBe(200);
  };
  const userRow = (id: string, accept: (row: Row) => boolean) =>
    eventually(async () => (await call<Row[]>('GET', '/user/prestations', 'user')).body.find((row) => row.prestationId === id), (row) => !!row && accept(row));
  const auditTypes = async (id: string) => (await call<{ events: Array<{ type: string }> }>('GET', `/user/prestations/${id}/audit`, 'user')).body.events.map((e) => e.type);
  const absences = () => call<Array<Record<string, unknown>>>('GET', '/user/absences', 'user');

  it('pushes back the automatic confirmation of a prestation in the user window, seen in the user view; the old instant confirms nothing', async () => {
    const id = randomUUID();
    // Monday 2 March 2043, encoded by the company; the worker lets the deadline lapse (Monday 9 March, 23:59:59.999 Brussels).
    await new PrestationCommands(platform.dataSource, defaultPolicy).execute({
      type: 'EncodePrestationForWorker',
      prestationId: id,
      data: { companyId: who.companyA, workerId: who.worker, userId: who.user, serviceDate: '2043-03-02', hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'no network' },
      metadata: { now: '2043-03-02T09:00:00.000Z', actor: { id: who.companyA, role: 'COMPANY' } },
    });
    await userRow(id, () => true);
    await setClock('2043-03-09T22:59:59.999Z');
    // R8: 60 calendar days from the lapsed deadline.
    expect(await userRow(id, (row) => row['automaticConfirmationAt'] !== null)).toMatchObject({ status: 'TO_CONFIRM', automaticConfirmationAt: '2043-05-08T21:59:59.999Z' });

    const declared = await call('POST', '/user/absences', 'user', { from: '2043-04-01', to: '2043-04-10' });
    expect(declared).toMatchObject({ status: 201, body: { events: [{ type: 'UserAbsenceDeclared', streamPosition: 1 }] } });
    expect((await absences()).body).toEqual([{ absenceId: '2043-04-01/2043-04-10', from: '2043-04-01', to: '2043-04-10', declaredAt: expect.stringMatching(/Z$/) }]);
    // 10 calendar days of absence: 10 days later.
    expect(await userRow(id, (row) => row['automaticConfirmationAt'] !== '2043-05-08T21:59:59.999Z')).toMatchObject({ automaticConfirmationAt: '2043-05-18T21:59:59.999Z' });

    await setClock('2043-05-08T21:59:59.999Z');
    await eventually(() => auditTypes(id), (types) => types.filter((type) => type === 'UserReminderTriggered').length === 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await auditTypes(id)).toEqual(['PrestationEncoded', 'AutoValidated', 'UserDelayExtended', 'UserReminderTriggered', 'UserReminderTriggered']);
    expect(await userRow(id, () => true)).toMatchObject({ status: 'TO_CONFIRM', mayContest: true });

    await setClock('2043-05-18T21:59:59.999Z');
    expect(await userRow(id, (row) => row['status'] === 'CONFIRMED')).toMatchObject({ mayContest: false, automaticConfirmationAt: null });
  }, 60_000);

  it('the same absence declared twice is recorded once: the same key answers the same, another key writes nothing; an overlap is refused (409)', async () => {
    const body = { from: '2043-06-01', to: '2043-06-05' };
    const key = randomUUID();
    const first = await call('POST', '/user/absences', 'user', body, key);
    expect(first.status).toBe(201);
    expect(await call('POST', '/user/absences', 'user', body, key)).toEqual(first);
    expect(await call('POST', '/user/absences', 'user', body)).toMatchObject({ status: 201, body: { events: [] } });
    expect(await call('POST', '/user/absences', 'user', { from: '2043-06-05', to: '2043-06-08' })).toMatchObject({
      status: 409,
      body: { code: 'ILLEGAL_STATE', reason: 'ABSENCE_OVERLAP', message: expect.stringContaining('2043-06-01 to 2043-06-05') },
    });
    expect((await absences()).body.filter((absence) => String(absence['from']).startsWith('2043-06'))).toHaveLength(1);
  }, 30_000);

  it.each<[string, Record<string, unknown>, string, string | undefined, number | undefined]>([
    ['no from', { to: '2043-07-01' }, 'data.from', undefined, undefined],
    ['no to', { from: '2043-07-01' }, 'data.to', undefined, undefined],
    ['a date that is not one', { from: '2043-02-30', to: '2043-07-01' }, 'data.from', undefined, undefined],
    ['to before from', { from: '2043-07-10', to: '2043-07-01' }, 'data.to', 'DATE_ORDER', undefined],
    ['an absence longer than 92 days', { from: '2043-07-01', to: '2043-10-01' }, 'data.to', 'PERIOD_TOO_LONG', 92],
    ['an absence that is over', { from: brusselsDate(10), to: brusselsDate(2) }, 'data.to', 'DATE_IN_PAST', undefined],
    ['an absence starting more than a year ahead', { from: '9999-12-01', to: '9999-12-31' }, 'data.from', 'TOO_FAR_AHEAD', leadDays],
  ])('refuses %s (400 naming the field, and the bound in days it broke), nothing written', async (_, body, field, reason, limit) => {
    const before = (await absences()).body.length;
    const answer = await call('POST', '/user/absences', 'user', body);
    expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION', field } });
    expect((answer.body as Record<string, unknown>)['reason']).toBe(reason);
    expect((answer.body as Record<string, unknown>)['limit']).toBe(limit);
    expect((await absences()).body).toHaveLength(before);
  });

  it('refuses a declaration without an Idempotency-Key', async () => {
    expect(await platform.call('POST', '/user/absences', tokens.user, { from: '2043-08-01', to: '2043-08-02' }, null)).toMatchObject({ status: 400, body: { field: 'Idempotency-Key' } });
  });
});
