// Preloaded into each service when BENCH_CPU_PROF_DIR is set (bench/run.mjs): a V8 CPU profile of
// the whole process, written to BENCH_CPU_PROF_DIR/<service>-<pid>.cpuprofile when it stops
// (node 20 refuses --cpu-prof in NODE_OPTIONS, hence the inspector).
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const service = /apps\/([^/]+)\/(?:src\/main\.ts|main\.js)/.exec(process.argv.join(' '))?.[1] ?? 'node';
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');

// Nest shuts down on SIGTERM, then raises it again: the profile is written then, and the process exits.
let signals = 0;
process.on('SIGTERM', () => {
  if (++signals < 2) return;
  session.post('Profiler.stop', (error, result) => {
    if (!error) mkdirSync(process.env.BENCH_CPU_PROF_DIR, { recursive: true });
    if (!error) writeFileSync(join(process.env.BENCH_CPU_PROF_DIR, `${service}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    process.exit(0);
  });
});
