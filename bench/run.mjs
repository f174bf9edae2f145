// `npm run bench`: the benchmarks of issue #4 (bench/README.md). Uses KAFKA_BROKERS / DATABASE_URL
// when set, else starts a broker and an embedded PostgreSQL of its own, and stops what it started.
// `npm run bench -- gateway`: the gateway bench of issue #5 (bench/gateway.bench.mjs), with a mail
// catcher, the sample reference data and the five services started here on free ports as well;
// `npm run bench -- gateway bench/encode-breakdown.mjs` runs that script on them instead.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const { startInfrastructure, stopOnSignals } = await import('../tools/platform/infrastructure.mjs');
const { freePort } = await import('../tools/infra/ports.mjs');
const gatewayMode = process.argv[2] === 'gateway';

mkdirSync(join(repo, '.data'), { recursive: true });
const dataRoot = mkdtempSync(join(repo, '.data/bench-'));
const running = [];
const stop = async () => {
  for (const stopOne of running.reverse()) await stopOne().catch((error) => console.error(`stop failed: ${error.message}`));
  running.length = 0;
  rmSync(dataRoot, { recursive: true, force: true });
};
stopOnSignals(stop);

/** Runs a node script of the repository to its end; resolves with its exit code. */
const node = (args, env) =>
  new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, ...env, KAFKAJS_NO_PARTITIONER_WARNING: '1' } });
    child.on('close', (exit) => done(exit ?? 1));
  });

/** Mail catcher, sample reference data, the five services; returns the environment of the gateway bench. */
async function startPlatform(infrastructure) {
  const { startMailCatcher } = await import('../tools/infra/mail.mjs');
  // The bench measures what the image runs (its bundles and V8 flags, ADR 0021) unless SERVICES_FROM=src asks for the sources.
  process.env.SERVICES_FROM ||= 'dist';
  const { buildServices, services, serviceUrls, startServiceProcess, waitHealthy } = await import('../tools/platform/services.mjs');
  buildServices();
  const mail = await startMailCatcher({ smtpPort: await freePort(), webPort: await freePort() });
  running.push(mail.stop);
  for (const kind of ['companies', 'workers', 'users']) {
    if ((await node(['-r', '@swc-node/register', 'libs/reference-data/src/cli.ts', kind, `docs/sample-data/${kind}.csv`], infrastructure.env)) !== 0) throw new Error(`loading the sample ${kind} failed`);
  }
  const ports = new Map();
  for (const { name } of services) ports.set(name, await freePort());
  const url = (name) => `http://127.0.0.1:${ports.get(name)}`;
  const env = {
    ...infrastructure.env,
    SMTP_URL: `smtp://${mail.smtp.host}:${mail.smtp.port}`,
    ...serviceUrls(url),
    GATEWAY_RATE_LIMIT: '1000000', // the bench's clients share one address
    // A V8 CPU profile of each service, written when it stops (bench/README.md, "What bounds encode").
    ...(process.env.BENCH_CPU_PROF_DIR && { NODE_OPTIONS: `--require ${join(repo, 'bench/cpu-profile.cjs')}`, BENCH_CPU_PROF_DIR: resolve(process.env.BENCH_CPU_PROF_DIR) }),
  };
  const processes = services.map(({ name }) => startServiceProcess({ name, port: ports.get(name) }, env, url('gateway')));
  running.push(() => Promise.all(processes.map((p) => p.stop())));
  console.log(`bench: starting ${services.map(({ name }) => name).join(', ')}...`);
  // BENCH_START_TIMEOUT (s, 120): a loaded machine can take longer to start five services from their sources.
  await Promise.all(processes.map((p) => waitHealthy(p, Number(process.env.BENCH_START_TIMEOUT ?? 120) * 1000)));
  return { ...infrastructure.env, SMTP_URL: env.SMTP_URL, GW: url('gateway'), BENCH_SERVICE_PORTS: [...ports].map(([name, port]) => `${name}=${port}`).join(',') };
}

let code = 1;
try {
  const infrastructure = await startInfrastructure({ dataRoot, kafkaPort: await freePort(), controllerPort: await freePort(), postgresPort: await freePort(), temporary: true });
  running.push(infrastructure.stop);
  code = gatewayMode
    ? await node(['-r', '@swc-node/register', join(repo, process.argv[3] ?? 'bench/gateway.bench.mjs')], await startPlatform(infrastructure))
    : await node(['--expose-gc', '-r', '@swc-node/register', join(repo, 'bench/bench.ts'), ...process.argv.slice(2)], infrastructure.env);
} catch (error) {
  console.error(`bench failed: ${error.message}`);
} finally {
  await stop();
}
process.exit(code);
