// Gateway bench (issue #5, item 8). Self-contained: `npm run bench -- gateway` (bench/run.mjs starts
// broker, database, mail catcher and the five services, loads the sample reference data, runs this,
// stops everything). Against a running platform with the sample reference data, its rate limit out
// of the way (GATEWAY_RATE_LIMIT=1000000) and its KAFKA_BROKERS / DATABASE_URL:
//   GW=http://127.0.0.1:3000 KAFKA_BROKERS=... DATABASE_URL=... node -r @swc-node/register bench/gateway.bench.mjs
// In one run, on the same broker and database, each gateway figure beside raw baselines:
//   1. encode commands/s through the gateway at CLIENTS clients (16) vs raw `BEGIN; INSERT; COMMIT`
//      on CLIENTS connections, raw kafkajs produce from CLIENTS senders, raw HTTP GET of a static
//      gateway route (the JWKS) and of the same body from a bare NestJS app (bench/bare-nest.mjs);
//      from their CPU, the floor of the path asked for; then how long the views take to
//      catch up with that burst;
//   2. encode -> visible in the company view at RATE/s (50), p50/p99, vs a raw pipeline at the same
//      rate: commit, produce, consume, commit (what the event path costs without the services).
// The RSS of each service process is sampled every 250 ms during each phase (min/max/last), first
// idle (IDLE s), and the CPU each one used in the phase is printed beside it (100% = one core).
// The services run from their `nx build` bundles with the image's V8 flags (bench/run.mjs, ADR 0021); SERVICES_FROM=src: from their sources.
// DURATION (s, 10 per phase), IDLE (s, 5: the idle phase first), PHASES (throughput,latency; also paced: CPU per
// encode at PACED_RATE/s; PHASES=idle runs the idle phase alone),
// BENCH_SERVICE_PORTS (name=port,...).
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../tools/infra/ports.mjs';
import { serviceEntry, services } from '../tools/platform/services.mjs';
import { openLoop as pacedLoop } from './open-loop.mjs';

// The platform's own Kafka helpers and topic names (TypeScript, loaded through @swc-node/register).
const require = createRequire(import.meta.url);
const { createIdempotentProducer, createKafka, createTopics, parseBrokers } = require('../libs/platform/src/index.ts');
const { Topics } = require('../libs/contracts/src/index.ts');
// The notification service's mailer and the e-mail an encoding sends the worker (R2), for the floor's e-mail.
const { createMailer } = require('../libs/mail/src/index.ts');
const { prestationLink, render } = require('../apps/notification-service/src/notifications/templates.ts');

const GW = process.env.GW ?? 'http://127.0.0.1:3000';
const DURATION_MS = Number(process.env.DURATION ?? 10) * 1000;
const CLIENTS = Number(process.env.CLIENTS ?? 16);
const RATE = Number(process.env.RATE ?? 50);
const IDLE_MS = Number(process.env.IDLE ?? 5) * 1000;
// PHASES=paced: encodes at PACED_RATE/s for DURATION, no poller, for the CPU per encode alone.
const PACED_RATE = Number(process.env.PACED_RATE ?? 20);
const PHASES = (process.env.PHASES ?? 'throughput,latency').split(',');
const company = process.env.COMPANY ?? '0401234567';
const worker = process.env.WORKER ?? '980000000001';
const user = process.env.USER_ID ?? '100000000001';
const yesterday = new Date(Date.now() - 864e5).toISOString().slice(0, 10);
const databaseUrl = process.env.DATABASE_URL;
const brokers = process.env.KAFKA_BROKERS ? parseBrokers(process.env.KAFKA_BROKERS) : null;
if (!databaseUrl || !brokers) throw new Error('DATABASE_URL and KAFKA_BROKERS of the platform are needed for the raw baselines (npm run bench -- gateway sets them)');

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => `${value.toFixed(1)} ms`;
const sleep = (milliseconds) => new Promise((r) => setTimeout(r, milliseconds));
const ratio = (ours, raw) => `${(ours / raw).toFixed(2)}x`;

// --- the services' processes and their memory ------------------------------------------------

