import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { migrations } from '@prestaflow/platform';
import { freePort, StackIsolation, TestIssuer } from '@prestaflow/platform/testing';

// The production build (ADR 0021): `nx build` of every app the image is built for, started with the
// command of deploy/docker/Dockerfile (its CMD's node arguments, NODE_ENV=production, tokens from
// an identity provider) against the test's real broker and database, with only the production
// dependencies resolvable (support/production-dependencies-only.cjs).

const repo = resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const productionOnly = resolve(__dirname, 'support/production-dependencies-only.cjs');

/** The apps docker-compose.yml builds an image for (build argument APP), the five services. */
const apps = Object.values((parse(readFileSync(resolve(repo, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { build?: { args?: { APP?: string } } }> }).services)
  .map((service) => service.build?.args?.APP)
  .filter((app): app is string => Boolean(app));

const bundle = (app: string) => resolve(repo, `dist/apps/${app}/main.js`);

/** The node arguments of the image's CMD (`exec node <V8 flags> dist/apps/${APP}/main.js`) for `app`. */
function imageNodeArguments(app: string): string[] {
  const command = /^CMD .*"exec node ([^"]+)"/m.exec(readFileSync(resolve(repo, 'deploy/docker/Dockerfile'), 'utf8'))?.[1] ?? '';
  return command.replaceAll('${APP}', app).trim().split(/\s+/);
}

/** The package a require names: `@nestjs/common/x` -> `@nestjs/common`, `csv-parse/sync` -> `csv-parse`. */
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

beforeAll(() => {
  execFileSync('npx', ['nx', 'run-many', '-t', 'build', `--projects=${apps.join(',')}`, '--outputStyle=static'], { cwd: repo, stdio: 'pipe', timeout: 300_000 });
}, 300_000);

describe('nx build: each service bundled to dist/apps/<app>/main.js', () => {
  it('builds the five services of docker-compose.yml', () => {
    expect([...apps].sort()).toEqual(['deadline-service', 'encoding-service', 'gateway', 'notification-service', 'validation-service']);
  });

  it.each(apps)('%s requires only Node built-ins and production dependencies (package.json "dependencies"), no workspace file', (app) => {
    const requires = [...readFileSync(bundle(app), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map(([, specifier]) => specifier as string);
    expect(requires).toContain('@nestjs/core');
    const outside = [...new Set(requires.filter((specifier) => !isBuiltin(specifier) && !(packageOf(specifier) in packageJson.dependencies)))];
    expect(outside).toEqual([]);
  });

  it('the production-only resolution refuses a devDependency as the image would (the check below is live)', () => {
    const run = () => execFileSync(process.execPath, ['--require', productionOnly, '-e', 'require("typeorm"); require("@swc/core")'], { cwd: repo, stdio: 'pipe' });
    expect(run).toThrow(/@swc\/core': node_modules\/@swc\/core is a devDependency/);
  });
});

interface Started {
  readonly app: string;
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
}

async function startBuilt(app: string, port: number, env: NodeJS.ProcessEnv): Promise<Started> {
  let output = '';
  const command = imageNodeArguments(app);
  expect(command.at(-1)).toBe(`dist/apps/${app}/main.js`);
  const child = spawn(process.execPath, ['--require', productionOnly, ...command], {
    cwd: repo,
    // As in the image (ENV of deploy/docker/Dockerfile): production, so the development issuer is refused (ADR 0018).
    env: { ...process.env, AUTH_DEV_ISSUER: '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), NO_COLOR: '1', KAFKAJS_NO_PARTITIONER_WARNING: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  return { app, url: `http://127.0.0.1:${port}`, child, output: () => output };
}

/** Polls /health until 200; fails with the service's last output if it exits or stays down. */
async function healthy(service: Started, timeoutMs: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`${service.app} exited with code ${service.child.exitCode}:\n${service.output()}`);
    const answer = await fetch(`${service.url}/health`).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }), () => null);
    if (answer?.status === 200) return answer.body;
    if (answer) last = JSON.stringify(answer.body);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${service.app} not healthy after ${timeoutMs} ms (${last}):\n${service.output()}`);
}

async function stop(service: Started): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  const exited = once(service.child, 'exit');
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

describe('the built services started as the image starts them, against the real broker and database', () => {
  // The services on a database of their own (the gateway's start runs every migration from the
  // bundle), in consumer groups of their own: a notification or deadline service on the shared
  // one would claim other tests' e-mails and deadlines while it runs (ADR 0025).
  let isolation: StackIsolation;
  let issuer: TestIssuer;
  const started = new Map<string, Started>();

  beforeAll(async () => {
    isolation = await StackIsolation.create('built');
    issuer = await TestIssuer.start();
    const ports = new Map<string, number>();
    for (const app of apps) ports.set(app, await freePort());
    const url = (app: string) => `http://127.0.0.1:${ports.get(app)}`;
    for (const app of apps) {
      const own = app === 'gateway' ? { ENCODING_SERVICE_URL: url('encoding-service'), VALIDATION_SERVICE_URL: url('validation-service') } : {};
      started.set(app, await startBuilt(app, ports.get(app) as number, { ...issuer.env, ...isolation.env(app), ...own }));
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...started.values()].map(stop));
    await issuer?.stop();
    await isolation?.drop();
  }, 60_000);

  it.each(apps)('%s answers /health 200 with Kafka and PostgreSQL up (Nest resolved its providers from the decorator metadata)', async (app) => {
    const health = await healthy(started.get(app) as Started, 150_000);
    expect(health).toMatchObject({ service: app, status: 'up', checks: { kafka: { status: 'up' }, postgres: { status: 'up' } } });
  }, 160_000);

  it('the gateway bundle migrated its empty database with every migration class, under its own name', async () => {
    await healthy(started.get('gateway') as Started, 150_000);
    const client = new Client({ connectionString: isolation.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id').finally(() => client.end());
    expect(rows.map(({ name }) => name)).toEqual(migrations.map((migration) => migration.name));
  }, 160_000);

  it('the gateway answers a caller with an identity provider token, and refuses one without', async () => {
    const gateway = started.get('gateway') as Started;
    await healthy(gateway, 150_000);
    const list = await fetch(`${gateway.url}/company/prestations`, { headers: await issuer.authorization('company', '0401234567') });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual(expect.any(Object));
    expect((await fetch(`${gateway.url}/company/prestations`)).status).toBe(401);
    expect((await fetch(`${gateway.url}/docs/openapi.json`)).status).toBe(200);
  }, 160_000);
});
