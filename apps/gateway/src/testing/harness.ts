import { randomInt, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { type INestApplication } from '@nestjs/common';
import { createDataSource, startService } from '@prestaflow/platform';
import { freePort, ServiceProcess, StackIsolation } from '@prestaflow/platform/testing';
import { importReferenceData } from '@prestaflow/reference-data';
import { type DataSource } from 'typeorm';
import { gateway } from '../service';

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

const twelve = (prefix: string) => `${prefix}${String(randomInt(10 ** (12 - prefix.length - 1), 10 ** (12 - prefix.length))).padStart(12 - prefix.length, '0')}`;

/** Fresh people for one test file: two companies, a worker of each, two users (unique ids). */
export function people() {
  const tag = randomUUID().slice(0, 8);
  return {
    companyA: `co-a-${tag}`,
    companyB: `co-b-${tag}`,
    worker: twelve('980'),
    otherWorker: twelve('980'),
    user: twelve('1'),
    otherUser: twelve('1'),
  };
}
export type People = ReturnType<typeof people>;
export type Caller = 'company' | 'otherCompany' | 'worker' | 'otherWorker' | 'user' | 'otherUser' | 'operator';

/**
 * The platform as the e2e tests see it: the encoding and validation services (and any `more`,
 * by name with their own settings) as processes, the gateway in this process (its URLs pointing
 * at them), reference data imported, and a client. The gateway issues development tokens
 * (AUTH_DEV_ISSUER=1); the services verify them against its JWKS (ADR 0018). The whole stack
 * works on a database of its own, in consumer groups of its own (ADR 0025): its notification
 * service sends its e-mails and no other test's.
 */
export class Platform {
  private constructor(
    readonly base: string,
    readonly dataSource: DataSource,
    private readonly app: INestApplication,
    private readonly processes: Map<string, ServiceProcess>,
    private readonly isolation: StackIsolation,
  ) {}

  /** `more`: the other services by name with their settings, or a function of the gateway's base URL giving them (a notification service's links). */
  static async start(who: People, more: Record<string, NodeJS.ProcessEnv> | ((base: string) => Record<string, NodeJS.ProcessEnv>) = {}): Promise<Platform> {
    // A stack that fails to come up stops what it started and drops its database (StackIsolation.within).
    return StackIsolation.within('gateway_e2e', async (isolation) => {
      // The gateway's port chosen first: the services fetch its JWKS when the first token arrives.
      const port = await freePort();
      const keys = { AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` };
      const services = { 'encoding-service': {}, 'validation-service': {}, ...(typeof more === 'function' ? more(`http://127.0.0.1:${port}`) : more) };
      const processes = await startAll(Object.entries(services).map(([name, env]) => [name, () => ServiceProcess.start(name, { ...env, ...keys, ...isolation.env(name) })]));
      // Read by the gateway at boot (the push endpoints reach the notification service, if any).
      const urls = { ENCODING_SERVICE_URL: 'encoding-service', VALIDATION_SERVICE_URL: 'validation-service', NOTIFICATION_SERVICE_URL: 'notification-service' };
      for (const [variable, name] of Object.entries(urls)) process.env[variable] = processes.get(name)?.url ?? 'http://127.0.0.1:9';
      // Its rate limit (read at boot) out of the way: the tests poll the views from one address.
      process.env['GATEWAY_RATE_LIMIT'] = '100000';
      const stopAll = () => Promise.all([...processes.values()].map((p) => p.stop()));
      const app = await startService(gateway, { ...process.env, ...isolation.env('gateway'), PORT: String(port), AUTH_DEV_ISSUER: '1', AUTH_JWKS_URL: '' })
        .finally(() => delete process.env['GATEWAY_RATE_LIMIT'])
        .catch(async (error: unknown) => {
          await stopAll();
          throw error;
        });
      const dataSource = createDataSource({ url: isolation.databaseUrl, applicationName: 'gateway-e2e' });
      try {
        await dataSource.initialize();
        await importReferenceData(
          dataSource,
          'companies',
          `company_id,name,region,language,email\n${who.companyA},Net & Propre,WALLONIA,fr,\n${who.companyB},Schoon,FLANDERS,nl,\n`,
        );
        await importReferenceData(
          dataSource,
          'workers',
          `worker_id,name,language,email,app_installed,company_ids\n${who.worker},Aïcha,fr,,no,${who.companyA}\n${who.otherWorker},Bart,nl,,yes,${who.companyB}\n`,
        );
        await importReferenceData(dataSource, 'users', `user_id,name,language,email\n${who.user},Famille Dupont,fr,\n${who.otherUser},Familie Peeters,nl,\n`);
      } catch (error) {
        if (dataSource.isInitialized) await dataSource.destroy();
        await app.close();
        await stopAll();
        throw error;
      }
      return new Platform(await app.getUrl(), dataSource, app, processes, isolation);
    });
  }

  async stop(): Promise<void> {
    for (const variable of ['ENCODING_SERVICE_URL', 'VALIDATION_SERVICE_URL', 'NOTIFICATION_SERVICE_URL']) delete process.env[variable];
    await this.dataSource?.destroy();
    await this.app?.close();
    await Promise.all([...this.processes.values()].map((p) => p.stop()));
    await this.isolation.drop();
  }

  /** One of the services started with the platform, by name. */
  service(name: string): ServiceProcess {
    const found = this.processes.get(name);
    if (!found) throw new Error(`${name} was not started with this platform`);
    return found;
  }

  /** A development token for each caller of the tests. */
  async tokens(who: People): Promise<Record<Caller, string>> {
    const subjects: Array<[Caller, string, string]> = [
      ['company', 'company', who.companyA],
      ['otherCompany', 'company', who.companyB],
      ['worker', 'worker', who.worker],
      ['otherWorker', 'worker', who.otherWorker],
      ['user', 'user', who.user],
      ['otherUser', 'user', who.otherUser],
      ['operator', 'operator', 'operator-e2e'],
    ];
    const tokens = await Promise.all(subjects.map(([, role, sub]) => this.token(role, sub)));
    return Object.fromEntries(subjects.map(([caller], i) => [caller, tokens[i]])) as Record<Caller, string>;
  }

  async token(role: string, sub: string): Promise<string> {
    const response = await fetch(`${this.base}/auth/dev-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, sub }) });
    return ((await response.json()) as { token: string }).token;
  }

  /** R2: a company's encoding of 4 hours yesterday for the worker and user of `who`, with a reason; the new id and the answer. */
  async companyEncodes(who: People, companyToken: string): Promise<{ prestationId: string; answer: Answer }> {
    const prestationId = randomUUID();
    const body = { prestationId, workerId: who.worker, userId: who.user, serviceDate: brusselsDate(1), hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'the worker had no network' };
    return { prestationId, answer: await this.call('POST', '/company/prestations', companyToken, body) };
  }

  async call<T = Record<string, unknown>>(method: string, path: string, token?: string, body?: unknown, key: string | null = randomUUID()): Promise<Answer<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (key !== null && method !== 'GET') headers['idempotency-key'] = key;
    const response = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = response.headers.get('content-type')?.startsWith('application/json');
    return { status: response.status, body: (json ? JSON.parse(text) : text) as T };
  }
}

/**
 * Starts every service at once; when one fails, stops those that came up (the others still
 * booting are awaited first) and passes the first failure on. The started ones by name.
 */
async function startAll(starts: Array<[string, () => Promise<ServiceProcess>]>): Promise<Map<string, ServiceProcess>> {
  const outcomes = await Promise.allSettled(starts.map(([, start]) => start()));
  const started = new Map<string, ServiceProcess>();
  starts.forEach(([name], i) => {
    const outcome = outcomes[i];
    if (outcome?.status === 'fulfilled') started.set(name, outcome.value);
  });
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) {
    await Promise.all([...started.values()].map((p) => p.stop()));
    throw failed.reason;
  }
  return started;
}

/**
 * A request sent exactly as given, for malformed input: the path as it is (fetch would resolve
 * `%2e%2e` as `..` itself), any headers, the body as text; the answer as text.
 */
export function rawRequest(base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const sent = request({ host: url.hostname, port: url.port, method, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/** Polls `read` until `accept` holds (views follow the log a moment later); returns the last value. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Today in Brussels and a date `days` before it, as YYYY-MM-DD. */
export function brusselsDate(daysBefore = 0): string {
  const now = new Date(Date.now() - daysBefore * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(now);
}