const servicePorts = new Map(
  process.env.BENCH_SERVICE_PORTS
    ? process.env.BENCH_SERVICE_PORTS.split(',').map((pair) => pair.split('=')).map(([name, port]) => [name, Number(port)])
    : services.map(({ name, port }) => [name, port]),
);

/** Each service's pid: the process started from its entry file (services.mjs: its sources, or its bundle with SERVICES_FROM=dist) with its PORT. */
function findServices() {
  const found = new Map();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const name = [...servicePorts.keys()].find((candidate) => command.includes(serviceEntry(candidate).at(-1)));
      if (!name) continue;
      const port = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((entry) => entry.startsWith('PORT='));
      if (port === undefined || Number(port.slice(5)) === servicePorts.get(name)) found.set(name, Number(pid));
    } catch {
      // ended, or not ours to read
    }
  }
  for (const name of servicePorts.keys()) if (!found.has(name)) console.log(`  (no process found for ${name}: its memory is not sampled)`);
  return found;
}
const servicePids = findServices();

const rssMegabytes = (pid) => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return null; // the process ended
  }
};

/** CPU seconds used so far by a process (utime + stime, fields 14 and 15 of /proc/<pid>/stat). */
const cpuSeconds = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // getconf CLK_TCK on Linux
  } catch {
    return null;
  }
};

