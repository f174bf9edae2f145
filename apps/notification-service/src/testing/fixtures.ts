import { randomInt, randomUUID } from 'node:crypto';
import { type Actor, type PrestationCommand } from '@prestaflow/contracts';
import { encodePrestationForWorker, T0 } from '@prestaflow/testing';
import { startService } from '@prestaflow/platform';
import { StackIsolation, TestIssuer, uniqueName } from '@prestaflow/platform/testing';
import { PrestationCommands, PrestationStoreModule } from '@prestaflow/write-side';
import { DataSource } from 'typeorm';
import { type LoggedNotification } from '../notifications/notification-queries';
import { notificationServiceWith } from '../service';

const digits = () => String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export interface PeopleOptions {
  readonly worker?: { readonly language: string; readonly email?: string | null; readonly app?: boolean };
  readonly user?: { readonly language: string };
}

/**
 * The reference data of one test: a company (fr), a worker and a user in the languages asked,
 * with unique ids and addresses, and the company's encoding of a new prestation for them (R2).
 */
export async function people(db: DataSource, options: PeopleOptions = {}) {
  const tag = randomUUID().slice(0, 8);
  const company = { id: `company-${tag}`, email: `company-${tag}@example.be` };
  const worker = { id: digits(), email: options.worker?.email === undefined ? `worker-${tag}@example.be` : options.worker.email };
  const user = { id: digits(), email: `user-${tag}@example.be` };
  await db.query(`INSERT INTO companies (company_id, name, region, language, email) VALUES ($1, 'Titres Test', 'WALLONIA', 'fr', $2)`, [company.id, company.email]);
  await db.query(`INSERT INTO workers (worker_id, name, language, email, app_installed) VALUES ($1, 'Maria', $2, $3, $4)`, [
    worker.id,
    options.worker?.language ?? 'fr',
    worker.email,
    options.worker?.app ?? false,
  ]);
  await db.query(`INSERT INTO users (user_id, name, language, email) VALUES ($1, 'Jan', $2, $3)`, [user.id, options.user?.language ?? 'fr', user.email]);
  const prestationId = randomUUID();
  const workerActor: Actor = { id: worker.id, role: 'WORKER' };
  const companyActor: Actor = { id: company.id, role: 'COMPANY' };
  const encode: PrestationCommand = {
    ...encodePrestationForWorker(T0, { companyId: company.id, workerId: worker.id, userId: user.id }, companyActor),
    prestationId,
  };
  return { company, worker, user, prestationId, workerActor, encode };
}

/**
 * A notification service and a writer that runs commands and the relay, both booted for real on
 * a database of their own, the service in a consumer group of its own (ADR 0025: it sends this
 * file's e-mails and no other's); returns once the service has caught up with the event log. Its
 * callers' tokens come from a test identity provider (ADR 0018): `operator` is an operator's
 * Authorization header.
 */
export async function startNotificationStack(env: NodeJS.ProcessEnv) {
  const [issuer, isolation] = await Promise.all([TestIssuer.start(), StackIsolation.create('notification_stack')]);
  const all = {
    ...issuer.env,
    ...process.env,
    ...isolation.env('notification-service'),
    PORT: '0',
    APP_URL: 'https://prestaflow.example',
    NOTIFICATION_RETRY_INTERVAL_MS: '100',
    NOTIFICATION_BACKOFF_MS: '100',
    ...env,
  };
  const [writer, service] = await Promise.all([
    startService({ name: uniqueName('notification-test-writer'), defaultPort: 0, imports: [PrestationStoreModule.forRoot()] }, { ...process.env, ...isolation.env('writer'), PORT: '0' }),
    startService(notificationServiceWith(all), all),
  ]);
  const url = await service.getUrl();
  const operator = await issuer.authorization('operator', 'operator-test');
  const stack = {
    issuer,
    operator,
    writer,
    service,
    url,
    commands: writer.get(PrestationCommands),
    people: (options?: PeopleOptions) => people(writer.get(DataSource), options),
    logOf: async (prestationId: string) => (await (await fetch(`${url}/notifications/prestations/${prestationId}`, { headers: operator })).json()) as LoggedNotification[],
    close: async () => {
      await Promise.all([writer.close(), service.close(), issuer.stop()]);
      await isolation.drop();
    },
  };
  const warmUp = await stack.people();
  await stack.commands.execute(warmUp.encode);
  await eventually('the consumer to catch up with the log', async () => (await stack.logOf(warmUp.prestationId)).length > 0, 45_000);
  return stack;
}
