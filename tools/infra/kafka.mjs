// A real Apache Kafka broker for dev and tests, from Maven Central jars (ADR 0001): KRaft, one
// node acting as broker and controller, on loopback. Run directly to start one by hand:
//   node tools/infra/kafka.mjs [--data-dir DIR] [--port 19092]
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { assertPortFree } from './ports.mjs';

const repo = resolve(import.meta.dirname, '../..');
const pom = join(import.meta.dirname, 'kafka/pom.xml');
const log4jConfig = join(import.meta.dirname, 'kafka/log4j.properties');
export const KAFKA_VERSION = /<kafka\.version>([^<]+)</.exec(readFileSync(pom, 'utf8'))[1];
const libDir = join(repo, '.cache/kafka', KAFKA_VERSION, 'lib');
const MARKER = '.complete';
const OR_EXISTING = 'or set KAFKA_BROKERS to use an existing cluster';
const JVM_OPTIONS = ['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:ActiveProcessorCount=2', '-XX:+ExitOnOutOfMemoryError'];

/** Runs a command to its end; resolves { code, output } or { error } when it cannot start. */
function run(command, args) {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => done({ error, output }));
    child.on('close', (code) => done({ code, output }));
  });
}

// Maven 3.8 prints colour codes even in batch mode.
const lastLines = (text, lines = 40) => text.replace(/\x1b\[[0-9;]*m/g, '').trimEnd().split('\n').slice(-lines).join('\n');
const readMarker = (dir) => (existsSync(join(dir, MARKER)) ? readFileSync(join(dir, MARKER), 'utf8') : undefined);

/** Resolves the broker jars into .cache/kafka/<version>/lib once; later calls use no network. */
export async function ensureKafkaJars({ log = console.log } = {}) {
  const pomHash = createHash('sha256').update(readFileSync(pom)).digest('hex');
  if (readMarker(libDir) === pomHash) {
    log(`kafka: jar cache hit (${libDir})`);
    return libDir;
  }
  log(`kafka: fetching Apache Kafka ${KAFKA_VERSION} jars with Maven (first run only)...`);
  const startedAt = Date.now();
  // Fetched into a folder of our own, then renamed: two first runs at once never mix their files.
  const partial = `${libDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const maven = await run('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${partial}`, '-DincludeScope=runtime']);
  if (maven.error) {
    throw new Error(`kafka: mvn not found (${maven.error.code}): Maven is needed once to fetch the local broker's jars; ${OR_EXISTING}`);
  }
  if (maven.code !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`kafka: Maven could not resolve the broker jars (exit ${maven.code}):\n${lastLines(maven.output)}`);
  }
  writeFileSync(join(partial, MARKER), pomHash);
  try {
    renameSync(partial, libDir);
  } catch (error) {
    if (!['ENOTEMPTY', 'EEXIST'].includes(error.code)) throw error;
    if (readMarker(libDir) === pomHash) {
      rmSync(partial, { recursive: true, force: true }); // another process got there first
    } else {
      rmSync(libDir, { recursive: true, force: true }); // an incomplete or outdated cache
      renameSync(partial, libDir);
    }
  }
  const jars = readdirSync(libDir).filter((name) => name.endsWith('.jar')).length;
  log(`kafka: ${jars} jars cached in ${libDir} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  return libDir;
}

function javaCommand() {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java';
}

async function assertJava() {
  const java = javaCommand();
  const probe = await run(java, ['-version']);
  const major = Number(/version "(\d+)/.exec(probe.output ?? '')?.[1]);
  if (probe.error || probe.code !== 0 || !(major >= 17)) {
    const found = probe.error ? `${java} not found` : `${java} is ${/version "[^"]+"/.exec(probe.output)?.[0] ?? 'unusable'}`;
    throw new Error(`kafka: ${found}. Java 17+ is required for the local broker; ${OR_EXISTING}`);
  }
}

/** 16 random bytes, base64url; never starting with "-", which the format tool would read as a flag. */
function newClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties({ dataDir, port, controllerPort }) {
  return `# Written by tools/infra/kafka.mjs at each start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${join(dataDir, 'data')}
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
num.network.threads=2
num.io.threads=2
log.cleaner.dedupe.buffer.size=16777216
log.retention.ms=-1
`;
}

function tail(file, lines = 30) {
  return existsSync(file) ? lastLines(readFileSync(file, 'utf8'), lines) : '(no broker log)';
}

/** Waits for the "Kafka Server started" line, then for a client to describe the cluster. */
async function waitUntilUsable({ brokers, brokerLog, exitStatus, timeoutMs }) {
  const { Kafka, logLevel } = await import('kafkajs');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitStatus()) throw new Error(`kafka: the broker exited (${exitStatus()}) while starting`);
    if (existsSync(brokerLog) && readFileSync(brokerLog, 'utf8').includes('Kafka Server started')) {
      const admin = new Kafka({ clientId: 'kafka-probe', brokers, logLevel: logLevel.NOTHING, requestTimeout: 5_000, retry: { retries: 0 } }).admin();
      try {
        await admin.connect();
        if ((await admin.describeCluster()).brokers.length > 0) return;
      } catch {
        // not ready yet
      } finally {
        await admin.disconnect().catch(() => {});
      }
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  throw new Error(`kafka: the broker was not usable after ${timeoutMs / 1000} s`);
}