/** The pids of the processes listening on a TCP port of this machine (/proc/net/tcp{,6} LISTEN sockets, then each process's fds). */
function pidsListeningOn(port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && Number.parseInt(fields[1]?.split(':').at(-1) ?? '', 16) === port) inodes.add(`socket:[${fields[9]}]`);
    }
  }
  const pids = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`)))) pids.push(Number(pid));
    } catch {
      // ended, or not ours to read
    }
  }
  return pids;
}

const parentOf = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
};

/**
 * The platform's other processes, for the CPU an encode costs in each: PostgreSQL (the server
 * listening on DATABASE_URL's port and its backends, found again at each reading: backends come
 * and go) and Kafka (the broker listening on the first of KAFKA_BROKERS). Empty when they run
 * elsewhere (their CPU is then not counted).
 */
function infrastructurePids() {
  const postgresPort = Number(new URL(databaseUrl).port || 5432);
  const postmasters = pidsListeningOn(postgresPort);
  const backends = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => postmasters.includes(parentOf(pid)));
  return { postgres: [...postmasters, ...backends], kafka: pidsListeningOn(Number(brokers[0].split(':').at(-1))) };
}

/** CPU seconds of each process of the platform and of this bench (its clients) so far; a process that ended meanwhile is lost. */
function platformCpu() {
  const cpu = new Map([...servicePids].map(([name, pid]) => [name, cpuSeconds(pid) ?? 0]));
  for (const [name, pids] of Object.entries(infrastructurePids())) cpu.set(name, pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0));
  const { user, system } = process.cpuUsage();
  cpu.set('bench clients', (user + system) / 1e6);
  return cpu;
}

/** CPU ms per operation in each process since `cpuBefore` (a platformCpu() reading), of those named in `only` when given. */
function cpuPerOperation(cpuBefore, operations, only) {
  return [...platformCpu()]
    .filter(([name]) => !only || only.includes(name))
    .map(([name, seconds]) => [name, ((seconds - cpuBefore.get(name)) * 1000) / operations]);
}
const summedMs = (perOperation) => perOperation.reduce((sum, [, milliseconds]) => sum + milliseconds, 0);

/** The CPU one encode cost in each process (ms) since `cpuBefore`: the whole platform's share of the machine per command. */
function printCpuPerEncode(pace, cpuBefore, encodes) {
  const perEncode = cpuPerOperation(cpuBefore, encodes);
  const summed = summedMs(perEncode);
  console.log(`  CPU ms per encode${pace}: ${perEncode.map(([name, milliseconds]) => `${name} ${milliseconds.toFixed(2)}`).join(', ')}`);
  console.log(`encode CPU${pace}: ${summed.toFixed(2)} ms per encode summed over the processes; target <= 5 ms: ${summed <= 5 ? 'met' : 'not met'}`);
}

/** Runs `run` while sampling each service's RSS every 250 ms; prints min/max/last RSS and the CPU used per service. */
async function phase(what, run) {
  const samples = new Map([...servicePids.keys()].map((name) => [name, []]));
  const take = () => {
    for (const [name, pid] of servicePids) {
      const rss = rssMegabytes(pid);
      if (rss !== null) samples.get(name).push(rss);
    }
  };
  const cpuBefore = new Map([...servicePids].map(([name, pid]) => [name, cpuSeconds(pid)]));
  const started = performance.now();
  const startedMicros = process.hrtime.bigint() / 1000n;
  take();
  const timer = setInterval(take, 250);
  try {
    return await run();
  } finally {
    clearInterval(timer);
    take();
    const seconds = (performance.now() - started) / 1000;
    const summary = [...samples].map(([name, values]) => {
      const cpu = ((cpuSeconds(servicePids.get(name)) - cpuBefore.get(name)) / seconds) * 100;
      return values.length === 0 ? `${name} -` : `${name} ${Math.min(...values).toFixed(0)}/${Math.max(...values).toFixed(0)}/${values.at(-1).toFixed(0)} (CPU ${cpu.toFixed(0)}%)`;
    });
    console.log(`  RSS MB min/max/last during ${what}: ${summary.join(', ')}`);
    // The phase on the monotonic clock of V8's CPU profiles, to cut them to it (bench/cpuprofile-top.mjs).
    if (process.env.BENCH_CPU_PROF_DIR) console.log(`  ${what}: --window ${startedMicros}-${process.hrtime.bigint() / 1000n}`);
  }
}

// --- the gateway ------------------------------------------------------------------------------

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

/**
 * The gateway's static GET served by a bare NestJS app (bench/bare-nest.mjs, same body, the
 * services' node flags) in a process of its own: the CPU of one HTTP pass without our stack.
 */
async function bareNestGet() {
  const body = await (await fetch(`${GW}/.well-known/jwks.json`)).text();
  const port = await freePort();
  const child = fork(fileURLToPath(new URL('bare-nest.mjs', import.meta.url)), [], {
    execArgv: serviceEntry('gateway').slice(0, -1),
    env: { ...process.env, BARE_NEST_PORT: String(port), BARE_NEST_BODY: body },
  });
  try {
    await new Promise((ready, failed) => child.once('message', ready).once('exit', (code) => failed(new Error(`bare NestJS exited (${code})`))));
    const url = `http://127.0.0.1:${port}/.well-known/jwks.json`;
    const serverBefore = cpuSeconds(child.pid);
    const clientBefore = process.cpuUsage();
    const result = await phase('raw NestJS GET', () =>
      closedLoop('raw HTTP GET of the same body from a bare NestJS app', async () => {
        const response = await fetch(url);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`bare NestJS answered ${response.status}`);
      }),
    );
    const { user, system } = process.cpuUsage(clientBefore);
    return { ...result, serverMs: ((cpuSeconds(child.pid) - serverBefore) * 1000) / result.ok, clientMs: (user + system) / 1000 / result.ok };
  } finally {
    child.kill();
  }
}

/**
 * The e-mail each company encoding sends its worker (R2), rendered as the notification service
 * renders it and sent by its mailer (pooled SMTP) to the bench's mail catcher, one message per
 * send: its sender's CPU is the e-mail's part of the floor. Run only with SMTP_URL (bench/run.mjs
 * passes its catcher's).
 */
async function rawMail() {
  const mailer = createMailer(process.env.SMTP_URL, 'bench@prestaflow.test');
  const details = { prestationId: randomUUID(), serviceDate: yesterday, hours: 4, activity: 'HOUSEHOLD_HELP', instant: new Date().toISOString(), companyChange: { kind: 'ENCODED', reason: 'bench' } };
  const message = render('WORKER_TO_VALIDATE', 'fr', details, prestationLink(GW, 'worker', details.prestationId));
  try {
    return await closedLoop('raw e-mail: the worker\'s notice (R2) by the notification service\'s mailer, one send per message', async () => {
      const delivery = await mailer.deliver({ to: 'worker@bench.test', ...message, language: 'fr', messageId: `<${randomUUID()}@bench.test>` });
      if (delivery.outcome !== 'sent') throw new Error(`mail catcher bounced: ${delivery.reason}`);
    });
  } finally {
    mailer.close();
  }
}

