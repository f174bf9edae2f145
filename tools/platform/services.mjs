// The platform's services as child processes: started from their TypeScript sources (or, with
// SERVICES_FROM=dist, from their `nx build` bundles), their output prefixed with their name, ready
// once their health endpoint answers 200.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');

/** The gateway's port, the four services' the next ones (PORT_BASE, 3000 by default: another range when something holds 3000-3004). */
export const portBase = Number(process.env.PORT_BASE || 3000);
if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 65530) throw new Error(`PORT_BASE=${process.env.PORT_BASE}: expected a port from 1024 to 65530`);

export const services = ['gateway', 'encoding-service', 'validation-service', 'notification-service', 'deadline-service'].map((name, i) => ({ name, port: portBase + i }));

/**
 * How the services find each other and the web app: the gateway's defaults assume the services on
 * 3001-3003 and the e-mails link to 3000, so any other ports (PORT_BASE, the bench's) are passed on.
 * `url(name)`: a service's base URL. APP_URL set by the caller (a public address) is kept.
 */
export function serviceUrls(url = (name) => `http://127.0.0.1:${services.find((service) => service.name === name).port}`) {
  return {
    ENCODING_SERVICE_URL: url('encoding-service'),
    VALIDATION_SERVICE_URL: url('validation-service'),
    NOTIFICATION_SERVICE_URL: url('notification-service'),
    APP_URL: process.env.APP_URL || url('gateway'),
  };
}

/** `src` (default): TypeScript through `@swc-node/register` (ADR 0007); `dist`: the built JavaScript the image runs (ADR 0021). */
export const servicesFrom = process.env.SERVICES_FROM || 'src';
if (!['src', 'dist'].includes(servicesFrom)) throw new Error(`SERVICES_FROM=${servicesFrom}: expected src or dist`);

/** The node arguments that start a service; the last one is its entry file (the bench finds its process by it). */
export function serviceEntry(name) {
  return servicesFrom === 'dist' ? imageNodeArguments(name) : ['-r', '@swc-node/register', `apps/${name}/src/main.ts`];
}

/** The node arguments of the image's CMD (deploy/docker/Dockerfile, `exec node ...`) for `name`: its V8 flags and its bundle. */
function imageNodeArguments(name) {
  const command = readFileSync(resolve(repo, 'deploy/docker/Dockerfile'), 'utf8').match(/^CMD .*"exec node ([^"]+)"/m)?.[1];
  if (!command) throw new Error('deploy/docker/Dockerfile: no CMD running "exec node ..."');
  return command.replaceAll('${APP}', name).trim().split(/\s+/);
}

/** With SERVICES_FROM=dist, `nx build` of the five apps first (cached when their sources did not change); else nothing. */
export function buildServices() {
  if (servicesFrom !== 'dist') return;
  const projects = services.map(({ name }) => name).join(',');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', `--projects=${projects}`, '--outputStyle=static'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`nx build of ${projects} failed (exit ${build.status})`);
}

/**
 * The development token issuer, switched on explicitly (ADR 0018): the gateway signs tokens, the
 * services behind it check them against its JWKS at `gatewayUrl`.
 */
export function developmentAuth(name, gatewayUrl) {
  return name === 'gateway' ? { AUTH_DEV_ISSUER: '1' } : { AUTH_DEV_ISSUER: '1', AUTH_JWKS_URL: `${gatewayUrl}/.well-known/jwks.json` };
}

export function startServiceProcess({ name, port }, env, gatewayUrl = `http://127.0.0.1:${portBase}`) {
  const child = spawn(process.execPath, serviceEntry(name), {
    cwd: repo,
    env: { ...process.env, ...env, ...developmentAuth(name, gatewayUrl), PORT: String(port), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  const exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  return {
    name,
    pid: child.pid,
    healthUrl: `http://127.0.0.1:${port}/health`,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves once the health endpoint answers 200; rejects if the process exits first. */
export async function waitHealthy(service, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let exit;
  service.exited.then((result) => (exit = result));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`${service.name} exited (code ${exit.code}, signal ${exit.signal}) before it was healthy`);
    try {
      const response = await fetch(service.healthUrl);
      // Anything else answering on the port (the ports are checked free first, but something may take one meanwhile).
      if (response.ok) return await response.json().catch(() => Promise.reject(new Error(`${service.healthUrl} answered, but not as ${service.name}: something else listens on its port`)));
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${service.name} not healthy at ${service.healthUrl} after ${timeoutMs / 1000} s`);
}
