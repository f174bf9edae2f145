// `npm run bench`: the benchmarks of issue #4 (bench/README.md). Uses KAFKA_BROKERS / DATABASE_URL
// when set, else starts a broker and an embedded PostgreSQL of its own, and stops what it started.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const { startInfrastructure, stopOnSignals } = await import('../tools/platform/infrastructure.mjs');
const { freePort } = await import('../tools/infra/ports.mjs');

mkdirSync(join(repo, '.data'), { recursive: true });
const dataRoot = mkdtempSync(join(repo, '.data/bench-'));
const infrastructure = await startInfrastructure({ dataRoot, kafkaPort: await freePort(), controllerPort: await freePort(), postgresPort: await freePort() });
const stop = async () => {
  await infrastructure.stop();
  rmSync(dataRoot, { recursive: true, force: true });
};
stopOnSignals(stop);
let code = 1;
try {
  code = await new Promise((done) => {
    const child = spawn(process.execPath, ['--expose-gc', '-r', '@swc-node/register', join(repo, 'bench/bench.ts'), ...process.argv.slice(2)], {
      cwd: repo,
      stdio: 'inherit',
      env: { ...process.env, ...infrastructure.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    });
    child.on('close', (exit) => done(exit ?? 1));
  });
} finally {
  await stop();
}
process.exit(code);
