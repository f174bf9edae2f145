import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { defaultPolicy } from '@prestaflow/domain';
import { rebuildFromStore } from '@prestaflow/event-store';
import { PrestationCommands, policyWithCutOver } from '@prestaflow/write-side';
import { importReferenceData } from '@prestaflow/reference-data';
import { prestationViewProjection } from '@prestaflow/views';
import { brusselsDate, type Caller, eventually, people, Platform } from '../testing/harness';

type Row = Record<string, unknown> & { prestationId: string };
type Page = { total: number; items: Row[] };

describe('prestations through the gateway (real broker, database, encoding and validation services)', () => {
  const who = people();
  let platform: Platform;
  let tokens: Record<Caller, string>;
  const yesterday = brusselsDate(1);

  beforeAll(async () => {
    platform = await Platform.start(who);
    tokens = await platform.tokens(who);
  }, 240_000);

  afterAll(() => platform?.stop(), 30_000);

  const call = <T = Record<string, unknown>>(method: string, path: string, token: Caller, body?: unknown, key?: string | null) =>
    platform.call<T>(method, path, tokens[token], body, key === undefined ? randomUUID() : key);

  const companyEncodes = async (overrides: Record<string, unknown> = {}, company: Caller = 'company') => {
    const prestationId = randomUUID();
    const answer = await call('POST', '/company/prestations', company, {
      prestationId,
      workerId: who.worker,
      userId: who.user,
      serviceDate: yesterday,
      hours: 4,
      activity: 'HOUSEHOLD_HELP',
      reason: 'the worker had no network',
      ...overrides,
    });
    expect(answer).toMatchObject({ status: 201, body: { streamId: prestationId, streamVersion: 1, status: 'AwaitingWorker' } });
    return prestationId;
  };
  const workerEncodes = async (overrides: Record<string, unknown> = {}) => {
    const prestationId = randomUUID();
    const body = { prestationId, companyId: who.companyA, userId: who.user, serviceDate: yesterday, hours: 3, activity: 'IRONING', ...overrides };
    const answer = await call('POST', '/worker/prestations', 'worker', body);
    expect(answer).toMatchObject({ status: 201, body: { streamId: prestationId, status: 'AwaitingCompany' } });
    return prestationId;
  };
  const companyRow = (id: string, query = '') =>
    eventually(
      async () => (await call<Page>('GET', `/company/prestations?pageSize=500${query}`, 'company')).body.items.find((row) => row.prestationId === id),
      (row) => row !== undefined,
    );
  const companyRowWith = (id: string, accept: (row: Row) => boolean) =>
    eventually(async () => (await call<Page>('GET', '/company/prestations?pageSize=500', 'company')).body.items.find((row) => row.prestationId === id), (row) => !!row && accept(row));
  const userRow = (id: string, accept: (row: Row) => boolean = () => true) =>
    eventually(async () => (await call<Row[]>('GET', '/user/prestations', 'user')).body.find((row) => row.prestationId === id), (row) => !!row && accept(row));
  const toValidate = () => call<Row[]>('GET', '/worker/prestations/to-validate', 'worker');
  const history = () => call<{ legend: unknown[]; items: Row[] }>('GET', '/worker/history', 'worker');
  const auditTypes = async (id: string) => (await call<{ events: Array<{ type: string }> }>('GET', `/operator/prestations/${id}/audit`, 'operator')).body.events?.map((e) => e.type);

  it("the seed's main story: the company encodes, the worker sees it to validate and validates, the user sees it awaiting validation then validated", async () => {
    const id = await companyEncodes();
    expect(await companyRow(id)).toMatchObject({ status: 'TO_VALIDATE_BY_WORKER', statusLabel: 'À valider par le·la travailleur·euse', encodedBy: 'COMPANY' });
    const dashboard = await eventually(toValidate, (answer) => answer.body.some((row) => row.prestationId === id));
    const row = dashboard.body.find((r) => r.prestationId === id)!;
    expect(row).toMatchObject({ version: 1, encodedByLabel: "Encodée par l'entreprise", encodingReason: 'the worker had no network' });
    expect(row['deadline']).toMatch(/T2[12]:59:59\.999Z$/);
    expect(await userRow(id)).toMatchObject({ status: 'AWAITING_VALIDATION', statusLabel: 'En attente de validation', awaiting: 'WORKER' });

    expect(await call('POST', `/worker/prestations/${id}/validation`, 'worker', { version: 1 })).toMatchObject({ status: 201, body: { status: 'AwaitingUser' } });
    expect(await companyRowWith(id, (r) => r['status'] === 'VALIDATED_BY_WORKER')).toMatchObject({ statusLabel: 'Validée par le·la travailleur·euse' });
    expect(await userRow(id, (r) => r['status'] !== 'AWAITING_VALIDATION')).toMatchObject({ status: 'TO_CONFIRM', mayContest: true, awaiting: null });
    expect(await call('POST', `/user/prestations/${id}/confirmation`, 'user', { version: 1 })).toMatchObject({ status: 201, body: { status: 'Validated' } });
    expect(await userRow(id, (r) => r['status'] === 'CONFIRMED')).toMatchObject({ statusLabel: 'Confirmée', mayContest: false });
    expect(await auditTypes(id)).toEqual(['PrestationEncoded', 'WorkerValidated', 'UserConfirmed']);
  }, 60_000);

  it('issue 11: every view names the company, the worker and the household from the reference data, as it is when read', async () => {
    const id = await companyEncodes();
    const names = { companyId: who.companyA, companyName: 'Net & Propre', workerId: who.worker, workerName: 'Aïcha', userId: who.user, userName: 'Famille Dupont' };
    expect(await companyRow(id)).toMatchObject(names);
    expect((await call('GET', `/company/prestations/${id}`, 'company')).body).toMatchObject(names);
    // The id as the client may write it (a UUID in capitals): the one stored in lower case.
    expect(await call('GET', `/company/prestations/${id.toUpperCase()}`, 'company')).toMatchObject({ status: 200, body: { prestationId: id } });
    const dashboard = await eventually(toValidate, (answer) => answer.body.some((row) => row.prestationId === id));
    expect(dashboard.body.find((row) => row.prestationId === id)).toMatchObject(names);
    expect((await history()).body.items.find((row) => row.prestationId === id)).toMatchObject(names);
    expect(await userRow(id)).toMatchObject(names);
    // Looked up when read, not copied into the projection: a re-imported name shows at once.
    await importReferenceData(platform.dataSource, 'users', `user_id,name,language,email\n${who.user},Famille Dupont-Lambert,fr,\n`);
    expect((await call('GET', `/company/prestations/${id}`, 'company')).body).toMatchObject({ userName: 'Famille Dupont-Lambert' });
    await importReferenceData(platform.dataSource, 'users', `user_id,name,language,email\n${who.user},Famille Dupont,fr,\n`);
    // The audit trail names who did what: the company and the worker by name, for every reader.
    expect(await call('POST', `/worker/prestations/${id}/validation`, 'worker', { version: 1 })).toMatchObject({ status: 201 });
    const audit = await call<{ events: Array<{ type: string; actor: unknown }> }>('GET', `/user/prestations/${id}/audit`, 'user');
    expect(audit.body.events.map(({ type, actor }) => ({ type, actor }))).toEqual([
      { type: 'PrestationEncoded', actor: { role: 'COMPANY', id: who.companyA, name: 'Net & Propre' } },
      { type: 'WorkerValidated', actor: { role: 'WORKER', id: who.worker, name: 'Aïcha' } },
    ]);
  }, 60_000);

  it('issue 11: the company table sorts by worker name, either way', async () => {
    // An id below Aïcha's (980...): the order by id is the other way round.
    const zoe = `979${who.worker.slice(3)}`;
    await importReferenceData(platform.dataSource, 'workers', `worker_id,name,language,email,app_installed,company_ids\n${zoe},Zoé,fr,,no,${who.companyA}\n`);
    await companyRow(await companyEncodes({ workerId: zoe }));
    await companyRow(await companyEncodes());
    const names = async (sort: string) => (await call<Page>('GET', `/company/prestations?pageSize=500&sort=${sort}`, 'company')).body.items.map((row) => row['workerName']);
    const ascending = await names('workerName');
    expect([ascending[0], ascending.at(-1)]).toEqual(['Aïcha', 'Zoé']);
    expect(await names('-workerName')).toEqual([...ascending].reverse());
  }, 60_000);

  it('issue 11: the company picks households by name: those its prestations name, and another one by its exact id only', async () => {
    const users = (caller: Caller, query = '') => call<Array<{ userId: string; name: string }>>('GET', `/company/users${query}`, caller);
    const newUser = `2${String(Date.now()).slice(-11)}`;
    await importReferenceData(platform.dataSource, 'users', `user_id,name,language,email\n${newUser},Famille Nouvelle,fr,\n`);
    // No prestation of the company's names the new household yet: not listed, but found by its exact id.
    expect((await users('company')).body).not.toContainEqual(expect.objectContaining({ userId: newUser }));
    expect((await users('company', `?userId=${newUser}`)).body).toContainEqual({ userId: newUser, name: 'Famille Nouvelle' });
    // Once the company encodes for it, it is in the company's list, and in no other company's.
    await companyRow(await companyEncodes({ userId: newUser }));
    const listed = (await users('company')).body;
    expect(listed).toEqual(expect.arrayContaining([{ userId: newUser, name: 'Famille Nouvelle' }, { userId: who.user, name: 'Famille Dupont' }]));
    expect(listed.map((user) => user.name)).toEqual([...listed.map((user) => user.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect((await users('otherCompany')).body).not.toContainEqual(expect.objectContaining({ userId: newUser }));
    // An unknown id adds nothing; a malformed one is a 400 naming the parameter; other roles are refused.
    expect((await users('company', '?userId=199999999999')).body).not.toContainEqual(expect.objectContaining({ userId: '199999999999' }));
    expect(await users('company', '?userId=12')).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'userId' } });
    expect(await users('worker')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  }, 60_000);

  it("R11, R1 (issue 11): the worker reads their profile: name, language, their companies by name; no one else's", async () => {
    expect(await call('GET', '/worker/profile', 'worker')).toMatchObject({
      status: 200,
      body: { workerId: who.worker, name: 'Aïcha', language: 'fr', companies: [{ companyId: who.companyA, name: 'Net & Propre' }] },
    });
    expect(await call('GET', '/worker/profile', 'company')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const stranger = await platform.token('worker', '980000000000');
    expect(await platform.call('GET', '/worker/profile', stranger)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  }, 45_000);

  it('R1 a worker encoding (app, or IVR keys) needs no worker validation: the company validates it (R16)', async () => {
    const id = await workerEncodes();
    expect(await companyRow(id)).toMatchObject({ status: 'TO_VALIDATE_BY_COMPANY', encodedBy: 'WORKER', channel: 'APP', workerDeadline: null });
    // R16: the company's own deadline, 5 working days after today's encoding.
    const own = (await companyRow(id)) as Record<string, unknown>;
    expect([typeof own['companyDeadline'], (own['companyWorkingDaysLeft'] as unknown[]).length]).toEqual(['string', 5]);
    expect((await toValidate()).body.map((r) => r.prestationId)).not.toContain(id);
    expect(await call('POST', `/company/prestations/${id}/validation`, 'otherCompany', { version: 1 })).toMatchObject({ status: 403 });
    expect(await call('POST', `/company/prestations/${id}/validation`, 'company', { version: 1 })).toMatchObject({ status: 201, body: { status: 'AwaitingUser' } });
    expect(await companyRowWith(id, (r) => r['status'] === 'VALIDATED_BY_COMPANY')).toMatchObject({ statusLabel: "Validée par l'entreprise" });
    const ivr = randomUUID();
    const answer = await call('POST', '/ivr/prestations', 'worker', { prestationId: ivr, companyId: who.companyA, userId: who.user, serviceDate: yesterday, hours: 2, activityKey: 3 });
    expect(answer).toMatchObject({ status: 201, body: { status: 'AwaitingCompany' } });
    expect(await companyRow(ivr)).toMatchObject({ channel: 'IVR', activity: 'IRONING', hours: 2 });
  }, 45_000);

  it('R2 a company encoding without its reason is refused (400 naming data.reason), nothing written', async () => {
    const prestationId = randomUUID();
    const answer = await call('POST', '/company/prestations', 'company', { prestationId, workerId: who.worker, userId: who.user, serviceDate: yesterday, hours: 4, activity: 'HOUSEHOLD_HELP' });
    expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'data.reason' } });
    expect((await call('GET', `/operator/prestations/${prestationId}/audit`, 'operator')).status).toBe(404);
  });

  it('R3 a company correction sends it back to the worker with a fresh deadline and a new version', async () => {
    const id = await workerEncodes();
    const corrected = await call('POST', `/company/prestations/${id}/corrections`, 'company', { version: 1, serviceDate: yesterday, hours: 5, activity: 'IRONING', reason: 'five hours' });
    expect(corrected).toMatchObject({ status: 201, body: { streamVersion: 2, status: 'AwaitingWorker' } });
    const dashboard = await eventually(toValidate, (answer) => answer.body.some((row) => row.prestationId === id));
    expect(dashboard.body.find((r) => r.prestationId === id)).toMatchObject({ version: 2, hours: 5, encodingReason: null, correctionReason: 'five hours' });
    // deciding on the version seen before the correction is a concurrency error (412)
    expect(await call('POST', `/worker/prestations/${id}/validation`, 'worker', { version: 1 })).toMatchObject({ status: 412, body: { code: 'CONCURRENCY' } });
  }, 45_000);

  it('R4 the worker deadline runs even for a worker with no e-mail and no app: the dashboard shows its instant', async () => {
    const id = await companyEncodes();
    const dashboard = await eventually(toValidate, (answer) => answer.body.some((row) => row.prestationId === id));
    expect(dashboard.body.find((r) => r.prestationId === id)!['deadline']).toEqual(expect.any(String));
  }, 45_000);

  it('R5 the worker validates or contests only their own prestations, online only; a contest goes back to the company', async () => {
    const id = await companyEncodes();
    expect(await call('POST', `/worker/prestations/${id}/validation`, 'otherWorker', { version: 1 })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await call('POST', `/ivr/prestations/${id}/validation`, 'worker', { version: 1 })).toMatchObject({ status: 403, body: { message: expect.stringContaining('R5') } });
    expect(await call('POST', `/worker/prestations/${id}/contest`, 'worker', { version: 1, reasonCode: 'WRONG_HOURS' })).toMatchObject({ status: 400, body: { field: 'data.text' } });
    const contested = await call('POST', `/worker/prestations/${id}/contest`, 'worker', { version: 1, reasonCode: 'WRONG_HOURS', text: 'I worked 3 hours', proposedHours: 3 });
    expect(contested).toMatchObject({ status: 201, body: { status: 'ContestedByWorker' } });
    expect(await companyRowWith(id, (r) => r['status'] === 'CONTESTED_BY_WORKER')).toMatchObject({ statusLabel: 'Contestée par le·la travailleur·euse' });
  }, 45_000);

  it('R7 the user sees it "En attente de validation" from the company encoding and may confirm before the worker decides', async () => {
    const id = await companyEncodes();
    expect(await userRow(id)).toMatchObject({ status: 'AWAITING_VALIDATION', mayConfirm: true, confirmedByUser: false, awaiting: 'WORKER' });
    const confirmed = await call<{ streamVersion: number }>('POST', `/user/prestations/${id}/confirmation`, 'user', { version: 1 });
    expect(confirmed).toMatchObject({ status: 201, body: { status: 'AwaitingWorker' } });
    // Still awaiting the worker, and the user's view says they confirmed it (the web app tells them so). Its streamVersion
    // reaches the answer's: how the web app knows the view holds the command (the prestation's own version stays 1).
    expect(confirmed.body.streamVersion).toBeGreaterThan(1);
    const caughtUp = await userRow(id, (r) => (r['streamVersion'] as number) >= confirmed.body.streamVersion);
    expect(caughtUp).toMatchObject({ status: 'AWAITING_VALIDATION', mayConfirm: false, confirmedByUser: true, awaiting: 'WORKER', version: 1 });
    expect(await call('POST', `/worker/prestations/${id}/validation`, 'worker', { version: 1 })).toMatchObject({ status: 201, body: { status: 'Validated' } });
    expect(await userRow(id, (r) => r['status'] === 'CONFIRMED')).toMatchObject({ mayContest: false, confirmedByUser: false, awaiting: null });
  }, 45_000);

  it('R9 no contest after automatic confirmation: the user view says so and the gateway refuses it (409)', async () => {
    const id = await companyEncodes();
    // The deadline service's commands, sent at the due instants as it would (its own tests cover the timing).
    const commands = new PrestationCommands(platform.dataSource, defaultPolicy);
    const system = { id: 'deadline-service', role: 'SYSTEM' } as const;
    const encoded = await commands.execute({ type: 'ReachWorkerDeadline', prestationId: id, data: { deadlineId: 'worker-v1' }, metadata: { now: '2099-01-01T00:00:00.000Z', actor: system } });
    const window = (encoded.state as { user: { window: { id: string; dueAt: string } } }).user.window;
    await commands.execute({ type: 'ReachUserDeadline', prestationId: id, data: { deadlineId: window.id }, metadata: { now: '2099-12-31T00:00:00.000Z', actor: system } });
    expect(await userRow(id, (r) => r['status'] === 'CONFIRMED')).toMatchObject({ mayContest: false });
    const contest = await call('POST', `/user/prestations/${id}/contest`, 'user', { version: 1, reason: 'too late' });
    expect(contest).toMatchObject({ status: 409, body: { code: 'ILLEGAL_STATE', message: expect.stringContaining('R9') } });
  }, 45_000);

  it('R6 R8 R9 a deadline passed but not fired (no deadline service runs here) has lapsed: the views no longer offer it, the gateway refuses it (409 naming it; ADR 0012)', async () => {
    const commands = new PrestationCommands(platform.dataSource, defaultPolicy);
    const encodedDaysAgo = async (days: number) => {
      const prestationId = randomUUID();
      await commands.execute({
        type: 'EncodePrestationForWorker',
        prestationId,
        data: { companyId: who.companyA, workerId: who.worker, userId: who.user, serviceDate: brusselsDate(days), hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'no network' },
        metadata: { now: new Date(Date.now() - days * 86_400_000).toISOString(), actor: { id: who.companyA, role: 'COMPANY' } },
      });
      return prestationId;
    };
    // 12 days ago: the worker's 5 working days have passed (holidays included), the user's 60 days (R8) run from them; 80 days ago: those passed too.
    const [lapsed, long] = await Promise.all([encodedDaysAgo(12), encodedDaysAgo(80)]);
    expect(await userRow(lapsed)).toMatchObject({ status: 'AWAITING_VALIDATION', mayConfirm: true, mayContest: true });
    expect(await userRow(long)).toMatchObject({ status: 'AWAITING_VALIDATION', mayConfirm: false, mayContest: false });
    const listed = (await toValidate()).body.map((row) => row.prestationId);
    expect([listed.includes(lapsed), listed.includes(long)]).toEqual([false, false]);
    expect((await history()).body.items.find((row) => row.prestationId === lapsed)).toMatchObject({ colour: 'YELLOW', status: 'VALIDATED_AUTOMATICALLY' }); // at the read instant, before the deadline service fired

    const validation = await call('POST', `/worker/prestations/${lapsed}/validation`, 'worker', { version: 1 });
    expect(validation).toMatchObject({ status: 409, body: { code: 'ILLEGAL_STATE', message: expect.stringMatching(/^too late: the worker's deadline worker-v1 lapsed at .*Brussels time/) } });
    const contest = await call('POST', `/user/prestations/${long}/contest`, 'user', { version: 1, reason: 'too late' });
    expect(contest).toMatchObject({ status: 409, body: { code: 'ILLEGAL_STATE', message: expect.stringMatching(/the user's window user-v1 lapsed at .*\(R9\)/) } });
    // R8: in the window the lapse opened, the user's confirmation is accepted; the deadline service will then validate it.
    expect(await call('POST', `/user/prestations/${lapsed}/confirmation`, 'user', { version: 1 })).toMatchObject({ status: 201, body: { status: 'AwaitingWorker' } });
    expect(await auditTypes(long)).toEqual(['PrestationEncoded']);
  }, 45_000);

  it('R10 a legacy prestation imported at the cut-over is to validate by the worker in their dashboard', async () => {
    const id = randomUUID();
    // Go-live now: yesterday's prestation was in flight at the cut-over.
    await new PrestationCommands(platform.dataSource, policyWithCutOver(new Date().toISOString())).execute({
      type: 'ImportLegacyPrestation',
      prestationId: id,
      data: { companyId: who.companyA, workerId: who.worker, userId: who.user, serviceDate: yesterday, hours: 2, activity: 'SHOPPING', channel: 'COMPANY', encodedBy: 'COMPANY', legacyStatus: 'ENREGISTREE', region: 'WALLONIA' },
      metadata: { now: new Date().toISOString(), actor: { id: 'operator-e2e', role: 'OPERATOR' } },
    });
    const dashboard = await eventually(toValidate, (answer) => answer.body.some((row) => row.prestationId === id));
    expect(dashboard.body.find((r) => r.prestationId === id)).toMatchObject({ encodedBy: 'COMPANY', activity: 'SHOPPING' });
  }, 45_000);

  it('R11 the worker sets their e-mail (their profile shows the current one); then their company can no longer change it; another company never could', async () => {
    expect(await call('PUT', `/company/workers/${who.worker}/email`, 'company', { email: 'set-by-company@example.be' })).toMatchObject({ status: 200 });
    expect((await call('GET', '/worker/profile', 'worker')).body).toMatchObject({ email: 'set-by-company@example.be', setByWorker: false });
    expect(await call('PUT', `/company/workers/${who.worker}/email`, 'otherCompany', { email: 'x@example.be' })).toMatchObject({ status: 403 });
    expect(await call('PUT', '/worker/email', 'worker', { email: 'not an address' })).toMatchObject({ status: 400, body: { field: 'data.email' } });
    expect(await call('PUT', '/worker/email', 'worker', { email: 'aicha@example.be' })).toMatchObject({ status: 200, body: { streamId: who.worker, streamVersion: 2 } });
    // The profile screen shows the address e-mails go to now, and that the company can no longer change it.
    expect((await call('GET', '/worker/profile', 'worker')).body).toMatchObject({ email: 'aicha@example.be', setByWorker: true });
    expect(await call('PUT', `/company/workers/${who.worker}/email`, 'company', { email: 'again@example.be' })).toMatchObject({ status: 403, body: { message: expect.stringContaining('R11') } });
  }, 45_000);

  it('R12 the company view: statuses in its language, who encoded, deadline; filters, paging, sorting', async () => {
    const first = await companyEncodes({ serviceDate: brusselsDate(10) });
    const second = await companyEncodes({ serviceDate: brusselsDate(9) });
    await companyRow(first);
    await companyRow(second);
    const filtered = await call<Page & { page: number; pageSize: number }>('GET', `/company/prestations?status=TO_VALIDATE_BY_WORKER&workerId=${who.worker}&from=${brusselsDate(10)}&to=${brusselsDate(9)}&sort=serviceDate&pageSize=1`, 'company');
    expect(filtered.body).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    expect(filtered.body.items.map((r) => r.prestationId)).toEqual([first]);
    expect(filtered.body.items[0]).toMatchObject({ encodedBy: 'COMPANY', workerDeadline: expect.stringMatching(/Z$/) });
    const secondPage = await call<Page>('GET', `/company/prestations?status=TO_VALIDATE_BY_WORKER&from=${brusselsDate(10)}&to=${brusselsDate(9)}&sort=serviceDate&pageSize=1&page=2`, 'company');
    expect(secondPage.body.items.map((r) => r.prestationId)).toEqual([second]);
    const english = await call<Page>('GET', `/company/prestations?from=${brusselsDate(10)}&to=${brusselsDate(10)}&language=en`, 'company');
    expect(english.body.items.find((r) => r.prestationId === first)).toMatchObject({ statusLabel: 'To validate by the worker' });
    for (const [query, field] of [['status=DONE', 'status'], ['from=2025-02-30', 'from'], ['sort=price', 'sort'], ['pageSize=0', 'pageSize'], ['language=xx', 'language']]) {
      expect(await call('GET', `/company/prestations?${query}`, 'company')).toMatchObject({ status: 400, body: { code: 'VALIDATION', field } });
    }
  }, 45_000);

  it('R13 the worker history: 3 months by service date, never cancelled, colour, legend, who encoded', async () => {
    const old = await workerEncodes({ serviceDate: brusselsDate(120) });
    const oldAwaiting = await companyEncodes({ serviceDate: brusselsDate(120) });
    const cancelled = await workerEncodes();
    const recent = await workerEncodes();
    expect(await call('POST', `/company/prestations/${cancelled}/cancellation`, 'company', { reason: 'never happened' })).toMatchObject({ status: 201 });
    await companyRowWith(cancelled, (r) => r['status'] === 'CANCELLED');
    const answer = await eventually(history, (h) => h.body.items.some((r) => r.prestationId === recent) && h.body.items.some((r) => r.prestationId === oldAwaiting));
    const shown = answer.body.items.map((r) => r.prestationId);
    expect(shown).not.toContain(old);
    expect(shown).not.toContain(cancelled);
    expect(answer.body.items.find((r) => r.prestationId === recent)).toMatchObject({ colour: 'BLUE', label: 'Encodée', encodedBy: 'WORKER', encodedByLabel: 'Encodée par vous' });
    expect(answer.body.items.find((r) => r.prestationId === oldAwaiting)).toMatchObject({ colour: 'ORANGE', encodedByLabel: "Encodée par l'entreprise" });
    expect(answer.body.legend).toEqual([
      { colour: 'BLUE', label: 'Encodée' },
      { colour: 'YELLOW', label: 'En attente' },
      { colour: 'ORANGE', label: 'À valider' },
      { colour: 'GREEN', label: 'Validée' },
    ]);
  }, 45_000);

  it("R14 exports: CSV and XLSX, streamed, with the new statuses in the company's language", async () => {
    const prestationId = await companyEncodes({ workerId: who.otherWorker, userId: who.otherUser, hours: 3, activity: 'IRONING', reason: 'geen netwerk, "dringend"' }, 'otherCompany');
    await eventually(async () => (await call<Page>('GET', '/company/prestations', 'otherCompany')).body.total, (total) => total === 1);

    const csv = await fetch(`${platform.base}/company/prestations/export.csv?status=TO_VALIDATE_BY_WORKER`, { headers: { authorization: `Bearer ${tokens.otherCompany}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    // Issue 11: each id with the reference data's name beside it.
    expect(lines[0]).toBe('prestationId,serviceDate,companyId,companyName,workerId,workerName,userId,userName,hours,activity,channel,encodedBy,status,statusLabel,workerDeadline,encodingReason');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${prestationId},${yesterday},${who.companyB},Schoon,${who.otherWorker},Bart,${who.otherUser},Familie Peeters,3,IRONING,COMPANY,COMPANY,TO_VALIDATE_BY_WORKER,Te valideren door de werknemer,`);
    expect(lines[1]).toMatch(/,"geen netwerk, ""dringend"""$/);

    // Issue 11: with ?language= the file is for a clerk: BOM, `;` for a Belgian Excel, headers and activities translated.
    const forClerk = async (language: string) => {
      const answer = await fetch(`${platform.base}/company/prestations/export.csv?language=${language}`, { headers: { authorization: `Bearer ${tokens.otherCompany}` } });
      // The bytes, as fetch's text() would drop the BOM.
      const bytes = Buffer.from(await answer.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return bytes.subarray(3).toString('utf8').trim().split('\r\n');
    };
    const [frHeader, frRow] = await forClerk('fr');
    expect(frHeader).toBe(
      "ID prestation;Date;ID entreprise;Entreprise;ID travailleur·euse;Travailleur·euse;ID utilisateur·rice;Utilisateur·rice;Heures;Activité;Canal;Encodée par;Code du statut;Statut;Échéance travailleur·euse;Motif de l'encodage",
    );
    expect(frRow).toContain(`${prestationId};${yesterday};${who.companyB};Schoon;${who.otherWorker};Bart;${who.otherUser};Familie Peeters;3;Repassage;COMPANY;COMPANY;TO_VALIDATE_BY_WORKER;À valider par le·la travailleur·euse;`);
    expect(frRow).toMatch(/;"geen netwerk, ""dringend"""$/);
    const [nlHeader, nlRow] = await forClerk('nl');
    expect(nlHeader!.split(';').slice(0, 10)).toEqual(['ID prestatie', 'Datum', 'ID onderneming', 'Onderneming', 'ID werknemer', 'Werknemer', 'ID gebruiker', 'Gebruiker', 'Uren', 'Activiteit']);
    expect(nlRow).toContain(';3;Strijken;COMPANY;COMPANY;TO_VALIDATE_BY_WORKER;Te valideren door de werknemer;');
    const [enHeader, enRow] = await forClerk('en');
    expect(enHeader!.split(',').slice(0, 2)).toEqual(['Prestation ID', 'Date']);
    expect(enRow).toContain(',3,Ironing,COMPANY,COMPANY,TO_VALIDATE_BY_WORKER,To validate by the worker,');

    const xlsx = await fetch(`${platform.base}/company/prestations/export.xlsx?language=fr`, { headers: { authorization: `Bearer ${tokens.otherCompany}` } });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet('Prestations')!;
    const header = sheet.getRow(1).values as unknown[]; // from index 1, as Excel counts
    const cell = (column: string) => sheet.getRow(2).getCell(header.indexOf(column)).value;
    // Issue 11: ?language=fr, so the CSV's French headers and activity labels; hours stay a number cell.
    expect(header.slice(1, 11)).toEqual(['ID prestation', 'Date', 'ID entreprise', 'Entreprise', 'ID travailleur·euse', 'Travailleur·euse', 'ID utilisateur·rice', 'Utilisateur·rice', 'Heures', 'Activité']);
    expect([cell('ID prestation'), cell('Entreprise'), cell('ID travailleur·euse'), cell('Travailleur·euse'), cell('ID utilisateur·rice'), cell('Utilisateur·rice')]).toEqual([
      prestationId, 'Schoon', who.otherWorker, 'Bart', who.otherUser, 'Familie Peeters',
    ]);
    expect([cell('Heures'), cell('Activité'), cell('Statut')]).toEqual([3, 'Repassage', 'À valider par le·la travailleur·euse']);

    expect(await call('GET', '/company/prestations/export.pdf', 'otherCompany')).toMatchObject({ status: 400, body: { field: 'format' } });
  }, 45_000);

  it('R15 the company sees its share of company-encoded prestations; operators see every company', async () => {
    const id = await workerEncodes();
    await companyRow(id);
    const share = await call<{ total: number; encodedByCompany: number; share: number }>('GET', '/company/share', 'company');
    expect(share.body.total).toBeGreaterThan(share.body.encodedByCompany);
    expect(share.body.share).toBeCloseTo(share.body.encodedByCompany / share.body.total);
    const all = await call<Array<{ companyId: string }>>('GET', '/operator/shares', 'operator');
    // With the company's name for the operators' screen (ADR 0028: looked up when read).
    expect(all.body.find((s) => s.companyId === who.companyA)).toEqual({ ...share.body, companyName: 'Net & Propre' });
  }, 45_000);

  it('operators load reference data through the gateway: all lines or none, each problem named by line', async () => {
    const newUser = `1${String(Date.now()).slice(-11)}`;
    const csv = `user_id,name,language,email\n${newUser},Famille Martin,fr,martin@example.be\n12,Nobody,fr,\n`;
    const refused = await call('POST', '/operator/reference-data/users', 'operator', { csv });
    expect(refused).toMatchObject({ status: 400, body: { code: 'VALIDATION', problems: ['line 3, user_id: "12" is not 12 digits'] } });
    expect(await call('POST', '/operator/reference-data/users', 'operator', { csv: csv.split('\n').slice(0, 2).join('\n') })).toMatchObject({ status: 200, body: { kind: 'users', imported: 1 } });
    expect(await call('POST', '/operator/reference-data/robots', 'operator', { csv })).toMatchObject({ status: 400, body: { field: 'kind' } });
  });

  it('documents every endpoint in the OpenAPI document', async () => {
    const document = (await (await fetch(`${platform.base}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/company/prestations',
        '/company/prestations/{id}/corrections',
        '/company/prestations/export.{format}',
        '/company/share',
        '/worker/prestations/to-validate',
        '/worker/history',
        '/ivr/prestations',
        '/user/prestations/{id}/contest',
        '/{portal}/prestations/{id}/audit',
        '/operator/shares',
      ]),
    );
  });

  describe('bad input: 400 naming the field (or 409), nothing written', () => {
    const encodeBody = (overrides: Record<string, unknown>) => ({ prestationId: randomUUID(), workerId: who.worker, userId: who.user, serviceDate: yesterday, hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'no network', ...overrides });

    it.each<[string, Record<string, unknown>, string, string | undefined]>([
      ['an unknown worker', { workerId: '980999999999' }, 'data.workerId', 'UNKNOWN_REFERENCE'],
      ["another company's worker", { workerId: 'OTHER' }, 'data.workerId', undefined],
      ['an unknown user', { userId: '199999999999' }, 'data.userId', 'UNKNOWN_REFERENCE'],
      ['an impossible date', { serviceDate: '2025-02-30' }, 'data.serviceDate', undefined],
      ['a date in the future', { serviceDate: '2999-01-01' }, 'data.serviceDate', 'DATE_IN_FUTURE'],
      ['ten hours', { hours: 10 }, 'data.hours', undefined],
      ['hours as text', { hours: 'four' }, 'data.hours', undefined],
      ['an unknown activity', { activity: 'GARDENING' }, 'data.activity', undefined],
      ['a prestation id that is not a UUID', { prestationId: 'p-1' }, 'data.prestationId', undefined],
      ['a 2,500-character reason', { reason: 'x'.repeat(2500) }, 'data.reason', 'TOO_LONG'],
    ])('refuses %s', async (_, overrides, field, reason) => {
      const body = encodeBody(overrides.workerId === 'OTHER' ? { workerId: who.otherWorker } : overrides);
      const answer = await call('POST', '/company/prestations', 'company', body);
      expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION', field } });
      // The web's headline is "<field label>: <reason>" (ErrorNotice); a field with no reason gets the generic sentence.
      expect((answer.body as Record<string, unknown>)['reason']).toBe(reason);
      // The length a text may have, named beside TOO_LONG.
      expect((answer.body as Record<string, unknown>)['limit']).toBe(reason === 'TOO_LONG' ? 2000 : undefined);
      if (typeof body.prestationId === 'string' && body.prestationId.length === 36) {
        expect((await call('GET', `/operator/prestations/${body.prestationId}/audit`, 'operator')).status).toBe(404);
      }
    });

    it('refuses a command without an Idempotency-Key, and a body that is not an object', async () => {
      expect(await call('POST', '/company/prestations', 'company', encodeBody({}), null)).toMatchObject({ status: 400, body: { field: 'Idempotency-Key' } });
      expect(await call('POST', '/company/prestations', 'company', [1, 2])).toMatchObject({ status: 400, body: { field: 'body' } });
      expect(await call('POST', '/ivr/prestations', 'worker', { prestationId: randomUUID(), companyId: who.companyA, userId: who.user, serviceDate: yesterday, hours: 2, activityKey: 7 })).toMatchObject({
        status: 400,
        body: { field: 'activityKey' },
      });
    });

    it('refuses the correction of a cancelled prestation (409)', async () => {
      const id = await companyEncodes();
      expect(await call('POST', `/company/prestations/${id}/cancellation`, 'company', { reason: 'duplicate' })).toMatchObject({ status: 201, body: { status: 'Cancelled' } });
      const correction = await call('POST', `/company/prestations/${id}/corrections`, 'company', { version: 1, serviceDate: yesterday, hours: 2, activity: 'IRONING' });
      expect(correction).toMatchObject({ status: 409, body: { code: 'ILLEGAL_STATE' } });
      expect(await auditTypes(id)).toEqual(['PrestationEncoded', 'PrestationCancelled']);
    }, 45_000);
  });

  describe('idempotency: every command carries a key', () => {
    it('the same request twice writes once and answers the same', async () => {
      const body = { prestationId: randomUUID(), workerId: who.worker, userId: who.user, serviceDate: yesterday, hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'no network' };
      const key = randomUUID();
      const first = await call('POST', '/company/prestations', 'company', body, key);
      const again = await call('POST', '/company/prestations', 'company', body, key);
      expect(first.status).toBe(201);
      expect(again).toEqual(first);
      const validation = randomUUID();
      const validated = await call('POST', `/worker/prestations/${body.prestationId}/validation`, 'worker', { version: 1 }, validation);
      expect(await call('POST', `/worker/prestations/${body.prestationId}/validation`, 'worker', { version: 1 }, validation)).toEqual(validated);
      expect(await auditTypes(body.prestationId)).toEqual(['PrestationEncoded', 'WorkerValidated']);
    }, 45_000);

    it('a key reused for another request, or the same prestation encoded twice under another key, is refused (409)', async () => {
      const body = { prestationId: randomUUID(), workerId: who.worker, userId: who.user, serviceDate: yesterday, hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'no network' };
      const key = randomUUID();
      expect((await call('POST', '/company/prestations', 'company', body, key)).status).toBe(201);
      expect(await call('POST', '/company/prestations', 'company', { ...body, hours: 5 }, key)).toMatchObject({ status: 409, body: { message: expect.stringContaining('another request') } });
      expect(await call('POST', '/company/prestations', 'company', body)).toMatchObject({ status: 409, body: { message: expect.stringContaining('already exists') } });
      expect(await auditTypes(body.prestationId)).toEqual(['PrestationEncoded']);
    }, 45_000);
  });

  it('the views rebuilt from the log are the live rows (after this run)', async () => {
    // This file's rows only: the database may hold other runs' events that this broker never carried.
    const differing = (from: string, minus: string) =>
      `SELECT count(*)::int AS n FROM (SELECT * FROM ${from} WHERE company_id = ANY($1) EXCEPT ALL SELECT * FROM ${minus} WHERE company_id = ANY($1)) d`;
    const companies = [who.companyA, who.companyB];
    const compare = async () => {
      await rebuildFromStore({ dataSource: platform.dataSource, projection: prestationViewProjection });
      const [[live], [onlyLive], [onlyRebuilt]] = (await Promise.all([
        platform.dataSource.query('SELECT count(*)::int AS n FROM prestation_views WHERE company_id = ANY($1)', [companies]),
        platform.dataSource.query(differing('prestation_views', 'prestation_views__rebuild'), [companies]),
        platform.dataSource.query(differing('prestation_views__rebuild', 'prestation_views'), [companies]),
      ])) as Array<Array<{ n: number }>>;
      return { liveRows: live!.n, onlyLive: onlyLive!.n, onlyRebuilt: onlyRebuilt!.n };
    };
    const comparison = await eventually(compare, (result) => result.onlyLive === 0 && result.onlyRebuilt === 0, 30_000);
    expect(comparison).toMatchObject({ onlyLive: 0, onlyRebuilt: 0 });
    expect(comparison.liveRows).toBeGreaterThan(0);
  }, 60_000);
});
