import { randomUUID } from 'node:crypto';
import { brusselsDate, type Caller, eventually, people, Platform } from '../testing/harness';

interface Endpoint {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  /** The role the endpoint is for. */
  readonly role: 'company' | 'worker' | 'user' | 'operator';
  readonly body?: unknown;
  /** What the right role gets for a prestation, worker or list that is not theirs. */
  readonly stranger: Caller | null;
}

/**
 * The authorisation matrix: every endpoint of the gateway x every role, with and without a
 * token, owner and non-owner. 401 without a token, 403 for another role, 403 for a prestation
 * that is another's (commands and audit), and lists that never show another's rows.
 */
describe('authorisation matrix: endpoints x roles x owner/non-owner', () => {
  const who = people();
  let platform: Platform;
  let tokens: Record<Caller, string>;
  let p = '';
  const absence = { from: brusselsDate(-30), to: brusselsDate(-39) };

  beforeAll(async () => {
    platform = await Platform.start(who);
    tokens = await platform.tokens(who);
    p = randomUUID();
    const encoded = await platform.call('POST', '/company/prestations', tokens.company, {
      prestationId: p,
      workerId: who.worker,
      userId: who.user,
      serviceDate: brusselsDate(1),
      hours: 4,
      activity: 'HOUSEHOLD_HELP',
      reason: 'no network',
    });
    expect(encoded.status).toBe(201);
    await eventually(
      async () => (await platform.call<unknown[]>('GET', '/user/prestations', tokens.user)).body,
      (rows) => rows.length === 1,
    );
    expect((await platform.call('POST', '/user/absences', tokens.user, absence)).status).toBe(201);
  }, 240_000);

  afterAll(() => platform?.stop(), 30_000);

  const endpoints = (): Endpoint[] => [
    { method: 'POST', path: '/company/prestations', role: 'company', body: {}, stranger: null },
    { method: 'POST', path: `/company/prestations/${p}/corrections`, role: 'company', body: { version: 1, serviceDate: brusselsDate(1), hours: 2, activity: 'IRONING' }, stranger: 'otherCompany' },
    { method: 'POST', path: `/company/prestations/${p}/validation`, role: 'company', body: { version: 1 }, stranger: 'otherCompany' },
    { method: 'POST', path: `/company/prestations/${p}/cancellation`, role: 'company', body: { reason: 'x' }, stranger: 'otherCompany' },
    { method: 'GET', path: '/company/prestations', role: 'company', stranger: 'otherCompany' },
    { method: 'GET', path: `/company/prestations/${p}`, role: 'company', stranger: 'otherCompany' },
    { method: 'GET', path: '/company/prestations/export.csv', role: 'company', stranger: 'otherCompany' },
    { method: 'GET', path: `/company/prestations/${p}/audit`, role: 'company', stranger: 'otherCompany' },
    { method: 'GET', path: '/company/share', role: 'company', stranger: null },
    { method: 'GET', path: '/company/users', role: 'company', stranger: null },
    { method: 'PUT', path: `/company/workers/${who.worker}/email`, role: 'company', body: { email: 'a@b.be' }, stranger: 'otherCompany' },
    { method: 'POST', path: '/worker/prestations', role: 'worker', body: {}, stranger: null },
    { method: 'GET', path: '/worker/prestations/to-validate', role: 'worker', stranger: 'otherWorker' },
    { method: 'GET', path: '/worker/history', role: 'worker', stranger: 'otherWorker' },
    { method: 'POST', path: `/worker/prestations/${p}/validation`, role: 'worker', body: { version: 1 }, stranger: 'otherWorker' },
    { method: 'POST', path: `/worker/prestations/${p}/contest`, role: 'worker', body: { version: 1, reasonCode: 'OTHER', text: 'no' }, stranger: 'otherWorker' },
    { method: 'PUT', path: '/worker/email', role: 'worker', body: { email: 'a@b.be' }, stranger: null },
    { method: 'GET', path: '/worker/profile', role: 'worker', stranger: null },
    { method: 'GET', path: `/worker/prestations/${p}/audit`, role: 'worker', stranger: 'otherWorker' },
    { method: 'POST', path: '/ivr/prestations', role: 'worker', body: {}, stranger: null },
    { method: 'POST', path: `/ivr/prestations/${p}/validation`, role: 'worker', body: { version: 1 }, stranger: 'otherWorker' },
    { method: 'GET', path: '/user/prestations', role: 'user', stranger: 'otherUser' },
    { method: 'POST', path: `/user/prestations/${p}/confirmation`, role: 'user', body: { version: 1 }, stranger: 'otherUser' },
    { method: 'POST', path: `/user/prestations/${p}/contest`, role: 'user', body: { version: 1, reason: 'no' }, stranger: 'otherUser' },
    { method: 'GET', path: `/user/prestations/${p}/audit`, role: 'user', stranger: 'otherUser' },
    { method: 'POST', path: '/user/absences', role: 'user', body: { from: '2043-05-01', to: '2043-05-02' }, stranger: null },
    { method: 'GET', path: '/user/absences', role: 'user', stranger: 'otherUser' },
    { method: 'GET', path: `/operator/prestations/${p}/audit`, role: 'operator', stranger: null },
    { method: 'GET', path: '/operator/shares', role: 'operator', stranger: null },
    { method: 'POST', path: '/operator/reference-data/users', role: 'operator', body: { csv: 'user_id,name,language,email\n' }, stranger: null },
  ];

  it('answers 401 without a token and 403 to every other role, on every endpoint', async () => {
    const seen: string[] = [];
    for (const endpoint of endpoints()) {
      const answers = [`${endpoint.method} ${endpoint.path.replace(p, ':id')}`];
      answers.push(`none=${(await platform.call(endpoint.method, endpoint.path, undefined, endpoint.body)).status}`);
      for (const caller of ['company', 'worker', 'user', 'operator'] as const) {
        if (caller === endpoint.role) continue;
        const answer = await platform.call(endpoint.method, endpoint.path, tokens[caller], endpoint.body);
        answers.push(`${caller}=${answer.status}`);
      }
      seen.push(answers.join(' '));
    }
    for (const line of seen) expect(line).toMatch(/^\S+ \S+ none=401 (\w+=403 ?){3}$/);
  }, 60_000);

  it("refuses the right role on another's prestation or worker (403), and never lists another's rows", async () => {
    const strangers: string[] = [];
    for (const endpoint of endpoints()) {
      if (!endpoint.stranger) continue;
      const answer = await platform.call<unknown>(endpoint.method, endpoint.path, tokens[endpoint.stranger], endpoint.body);
      const text = JSON.stringify(answer.body);
      const outcome =
        answer.status === 403 ? 'forbidden' : answer.status === 404 && !text.includes(p) ? 'hidden' : answer.status === 200 && !text.includes(p) ? 'not listed' : `LEAK ${answer.status} ${text}`;
      strangers.push(`${endpoint.method} ${endpoint.path.replace(p, ':id')} ${outcome}`);
    }
    expect(strangers.filter((line) => line.includes('LEAK'))).toEqual([]);
    expect(strangers).toHaveLength(19);
  }, 60_000);

  it('lets the owner read: the company, the worker and the user each see the prestation and its audit trail', async () => {
    const company = await platform.call<{ items: Array<{ prestationId: string }> }>('GET', '/company/prestations', tokens.company);
    expect(company.body.items.map((row) => row.prestationId)).toEqual([p]);
    expect(await platform.call('GET', `/company/prestations/${p}`, tokens.company)).toMatchObject({ status: 200, body: { prestationId: p, status: 'TO_VALIDATE_BY_WORKER' } });
    const worker = await platform.call<Array<{ prestationId: string }>>('GET', '/worker/prestations/to-validate', tokens.worker);
    expect(worker.body.map((row) => row.prestationId)).toEqual([p]);
    for (const [role, caller] of [['company', 'company'], ['worker', 'worker'], ['user', 'user'], ['operator', 'operator']] as const) {
      const audit = await platform.call<{ events: Array<{ type: string }> }>('GET', `/${role}/prestations/${p}/audit`, tokens[caller]);
      expect(audit).toMatchObject({ status: 200, body: { prestationId: p, events: [{ type: 'PrestationEncoded', actor: { id: who.companyA, role: 'COMPANY' } }] } });
    }
    // R17: an absence is declared for oneself only (the token's subject) and listed to its user only.
    expect((await platform.call('GET', '/user/absences', tokens.user)).body).toEqual([expect.objectContaining(absence)]);
    expect(await platform.call('GET', '/user/absences', tokens.otherUser)).toEqual({ status: 200, body: [] });
  }, 30_000);

  it('answers an audit trail under a portal that does not exist 404 NOT_FOUND naming the portals, not 403 (newcomer trial)', async () => {
    for (const portal of ['foo', 'COMPANY', 'ivr']) {
      const answer = await platform.call<{ code: string; message: string }>('GET', `/${portal}/prestations/${p}/audit`, tokens.company);
      expect(answer).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', message: 'no such portal: the audit trail is under /company/, /worker/, /user/, /operator/' } });
    }
  });

  it("answers another's audit trail as an unknown prestation's: the same 404 NOT_FOUND, which does not confirm it exists", async () => {
    for (const [role, stranger] of [['company', 'otherCompany'], ['worker', 'otherWorker'], ['user', 'otherUser']] as const) {
      const foreign = await platform.call('GET', `/${role}/prestations/${p}/audit`, tokens[stranger]);
      const unknown = await platform.call('GET', `/${role}/prestations/${randomUUID()}/audit`, tokens[stranger]);
      expect(foreign).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      expect(foreign).toEqual(unknown);
    }
  });

  it('refuses PUT /worker/email for a worker the reference data does not know (404 NOT_FOUND), nothing written', async () => {
    const unknownWorker = people().worker;
    const answer = await platform.call('PUT', '/worker/email', await platform.token('worker', unknownWorker), { email: 'nobody@example.be' });
    expect(answer).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', message: expect.stringContaining(unknownWorker) } });
    expect(await platform.dataSource.query('SELECT stream_id FROM events WHERE stream_id = $1', [unknownWorker])).toEqual([]);
  });

  it('a worker cannot encode for a company that does not employ them, nor a company for such a worker (400 naming the field each picked)', async () => {
    const facts = { userId: who.user, serviceDate: brusselsDate(1), hours: 2, activity: 'IRONING' };
    // The worker picked the company: that is what their form shows wrong.
    const byWorker = await platform.call('POST', '/worker/prestations', tokens.otherWorker, { ...facts, prestationId: randomUUID(), companyId: who.companyA });
    expect(byWorker).toMatchObject({ status: 400, body: { field: 'data.companyId' } });
    const byCompany = await platform.call('POST', '/company/prestations', tokens.company, { ...facts, prestationId: randomUUID(), workerId: who.otherWorker, reason: 'no network' });
    expect(byCompany).toMatchObject({ status: 400, body: { field: 'data.workerId' } });
  });

  it('ADR 0018 the services behind the gateway refuse a forged actor sent straight to their port: 401 without a token, 403 with somebody else\'s, nothing written', async () => {
    const version = async () => Number(((await platform.dataSource.query('SELECT version FROM event_streams WHERE stream_id = $1', [p])) as Array<{ version: string }>)[0]?.version);
    const before = await version();
    const validate = (token?: string) =>
      fetch(`${platform.service('validation-service').url}/internal/prestations/${p}/worker-validation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ actor: { id: who.worker, role: 'WORKER' }, data: { version: 1, channel: 'APP' } }),
      });
    const anonymous = await validate();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const impostor = await validate(tokens.otherWorker);
    expect(impostor.status).toBe(403);
    expect(await impostor.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining("not the token's") });
    const encoding = await fetch(`${platform.service('encoding-service').url}/internal/company-encodings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ actor: { id: who.companyA, role: 'COMPANY' }, data: {} }),
    });
    expect(encoding.status).toBe(401);
    expect(await version()).toBe(before);
  });
});