/** CLIENTS loops doing `work` for DURATION; returns the rate and the request latencies. */
async function closedLoop(what, work) {
  const latencies = [];
  let errors = 0;
  const end = Date.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        try {
          await work(client);
          latencies.push(performance.now() - t0);
        } catch (error) {
          if (errors++ === 0) console.error(`  ${what}: first error: ${error.message}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rate = latencies.length / seconds;
  console.log(`  ${what}, ${CLIENTS} clients, ${seconds.toFixed(1)} s: ${rate.toFixed(0)}/s (${latencies.length} ok, ${errors} errors); p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`);
  return { rate, ok: latencies.length };
}

/** `send(i)` RATE times a second for DURATION; each call resolves when its item is seen done. */
const openLoop = (send) => pacedLoop(Math.round((RATE * DURATION_MS) / 1000), RATE, send);

// --- raw baselines on the same broker and database -------------------------------------------

const schema = `bench_gateway_${randomUUID().slice(0, 8)}`;
const kafka = createKafka('bench-gateway', brokers);
const admin = kafka.admin();
await admin.connect();
const rawTopic = `${schema}-raw`;
await createTopics(admin, [{ topic: rawTopic, numPartitions: 12 }]);
const connect = async () => {
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  return client;
};
const setup = await connect();
await setup.query(`CREATE SCHEMA ${schema}`);
await setup.query(`CREATE TABLE ${schema}.raw_commits (event_id uuid PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL, data jsonb NOT NULL, occurred_at timestamptz NOT NULL)`);
const rawRow = () => [randomUUID(), randomUUID(), 'PrestationEncoded', JSON.stringify({ hours: 4, activity: 'HOUSEHOLD_HELP' }), new Date().toISOString()];
const rawCommit = async (client) => {
  await client.query('BEGIN');
  await client.query('INSERT INTO raw_commits VALUES ($1, $2, $3, $4, $5)', rawRow());
  await client.query('COMMIT');
};

/** Counts the company view's rows (the gateway's projection, schema public). */
const viewRows = async () => Number((await setup.query('SELECT count(*) AS n FROM public.prestation_views')).rows[0].n);

/**
 * The statements this database has run so far, from pg_stat_statements when it is loaded
 * (`shared_preload_libraries`; then run with DATABASE_URL): all, and the explicit transactions
 * among them (BEGIN / START TRANSACTION). Undefined without it. The bench's own queries are in it
 * too (a few per second).
 */
async function databaseWork() {
  try {
    await setup.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public');
    const { rows } = await setup.query(
      `SELECT sum(calls) AS statements, sum(calls) FILTER (WHERE query ~* '^\\s*(BEGIN|START TRANSACTION)') AS transactions
       FROM public.pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return { statements: Number(rows[0].statements), transactions: Number(rows[0].transactions ?? 0) };
  } catch {
    return undefined; // not loaded: pg_stat_statements must be in shared_preload_libraries
  }
}

function printDatabaseWork(before, after, encodes) {
  if (!before || !after) return console.log('  PostgreSQL statements per encode: not counted (pg_stat_statements not loaded; bench/README.md)');
  const per = (key) => ((after[key] - before[key]) / encodes).toFixed(2);
  console.log(`  PostgreSQL statements per encode: ${per('statements')}, of which explicit transactions ${per('transactions')} (pg_stat_statements, encode phase until settled)`);
}

/**
 * Waits until every consumer group of the prestation topic has committed its end (the services
 * commit on a 1 s interval) and the notification outbox has no e-mail being sent or due, at most 60 s;
 * returns the seconds waited. The CPU per encode is read after it: a service that fell behind
 * during the phase (the notification service's SMTP sends) pays for the rest here, not after the reading.
 */
async function platformSettled() {
  const started = performance.now();
  const behind = async () => {
    const ends = new Map((await admin.fetchTopicOffsets(Topics.PrestationEvents)).map(({ partition, high }) => [partition, Number(high)]));
    const { groups } = await admin.listGroups();
    let lag = 0;
    for (const { groupId } of groups) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [Topics.PrestationEvents] });
      if (!offsets || offsets.partitions.every(({ offset }) => offset === '-1')) continue; // not a consumer of it
      for (const { partition, offset } of offsets.partitions) lag += (ends.get(partition) ?? 0) - Math.max(0, Number(offset));
    }
    // Being sent (under a lease) or due; not those put back for a later attempt, nor push rows no instance can send here.
    const pending = Number(
      (await setup.query(`SELECT count(*) AS n FROM public.notifications WHERE status = 'PENDING' AND channel = 'EMAIL' AND (lease IS NOT NULL OR next_attempt_at <= now())`)).rows[0].n,
    );
    return { lag, pending };
  };
  for (let state = await behind(); state.lag > 0 || state.pending > 0; state = await behind()) {
    if (performance.now() - started > 60_000) {
      console.log(`  not settled after 60 s: consumer lag ${state.lag}, ${state.pending} notifications pending`);
      break;
    }
    await sleep(200);
  }
  return (performance.now() - started) / 1000;
}

