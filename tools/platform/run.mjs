// The README's run command: broker, database, mail catcher, every service and the gateway on
// embedded defaults; prints the URLs; Ctrl-C or SIGTERM stops all of it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import './ensure-dependencies.mjs';

// Imported once node_modules is known to be there.
const { startInfrastructure, stopOnSignals } = await import('./infrastructure.mjs');
const { startMailCatcher } = await import('../infra/mail.mjs');
const { buildServices, portBase, services, serviceUrls, startServiceProcess, waitHealthy } = await import('./services.mjs');
const { assertPortFree } = await import('../infra/ports.mjs');

const repo = resolve(import.meta.dirname, '../..');

/**
 * The web app built where the gateway serves it from: WEB_ROOT, else apps/web/dist
 * (apps/gateway/src/web/web-config.ts). The build empties that directory first, so a WEB_ROOT that
 * holds something else than a build of the app (no index.html) is refused.
 */
function buildWebApp() {
  const root = process.env.WEB_ROOT?.trim() ? resolve(process.env.WEB_ROOT.trim()) : null;
  if (root && existsSync(root) && readdirSync(root).length > 0 && !existsSync(join(root, 'index.html'))) {
    return Promise.reject(new Error(`WEB_ROOT=${root} holds files but no index.html: npm start empties it to build the web app there; name an empty directory or a build of the app`));
  }
  const outDir = root ? ['--outDir', root, '--emptyOutDir'] : [];
  return new Promise((resolveBuild, reject) => {
    const child = spawn('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn', ...outDir], { cwd: repo, stdio: 'inherit' });
    child.on('close', (code) => (code === 0 ? resolveBuild() : reject(new Error(`web app build failed (code ${code})`))));
  });
}
const running = [];
let stopping;
/** Stops what started, last first; once, however many ask (Ctrl-C while a stopped service stops the rest). */
const stop = () =>
  (stopping ??= (async () => {
    for (const stopOne of [...running].reverse()) await stopOne().catch((error) => console.error(error.message));
    running.length = 0;
  })());
stopOnSignals(stop);

/** Runs a node script of the repository to its end; rejects unless it exits 0. */
const runNode = (args, env) =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${args.at(-2)} ${args.at(-1)} exited with ${code}`))));
  });

/**
 * With no people in the reference data nobody can log in: the embedded database of a first start
 * gets the sample people (docs/sample-data); a database of the caller's (DATABASE_URL) is only
 * told about, never written to.
 */
async function sampleReferenceDataIfNone(env) {
  const people = await (await fetch(`http://127.0.0.1:${portBase}/auth/dev-people`)).json();
  if (Object.values(people).some((list) => list.length > 0)) return;
  if (process.env.DATABASE_URL) {
    console.log('\nNo reference data yet, so nobody to log in as: npm run reference-data (README, "Reference data").');
    return;
  }
  for (const kind of ['companies', 'workers', 'users']) {
    await runNode(['-r', '@swc-node/register', 'libs/reference-data/src/cli.ts', kind, `docs/sample-data/${kind}.csv`], env);
  }
  console.log('\nA first start: the sample reference data (docs/sample-data) is loaded, to log in as one of its people.');
}

/** The mail catcher's ports: 1025 (SMTP) and 1080 (web) unless MAIL_SMTP_PORT / MAIL_WEB_PORT say others. */
function mailPort(name, fallback) {
  const port = Number(process.env[name] || fallback);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error(`${name}=${process.env[name]}: expected a port from 1024 to 65535`);
  return port;
}
const mailWay = 'another npm start may be running: stop it first, or move the mail catcher with MAIL_SMTP_PORT and MAIL_WEB_PORT';

/** Before anything starts (the web app's build included): a port in use is said as such, with the way around it. */
async function requireFreePorts(mailPorts) {
  const servicesWay = 'PORT_BASE=4000 npm start puts the gateway on 4000 and the services on the next four ports';
  const ours = 'README.md, "Using an existing Kafka or PostgreSQL"';
  const ports = [
    ...services.map(({ name, port }) => ({ name, port, way: servicesWay })),
    ...(process.env.KAFKA_BROKERS ? [] : [{ name: 'kafka', port: 19092, way: `KAFKA_BROKERS=127.0.0.1:29092 npm start uses a broker of yours, e.g. one started by node tools/infra/kafka.mjs --port 29092 --data-dir /tmp/kafka (${ours})` }]),
    ...(process.env.DATABASE_URL ? [] : [{ name: 'postgres', port: 15432, way: `DATABASE_URL=postgres://... npm start uses a database of yours (${ours})` }]),
    { name: 'mail catcher (SMTP)', port: mailPorts.smtpPort, way: mailWay },
    { name: 'mail catcher (web)', port: mailPorts.webPort, way: mailWay },
  ];
  for (const { name, port, way } of ports) {
    await assertPortFree(port).catch((error) => {
      throw new Error(`${error.message} (${name}); ${way}`);
    });
  }
}

try {
  const mailPorts = { smtpPort: mailPort('MAIL_SMTP_PORT', 1025), webPort: mailPort('MAIL_WEB_PORT', 1080) };
  await requireFreePorts(mailPorts);
  // The gateway serves the web app's built files under /app/ (ADR 0016).
  await buildWebApp();
  const infrastructure = await startInfrastructure({ dataRoot: join(repo, '.data/dev') });
  running.push(infrastructure.stop);
  const mail = await startMailCatcher(mailPorts);
  running.push(mail.stop);
  const env = { ...infrastructure.env, ...serviceUrls(), SMTP_URL: `smtp://${mail.smtp.host}:${mail.smtp.port}` };

  buildServices(); // SERVICES_FROM=dist only
  const processes = services.map((service) => startServiceProcess(service, env));
  running.push(() => Promise.all(processes.map((p) => p.stop())));
  await Promise.all(processes.map((p) => waitHealthy(p)));
  await sampleReferenceDataIfNone(env);
  // One service gone leaves a platform that answers in part (the gateway's health down, the app
  // unreachable, the others still consuming): everything stops, saying which one and how.
  for (const p of processes) {
    p.exited.then(async ({ code, signal }) => {
      if (stopping) return;
      console.error(`\n${p.name} stopped unexpectedly (code ${code}, signal ${signal}): stopping the platform; npm start starts it again.`);
      await stop();
      process.exit(1);
    });
  }

  console.log('\nPrestaflow is up. Ctrl-C stops everything.');
  console.log(`  kafka       ${env.KAFKA_BROKERS}`);
  console.log(`  postgres    ${env.DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}`);
  console.log(`  mail (web)  ${mail.webUrl}    smtp ${env.SMTP_URL}`);
  for (const [i, service] of services.entries()) console.log(`  ${service.name.padEnd(21)} http://127.0.0.1:${service.port}/health  (pid ${processes[i].pid})`);
  console.log('  web app (log in: pick a person of the reference data)');
  for (const area of ['company', 'worker', 'user', 'operator']) console.log(`    ${area.padEnd(19)} http://127.0.0.1:${portBase}/app/${area}`);
  console.log(`  dev tokens  POST http://127.0.0.1:${portBase}/auth/dev-tokens {"role","sub"} (AUTH_DEV_ISSUER=1: README.md, Authentication)`);
} catch (error) {
  console.error(`\nstart failed: ${error.message}`);
  await stop();
  process.exit(1);
}
