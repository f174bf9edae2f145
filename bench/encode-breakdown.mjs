// Where encode -> visible goes (bench/README.md, "What bounds encode"): `npm run bench -- gateway
// bench/encode-breakdown.mjs`. After 10 s of warm-up, COUNT (500) encodes at RATE/s (50), each
// timed at: the send, events.recorded_at (the append's transaction start), the 201, the moment
// the event is below the snapshot xmin (what the relay may read; polled every 2 ms), the Kafka
// timestamp (the relay's send), a consumer of its own, the row in prestation_views (polled every
// 2 ms) and the company view through the gateway (polled every 10 ms, as gateway.bench.mjs does).
// Also samples every 5 ms which transaction holds the snapshot xmin, i.e. holds the relay back.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';
import { openLoop } from './open-loop.mjs';

const require = createRequire(import.meta.url);
const { createKafka, parseBrokers } = require('../libs/platform/src/index.ts');
const { Topics } = require('../libs/contracts/src/index.ts');

const GW = process.env.GW ?? 'http://127.0.0.1:3000';
const RATE = Number(process.env.RATE ?? 50);
const COUNT = Number(process.env.COUNT ?? 500);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const yesterday = new Date(Date.now() - 864e5).toISOString().slice(0, 10);
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

const { token } = await (
  await fetch(`${GW}/auth/dev-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'company', sub: '0401234567' }) })
).json();
const encode = (prestationId) =>
  fetch(`${GW}/company/prestations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ prestationId, workerId: '980000000001', userId: '100000000001', serviceDate: yesterday, hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'bench' }),
  }).then(async (response) => (await response.arrayBuffer(), response.status));

/** Polls `query` for the ids whose `field` is not set yet and sets it to when they showed up. */
const marker = (client, field, query) => async () => {
  const pending = [...timings].filter(([, t]) => t[field] === undefined).map(([id]) => id);
  if (pending.length === 0) return;
  const { rows } = await client.query(query, [pending]);
  const at = now();
  for (const { id } of rows) timings.get(id)[field] = at;
};

const timings = new Map();
const connect = async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
};
const [reader, sampler] = [await connect(), await connect()];
const kafka = createKafka('encode-breakdown', parseBrokers(process.env.KAFKA_BROKERS));
const consumer = kafka.consumer({ groupId: `encode-breakdown-${randomUUID()}` });
await consumer.connect();
await consumer.subscribe({ topic: Topics.PrestationEvents, fromBeginning: false });
const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
await consumer.run({
  eachMessage: async ({ message }) => {
    const t = timings.get(message.key.toString());
    if (t && t.consumed === undefined) Object.assign(t, { consumed: now(), relayed: Number(message.timestamp) });
  },
});
await joined;

console.log(`encode breakdown: ${GW}, 10 s of warm-up, then ${COUNT} encodes at ${RATE}/s`);
await openLoop(10 * RATE, RATE, () => encode(randomUUID()));
await sleep(3_000);

let polling = true;
const loop = async (every, step) => {
  while (polling) {
    await step();
    await sleep(every);
  }
};
const holders = new Map();
const pollers = [
  loop(2, marker(reader, 'readable', 'SELECT stream_id AS id FROM events WHERE stream_id = ANY($1) AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())')),
  loop(2, marker(reader, 'projected', 'SELECT prestation_id AS id FROM prestation_views WHERE prestation_id = ANY($1)')),
  loop(10, async () => {
    const { items } = await (await fetch(`${GW}/company/prestations?sort=-updatedAt&pageSize=100`, { headers: { authorization: `Bearer ${token}` } })).json();
    const at = now();
    for (const { prestationId } of items) {
      const t = timings.get(prestationId);
      if (t && t.visible === undefined) t.visible = at;
    }
  }),
  loop(5, async () => {
    // The backend with the oldest transaction id: until it ends, no event committed after it started is read by the relay.
    const { rows } = await sampler.query(
      `SELECT state || ' | ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS what, extract(epoch FROM now() - xact_start) * 1000 AS age
       FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid() ORDER BY age(backend_xid) DESC LIMIT 1`,
    );
    for (const { what, age } of rows) {
      const holder = holders.get(what) ?? { samples: 0, total: 0, max: 0 };
      holders.set(what, { samples: holder.samples + 1, total: holder.total + Number(age), max: Math.max(holder.max, Number(age)) });
    }
  }),
];
await openLoop(COUNT, RATE, async () => {
  const id = randomUUID();
  const t = { sent: now() };
  timings.set(id, t);
  if ((await encode(id)) === 201) t.answered = now();
});
for (let waited = 0; waited < 30_000 && [...timings.values()].some((t) => t.visible === undefined || t.projected === undefined); waited += 100) await sleep(100);
polling = false;
await Promise.all(pollers);
const { rows } = await reader.query('SELECT stream_id, extract(epoch FROM recorded_at) * 1000 AS at FROM events WHERE stream_id = ANY($1) AND stream_position = 1', [[...timings.keys()]]);
for (const { stream_id, at } of rows) timings.get(stream_id).recorded = Number(at);

const steps = ['sent', 'recorded', 'answered', 'readable', 'relayed', 'consumed', 'projected', 'visible'];
const complete = [...timings.values()].filter((t) => steps.every((step) => t[step] !== undefined));
console.log(`${complete.length} of ${COUNT} seen at every step (ms):`);
const row = (what, from, to) => {
  const values = complete.map((t) => t[to] - t[from]);
  console.log(`  ${what.padEnd(62)} p50 ${percentile(values, 50).toFixed(1).padStart(6)}  p90 ${percentile(values, 90).toFixed(1).padStart(6)}  p99 ${percentile(values, 99).toFixed(1).padStart(6)}`);
};
row('send -> append transaction starts (events.recorded_at)', 'sent', 'recorded');
row('append transaction starts -> 201 at the client', 'recorded', 'answered');
row('201 -> event below the snapshot xmin (readable by the relay)', 'answered', 'readable');
row('readable -> relay sends it (Kafka timestamp)', 'readable', 'relayed');
row('relay sends -> a consumer of its own has it', 'relayed', 'consumed');
row('relay sends -> row in prestation_views (the gateway projected it)', 'relayed', 'projected');
row('row in prestation_views -> the company view shows it (poll 10 ms)', 'projected', 'visible');
row('201 -> the company view shows it', 'answered', 'visible');
row('send -> the company view shows it (gateway.bench.mjs figure)', 'sent', 'visible');
console.log('which transaction held the snapshot xmin (samples every 5 ms; mean/max age of that transaction):');
for (const [what, { samples, total, max }] of [...holders].sort((a, b) => b[1].samples - a[1].samples).slice(0, 6)) {
  console.log(`  ${String(samples).padStart(5)}  ${(total / samples).toFixed(0).padStart(4)}/${max.toFixed(0).padStart(4)} ms  ${what}`);
}
await consumer.disconnect();
await Promise.all([reader.end(), sampler.end()]);