try {
  console.log(`load average at the start: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  console.log(`gateway bench: ${GW}, ${CLIENTS} clients, ${RATE}/s, ${DURATION_MS / 1000} s per phase; services ${[...servicePids].map(([n, pid]) => `${n}=${pid}`).join(' ')}`);
  // Before any load: each service's memory at rest (issue #13's RSS goal is per service, idle and under this bench).
  // ...and what the services and PostgreSQL burn doing nothing (timers, polls), paid whatever the rate.
  const idleBefore = platformCpu();
  const idleStarted = performance.now();
  await phase('idle', () => sleep(IDLE_MS));
  const idle = cpuPerOperation(idleBefore, (performance.now() - idleStarted) / 1000, [...servicePids.keys(), 'postgres']);
  const percent = (msPerSecond) => `${(msPerSecond / 10).toFixed(2)}%`;
  console.log(`idle CPU, % of a core: the services ${percent(summedMs(idle.filter(([name]) => name !== 'postgres')))} summed (${idle.map(([name, msPerSecond]) => `${name} ${percent(msPerSecond)}`).join(', ')})`);
  if (PHASES.includes('throughput')) {
    // Each raw operation's CPU in the processes it runs through, for the floor printed after the encode phase.
    const rawCpu = async (run, server) => {
      const cpuBefore = platformCpu();
      const result = await run();
      const perOperation = new Map(cpuPerOperation(cpuBefore, result.ok, [server, 'bench clients']));
      return { ...result, serverMs: perOperation.get(server), clientMs: perOperation.get('bench clients') };
    };
    // Connected before and ended after the CPU readings: a backend that exits in between is not counted.
    const clients = await Promise.all(Array.from({ length: CLIENTS }, connect));
    const commits = await rawCpu(
      () => phase('raw commit', () => closedLoop('raw BEGIN; INSERT; COMMIT', (client) => rawCommit(clients[client]))),
      'postgres',
    ).finally(() => Promise.all(clients.map((client) => client.end())));
    const produced = await rawCpu(() => phase('raw produce', async () => {
      const producer = createIdempotentProducer(kafka);
      await producer.connect();
      await producer.send({ topic: rawTopic, acks: -1, messages: [{ key: 'warm-up', value: '{}' }] });
      try {
        return await closedLoop('raw kafkajs produce, one message per send, acks all', () =>
          producer.send({ topic: rawTopic, acks: -1, messages: [{ key: randomUUID(), value: JSON.stringify(rawRow()) }] }),
        );
      } finally {
        await producer.disconnect();
      }
    }), 'kafka');
    const http = await rawCpu(() => phase('raw HTTP', () =>
      closedLoop('raw HTTP GET /.well-known/jwks.json through the gateway', async () => {
        const response = await fetch(`${GW}/.well-known/jwks.json`);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`jwks answered ${response.status}`);
      }),
    ), 'gateway');
    const bare = await bareNestGet();
    // The mail catcher runs in bench/run.mjs, outside the encode's sum as well: only the sender counts.
    const mailMs = process.env.SMTP_URL ? (await rawCpu(() => phase('raw e-mail', rawMail), 'bench clients')).clientMs : null;
    // What the asked-for path costs before any of our work (issue #12 item 6; bench/README.md, "The floor"), a lower
    // bound: the client's request, two bare NestJS servers passing it (the gateway, then the
    // encoding service), one commit, one produce by the relay. Neither the gateway's own call to the
    // service nor the three consumer groups are in it.
    const floorMs = bare.clientMs + 2 * bare.serverMs + commits.serverMs + commits.clientMs + produced.serverMs + produced.clientMs;
    const perRaw = (name, { serverMs, clientMs }, server) => `${name} ${server} ${serverMs.toFixed(2)} + client ${clientMs.toFixed(2)}`;
    console.log(
      `  CPU ms per raw operation: ${perRaw('HTTP GET', http, 'gateway')}, ${perRaw('the same GET', bare, 'bare NestJS')}, ${perRaw('commit', commits, 'postgres')}, ${perRaw('produce', produced, 'kafka')}`,
    );
    console.log(`hops floor: ${floorMs.toFixed(2)} ms of CPU per encode (client request, 2 bare NestJS passes, 1 commit, 1 produce; no consumer); target for the whole encode <= 5 ms`);
    console.log(`  the gateway's stack on a static GET: ${ratio(http.serverMs, bare.serverMs)} the CPU of bare NestJS`);
    console.log(
      mailMs !== null
        ? `floor with the worker's e-mail (R2): ${(floorMs + mailMs).toFixed(2)} ms of CPU per encode (hops ${floorMs.toFixed(2)} + the e-mail's sender ${mailMs.toFixed(2)}); target for the whole encode <= 5 ms`
        : '  (no SMTP_URL: the floor leaves out the e-mail each encoding sends)',
    );
    const before = await viewRows();
    const workBefore = await databaseWork();
    const cpuBefore = platformCpu();
    const encoded = await phase('encode', () => closedLoop('encode through the gateway', () => encode()));
    const settled = await platformSettled();
    console.log(`  every consumer and the outbox caught up ${settled.toFixed(1)} s after the encode phase ended`);
    printCpuPerEncode('', cpuBefore, encoded.ok);
    printDatabaseWork(workBefore, await databaseWork(), encoded.ok);
    // The burst's backlog in the views, drained before the latency phase starts.
    const caughtUp = await phase('views catching up', async () => {
      const started = performance.now();
      for (let seen = await viewRows(), lastPrint = started; seen - before < encoded.ok; seen = await viewRows()) {
        if (performance.now() - lastPrint > 5_000) (console.log(`  ... views ${seen - before}/${encoded.ok}`), (lastPrint = performance.now()));
        await sleep(100);
      }
      return (performance.now() - started) / 1000;
    });
    console.log(`  views caught up ${caughtUp.toFixed(1)} s after the encode phase ended (${encoded.ok} prestations projected over ${(DURATION_MS / 1000 + caughtUp).toFixed(1)} s = ${(encoded.ok / (DURATION_MS / 1000 + caughtUp)).toFixed(0)}/s)`);
    console.log(`encode: ${encoded.rate.toFixed(0)}/s = ${ratio(encoded.rate, commits.rate)} raw commit (${commits.rate.toFixed(0)}/s), ${ratio(encoded.rate, produced.rate)} raw produce (${produced.rate.toFixed(0)}/s), ${ratio(encoded.rate, http.rate)} raw HTTP (${http.rate.toFixed(0)}/s)`);
  }

  if (PHASES.includes('paced')) {
    // The same number of encodes over the same time in every run, at a pace a loaded machine still
    // keeps: the processes' CPU at rest then weighs the same in each run, where the closed loop
    // divides it by however many encodes the machine let through.
    const count = PACED_RATE * (DURATION_MS / 1000);
    let failed = 0;
    const cpuBefore = platformCpu();
    const failure = (error) => failed++ === 0 && console.error(`  first error: ${error.message}`);
    await phase(`encode at ${PACED_RATE}/s`, () => pacedLoop(count, PACED_RATE, () => encode().catch(failure)));
    const settled = await platformSettled();
    console.log(`  encode at ${PACED_RATE}/s: ${count - failed} ok, ${failed} errors; every consumer and the outbox caught up ${settled.toFixed(1)} s after`);
    printCpuPerEncode(` at ${PACED_RATE}/s`, cpuBefore, count - failed);
  }

  if (PHASES.includes('latency')) {
    const raw = await phase('raw pipeline', () => rawPipeline());
    const visible = await phase('encode -> visible', () => encodeToVisible());
    console.log(`  raw pipeline at ${RATE}/s (commit, produce, consume, commit): p50 ${ms(raw.p50)}, p99 ${ms(raw.p99)}`);
    console.log(`encode -> visible in the company view at ${RATE}/s: p50 ${ms(visible.p50)} = ${ratio(visible.p50, raw.p50)} raw pipeline, p99 ${ms(visible.p99)} = ${ratio(visible.p99, raw.p99)} raw pipeline, max ${ms(visible.max)} (${visible.errors} errors or not visible in 30 s)`);
  }
  console.log(`load average at the end: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
} finally {
  await setup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  await setup.end();
  await admin.deleteTopics({ topics: [rawTopic] }).catch(() => undefined);
  await admin.disconnect();
}

/** At RATE/s: commit a row, produce it, a consumer of its own group upserts it in a transaction of its own; the latency is send to that commit. */
async function rawPipeline() {
  const pipelineTopic = `${schema}-pipeline`;
  await createTopics(admin, [{ topic: pipelineTopic, numPartitions: 12 }]);
  // The sends overlap when one is slow: each commit takes a connection of its own from a pool.
  const writers = new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}`, max: 8 });
  const reader = await connect();
  await reader.query('CREATE TABLE raw_views (stream_id text PRIMARY KEY, data jsonb NOT NULL, position integer NOT NULL)');
  const producer = createIdempotentProducer(kafka);
  const consumer = kafka.consumer({ groupId: pipelineTopic });
  const done = new Map();
  const latencies = [];
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: pipelineTopic, fromBeginning: true });
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        const id = message.key.toString();
        await reader.query('BEGIN');
        await reader.query('INSERT INTO raw_views VALUES ($1, $2, 1) ON CONFLICT (stream_id) DO UPDATE SET data = EXCLUDED.data, position = raw_views.position + 1', [id, message.value.toString()]);
        await reader.query('COMMIT');
        done.get(id)?.();
      },
    });
    await joined;
    await openLoop(async () => {
      const t0 = performance.now();
      const row = rawRow();
      const seen = new Promise((resolve) => done.set(row[1], resolve));
      const writer = await writers.connect();
      await rawCommit(writer).finally(() => writer.release());
      await producer.send({ topic: pipelineTopic, acks: -1, messages: [{ key: row[1], value: JSON.stringify(row) }] });
      await seen;
      latencies.push(performance.now() - t0);
    });
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await Promise.all([writers.end(), reader.end()]);
    await admin.deleteTopics({ topics: [pipelineTopic] }).catch(() => undefined);
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** At RATE/s, encode; one reader polls the company view (latest first) every 10 ms and notes when each id appears. */
async function encodeToVisible() {
  // One poller, not one per prestation: those would load the gateway, which also runs the projection.
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
      await sleep(10);
    }
  })();
  const requests = [];
  await openLoop(async () => {
    const prestationId = randomUUID();
    const t0 = performance.now();
    sentAt.set(prestationId, t0);
    await encode(prestationId).then(
      () => requests.push(performance.now() - t0),
      (error) => (sentAt.delete(prestationId), errors++ === 0 && console.error(`  first error: ${error.message}`)),
    );
  });
  polling = false;
  await poller;
  console.log(`  encode requests at ${RATE}/s (until the 201): p50 ${ms(percentile(requests, 50))}, p99 ${ms(percentile(requests, 99))}`);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), errors };
}
