// Gateway bench (issue #5, item 8), against a running platform with the sample reference data:
//   1. encode commands/s through the gateway with CLIENTS concurrent clients (default 16);
//   2. end-to-end latency at RATE encodings/s (default 50): from sending the encode to the
//      prestation being visible in the company view (GET /company/prestations/:id answers 200).
// The gateway's per-client rate limit must be out of the way: start it with GATEWAY_RATE_LIMIT=1000000.
//   GW=http://127.0.0.1:3000 DURATION=10 PHASES=throughput node bench/gateway.bench.mjs
//   GW=http://127.0.0.1:3000 DURATION=10 PHASES=latency node bench/gateway.bench.mjs
import { randomUUID } from 'node:crypto';

const GW = process.env.GW ?? 'http://127.0.0.1:3000';
const DURATION_MS = Number(process.env.DURATION ?? 10) * 1000;
const CLIENTS = Number(process.env.CLIENTS ?? 16);
const RATE = Number(process.env.RATE ?? 50);
const company = process.env.COMPANY ?? '0401234567';
const worker = process.env.WORKER ?? '980000000001';
const user = process.env.USER_ID ?? '100000000001';
const yesterday = new Date(Date.now() - 864e5).toISOString().slice(0, 10);

const post = (path, token, body) =>
  fetch(`${GW}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
const { token } = await (await fetch(`${GW}/auth/dev-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'company', sub: company }) })).json();
const encode = async (prestationId = randomUUID()) => {
  const response = await post('/company/prestations', token, { prestationId, workerId: worker, userId: user, serviceDate: yesterday, hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'bench' });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`encode answered ${response.status}`);
  return prestationId;
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => `${value.toFixed(1)} ms`;

const PHASES = (process.env.PHASES ?? 'throughput,latency').split(',');

// 1. Throughput at CLIENTS clients.
if (PHASES.includes('throughput')) {
  const latencies = [];
  let errors = 0;
  const end = Date.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        try {
          await encode();
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`encode through the gateway, ${CLIENTS} clients, ${seconds.toFixed(1)} s: ${(latencies.length / seconds).toFixed(0)} commands/s (${latencies.length} ok, ${errors} errors); request p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`);
}

// 2. Encode -> visible in the company view, at RATE/s (run it apart: PHASES=latency, so the
// throughput phase's backlog in the views does not count here).
if (PHASES.includes('latency')) {
  // One reader polls the company view (latest first) every 10 ms and notes when each id appears:
  // one poller per prestation would load the gateway, which also runs the projection.
  const sentAt = new Map();
  const latencies = [];
  let errors = 0;
  let polling = true;
  const poller = (async () => {
    while (polling || sentAt.size > 0) {
      const response = await fetch(`${GW}/company/prestations?sort=-updatedAt&pageSize=100`, { headers: { authorization: `Bearer ${token}` } });
      const { items } = await response.json();
      const now = performance.now();
      for (const { prestationId } of items) {
        const t0 = sentAt.get(prestationId);
        if (t0 === undefined) continue;
        latencies.push(now - t0);
        sentAt.delete(prestationId);
      }
      for (const [id, t0] of sentAt) if (now - t0 > 30_000) (sentAt.delete(id), errors++);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const count = Math.round((RATE * DURATION_MS) / 1000);
  const started = performance.now();
  const sends = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / RATE;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const t0 = performance.now();
    const prestationId = randomUUID();
    sentAt.set(prestationId, t0);
    sends.push(encode(prestationId).catch((error) => (sentAt.delete(prestationId), errors++ === 0 && console.error(`first error: ${error.message}`))));
  }
  await Promise.all(sends);
  polling = false;
  await poller;
  console.log(`encode -> visible in the company view at ${RATE}/s, ${count} encodings: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))} (${errors} errors or not visible in 30 s)`);
}
