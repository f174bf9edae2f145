// The gateway's internal hop (issue #12, item 6): CPU of the caller per command call to a service,
// by fetch (as the gateway called before) and by node:http with a keep-alive agent (as it calls
// now), in the same run, in alternating rounds so a change of load weighs on both alike.
// `node bench/internal-hop.bench.mjs`; CALLS (4000 per round), ROUNDS (3), CLIENTS (16).
// The server, in a child process, answers each POST with a command answer of the usual size.
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';

if (process.argv[2] === 'serve') {
  const { createServer } = await import('node:http');
  const answer = JSON.stringify({ streamId: '2b1f3e5c-3f0e-4b8a-9a55-0d4c9f1e2a7b', streamVersion: 1, status: 'AwaitingWorker', events: [{ type: 'PrestationEncodedByCompany', streamPosition: 1 }] });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) }).end(answer));
  });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
} else {
  const CALLS = Number(process.env.CALLS ?? 4000);
  const ROUNDS = Number(process.env.ROUNDS ?? 3);
  const CLIENTS = Number(process.env.CLIENTS ?? 16);
  const server = fork(new URL(import.meta.url).pathname, ['serve']);
  const port = await new Promise((resolve) => server.once('message', resolve));
  const url = `http://127.0.0.1:${port}/internal/company-encodings`;
  const body = JSON.stringify({ actor: { id: '0401234567', role: 'COMPANY' }, data: { prestationId: '2b1f3e5c-3f0e-4b8a-9a55-0d4c9f1e2a7b', workerId: '980000000001', userId: '100000000001', serviceDate: '2026-11-27', hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'bench' } });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${'x'.repeat(600)}`, 'idempotency-key': '2b1f3e5c-3f0e-4b8a-9a55-0d4c9f1e2a7b' };

  const byFetch = async () => {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    return response.json();
  };
  const agent = new Agent({ keepAlive: true });
  const byHttp = () =>
    new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent, signal: AbortSignal.timeout(10_000) }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      });
      req.on('error', reject);
      req.end(body);
    });

  /** CALLS calls from CLIENTS loops; the caller's CPU (user + system) and wall time per call, in µs. */
  const round = async (call) => {
    let left = CALLS;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (left-- > 0) await call();
    }));
    const used = process.cpuUsage(cpu);
    return { cpu: (used.user + used.system) / CALLS, wall: ((performance.now() - started) * 1000) / CALLS };
  };

  console.log(`load average at the start: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  await round(byFetch);
  await round(byHttp); // warm-up of both, not counted
  const totals = { fetch: { cpu: 0, wall: 0 }, 'node:http keep-alive': { cpu: 0, wall: 0 } };
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, call] of r % 2 === 0 ? [['fetch', byFetch], ['node:http keep-alive', byHttp]] : [['node:http keep-alive', byHttp], ['fetch', byFetch]]) {
      const { cpu, wall } = await round(call);
      totals[name].cpu += cpu / ROUNDS;
      totals[name].wall += wall / ROUNDS;
    }
  }
  for (const [name, { cpu, wall }] of Object.entries(totals)) console.log(`  ${name.padEnd(22)} caller CPU ${cpu.toFixed(0)} µs per call, wall ${wall.toFixed(0)} µs per call (${CLIENTS} clients)`);
  console.log(`internal hop: node:http keep-alive uses ${(totals['node:http keep-alive'].cpu / totals.fetch.cpu).toFixed(2)}x the caller CPU of fetch`);
  console.log(`load average at the end: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  agent.destroy();
  server.kill();
}