/**
 * Starts the broker with its data in dataDir (formatted on first use, reused afterwards).
 * Resolves once a client can use it; stop() ends the JVM (SIGTERM, then SIGKILL after 20 s)
 * and is idempotent: every call resolves once the JVM is gone.
 * @returns {Promise<{ brokers: string[], stop: () => Promise<void> }>}
 */
export async function startKafka({ dataDir, port = 19092, controllerPort = port + 1, log = console.log, timeoutMs = 90_000 }) {
  const dir = resolve(dataDir);
  await assertJava();
  for (const [role, p] of [['broker', port], ['controller', controllerPort]]) {
    await assertPortFree(p).catch((error) => {
      throw new Error(`kafka: cannot start the ${role}: ${error.message}`);
    });
  }
  const classpath = join(await ensureKafkaJars({ log }), '*');
  const logsDir = join(dir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const properties = join(dir, 'server.properties');
  writeFileSync(properties, serverProperties({ dataDir: dir, port, controllerPort }));
  const logging = [`-Dlog4j.configuration=file:${log4jConfig}`, `-Dkafka.logs.dir=${logsDir}`];
  const brokerLog = join(logsDir, 'broker.log');
  if (existsSync(brokerLog)) renameSync(brokerLog, `${brokerLog}.1`); // the previous run's log, kept once

  if (!existsSync(join(dir, 'data/meta.properties'))) {
    const format = await run(javaCommand(), [...logging, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', properties]);
    if (format.code !== 0) throw new Error(`kafka: formatting the storage in ${dir} failed:\n${lastLines(format.output)}`);
    log(`kafka: new KRaft storage in ${join(dir, 'data')}`);
  }

  const startedAt = Date.now();
  // detached: the JVM leads a process group of its own, so a Ctrl-C on the terminal reaches this
  // process only, which stops the broker in order; stop() signals the whole group.
  const jvm = spawn(javaCommand(), [...JVM_OPTIONS, ...logging, '-cp', classpath, 'kafka.Kafka', properties], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exitStatus;
  const exited = new Promise((done) => {
    jvm.on('error', (error) => done((exitStatus ??= error.message)));
    jvm.on('exit', (code, signal) => done((exitStatus ??= signal ?? `code ${code}`)));
  });
  // Should this process end without calling stop() (SIGKILL, crash, exit), the watchdog ends the
  // JVM: its stdin is a pipe from this process, which reaches end-of-file the moment this process
  // is gone, zombie or not. "ps" rather than "kill -0": an orphaned JVM that exited stays a zombie
  // until init reaps it, and kill -0 counts zombies as alive.
  const watchdog = spawn(
    'sh',
    [
      '-c',
      `read -r _
       alive() { case "$(ps -o stat= -p ${jvm.pid})" in ''|*Z*) return 1;; esac; }
       alive || exit 0
       kill -TERM -${jvm.pid}
       for _ in $(seq 20); do alive || exit 0; sleep 1; done
       kill -KILL -${jvm.pid}`,
    ],
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
  );
  watchdog.unref();
  watchdog.stdin.on('error', () => {}).unref(); // the pipe must not keep this process alive

  const signalJvm = (signal) => {
    try {
      process.kill(-jvm.pid, signal);
    } catch {
      // already gone
    }
  };
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (!exitStatus && jvm.pid) {
        signalJvm('SIGTERM');
        const timer = setTimeout(() => signalJvm('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      watchdog.kill('SIGKILL');
    })());

  const brokers = [`127.0.0.1:${port}`];
  try {
    await waitUntilUsable({ brokers, brokerLog, exitStatus: () => exitStatus, timeoutMs });
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- ${brokerLog} (tail) ---\n${tail(brokerLog)}`);
  }
  log(`kafka: Apache Kafka ${KAFKA_VERSION} ready on ${brokers[0]} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (data: ${dir})`);
  return { brokers, stop };
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const usage = 'usage: node tools/infra/kafka.mjs [--data-dir DIR] [--port 19092]';
  let values;
  try {
    ({ values } = parseArgs({ options: { 'data-dir': { type: 'string', default: join(repo, '.data/kafka') }, port: { type: 'string', default: '19092' }, help: { type: 'boolean' } } }));
  } catch (error) {
    console.error(`${error.message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const kafka = await startKafka({ dataDir: values['data-dir'], port: Number(values.port) }).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
  console.log(`KAFKA_BROKERS=${kafka.brokers.join(',')}  (Ctrl-C stops it)`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => kafka.stop().then(() => process.exit(0)));
}
