// The README's test command: starts a fresh broker and database (or uses KAFKA_BROKERS /
// DATABASE_URL), runs lint, type checks, builds the web app, runs every jest project against them, stops what it started, and
// prints "N passed, N failed" from jest's JSON report. Extra arguments go to jest.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import './ensure-dependencies.mjs';

// Imported once node_modules is known to be there.
const { startInfrastructure, stopOnSignals } = await import('./infrastructure.mjs');

const repo = resolve(import.meta.dirname, '../..');
const report = join(repo, 'reports/jest.json');
const jestArgs = process.argv.slice(2);

function run(command, args, env) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

function summary() {
  if (!existsSync(report)) return null;
  const { numPassedTests, numFailedTests, numPendingTests, numRuntimeErrorTestSuites } = JSON.parse(readFileSync(report, 'utf8'));
  // A suite that could not even run counts as a failure, not as nothing.
  const failed = numFailedTests + numRuntimeErrorTestSuites;
  return `${numPassedTests} passed, ${failed} failed${numPendingTests ? `, ${numPendingTests} skipped` : ''}`;
}

mkdirSync(join(repo, '.data'), { recursive: true });
mkdirSync(join(repo, 'reports'), { recursive: true });
rmSync(report, { force: true });
const dataRoot = mkdtempSync(join(repo, '.data/test-'));
const started = Date.now();
// Ports of its own each run, so that test runs (and `npm start`) can go on side by side.
const { freePort } = await import('../infra/ports.mjs');
const infrastructure = await startInfrastructure({ dataRoot, kafkaPort: await freePort(), controllerPort: await freePort(), postgresPort: await freePort(), temporary: true });
const stop = async () => {
  await infrastructure.stop();
  rmSync(dataRoot, { recursive: true, force: true });
};
stopOnSignals(stop);

let exitCode = 1;
try {
  console.log(`infrastructure ready in ${((Date.now() - started) / 1000).toFixed(1)} s; lint, type check, then jest`);
  const lint = await run('npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static'], { NX_DAEMON: 'false' });
  // Tests run through SWC, which strips types without checking them: tsc does.
  const types = (await run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], {})) || (await run('npx', ['tsc', '-p', 'apps/web/tsconfig.json', '--noEmit'], {})) || (await run('npx', ['tsc', '-p', 'apps/web/e2e/tsconfig.json', '--noEmit'], {}));
  // The browser tests drive the built web app, served by the gateway (ADR 0016).
  const web = await run('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'], {});
  // The gateways the tests boot issue development tokens (ADR 0018); the services check them.
  const jestEnv = { ...infrastructure.env, AUTH_DEV_ISSUER: '1' };
  // One run for every project, the browser tests among them: each test stack that starts a
  // notification service works on a database of its own (ADR 0025), so none sends another's e-mails.
  const jest = await run('npx', ['jest', '--ci', '--maxWorkers=2', '--json', `--outputFile=${report}`, ...jestArgs], jestEnv);
  if (lint !== 0) console.error('lint failed (see above)');
  if (types !== 0) console.error('type check failed (see above)');
  if (web !== 0) console.error('web app build failed (see above)');
  exitCode = lint || types || web || jest;
} finally {
  await stop();
}
const line = summary();
if (line) console.log(line);
console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(exitCode);
