// A real Apache Kafka broker for dev and tests, from Maven Central jars (ADR 0001): KRaft, one
// node acting as broker and controller, on loopback. Run directly to start one by hand:
//   node tools/infra/kafka.mjs [--data-dir DIR] [--port 19092]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import { assertPortFree } from './ports.mjs';

const repo = resolve(import.meta.dirname, '../..');
const pom = join(import.meta.dirname, 'kafka/pom.xml');
const log4jConfig = join(import.meta.dirname, 'kafka/log4j.properties');
export const KAFKA_VERSION = /<kafka\.version>([^<]+)</.exec(readFileSync(pom, 'utf8'))[1];
const libDir = join(repo, '.cache/kafka', KAFKA_VERSION, 'lib');
const completeMarker = join(libDir, '.complete');

function requireTool(command, hint) {
  const probe = spawnSync(command, ['-version'], { stdio: 'ignore' });
  if (probe.error) throw new Error(`${command} not found: ${hint}`);
}

function javaCommand() {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java';
}

/** Resolves the broker jars into .cache/kafka/<version>/lib once; later calls use no network. */
export async function ensureKafkaJars({ log = console.log } = {}) {
  const pomHash = createHash('sha256').update(readFileSync(pom)).digest('hex');
  if (existsSync(completeMarker) && readFileSync(completeMarker, 'utf8') === pomHash) {
    log(`kafka: jar cache hit (${libDir})`);
    return libDir;
  }
  requireTool('mvn', 'Maven 3.8+ is needed once to fetch the local broker; or set KAFKA_BROKERS to use an existing cluster');
  log(`kafka: fetching Apache Kafka ${KAFKA_VERSION} jars with Maven (first run only)...`);
  rmSync(libDir, { recursive: true, force: true });
  const maven = spawnSync(
    'mvn',
    ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`, '-DincludeScope=runtime'],
    { encoding: 'utf8' },
  );
  if (maven.status !== 0) throw new Error(`kafka: Maven could not resolve the broker jars (exit ${maven.status}):\n${maven.stdout}${maven.stderr}`);
  writeFileSync(completeMarker, pomHash);
  return libDir;
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
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
num.network.threads=2
num.io.threads=2
log.cleaner.dedupe.buffer.size=16777216
log.retention.ms=-1
`;
}

async function waitUntilUsable({ brokers, brokerLog, exited, timeoutMs }) {
  const { Kafka, logLevel } = await import('kafkajs');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(`kafka: the broker exited (${exit}) while starting`);
    const started = existsSync(brokerLog) && /Kafka Server started|\[KafkaRaftServer nodeId=\d+\] Kafka Server started/.test(readFileSync(brokerLog, 'utf8'));
    if (started) {
      const admin = new Kafka({ clientId: 'kafka-probe', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.brokers.length > 0) return;
      } catch {
        // not ready yet
      } finally {
        await admin.disconnect().catch(() => {});
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`kafka: not usable after ${timeoutMs / 1000} s`);
}

function tail(file, lines = 30) {
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no broker log)';
}

/**
 * Starts the broker with its data in dataDir (formatted on first use, reused afterwards).
 * Resolves once a client can use it; stop() ends the JVM (SIGTERM, then SIGKILL) and is idempotent.
 */
export async function startKafka({ dataDir, port = 19092, controllerPort = port + 1, log = console.log, timeoutMs = 90_000 }) {
  const dir = resolve(dataDir);
  requireTool(javaCommand(), 'Java 17+ is required for the local broker; or set KAFKA_BROKERS to use an existing cluster');
  await assertPortFree(port);
  await assertPortFree(controllerPort);
  const lib = await ensureKafkaJars({ log });
  const classpath = join(lib, '*');
  const logsDir = join(dir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const properties = join(dir, 'server.properties');
  writeFileSync(properties, serverProperties({ dataDir: dir, port, controllerPort }));
  const jvmLogging = [`-Dlog4j.configuration=file:${log4jConfig}`, `-Dkafka.logs.dir=${logsDir}`];

  if (!existsSync(join(dir, 'data/meta.properties'))) {
    const clusterId = newClusterId();
    const format = spawnSync(javaCommand(), [...jvmLogging, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties], {
      encoding: 'utf8',
    });
    if (format.status !== 0) throw new Error(`kafka: formatting the storage failed:\n${format.stdout}${format.stderr}`);
  }

  const brokerLog = join(logsDir, 'broker.log');
  rmSync(brokerLog, { force: true });
  const startedAt = Date.now();
  const jvm = spawn(
    javaCommand(),
    ['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:ActiveProcessorCount=2', '-XX:+ExitOnOutOfMemoryError', ...jvmLogging, '-cp', classpath, 'kafka.Kafka', properties],
    { detached: true, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // Should this process die without calling stop(), the watchdog ends the JVM: no orphan broker.
  const watchdog = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${jvm.pid} 2>/dev/null; do sleep 1; done; kill -TERM ${jvm.pid} 2>/dev/null; sleep 20; kill -KILL ${jvm.pid} 2>/dev/null`],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  let exitStatus;
  const exited = new Promise((r) => jvm.on('exit', (code, signal) => r((exitStatus = signal ?? `code ${code}`))));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exitStatus) {
      jvm.kill('SIGTERM');
      const timer = setTimeout(() => jvm.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    try {
      process.kill(watchdog.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  const brokers = [`127.0.0.1:${port}`];
  try {
    await waitUntilUsable({ brokers, brokerLog, exited: () => exitStatus, timeoutMs });
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- ${brokerLog} (tail) ---\n${tail(brokerLog)}`);
  }
  log(`kafka: Apache Kafka ${KAFKA_VERSION} (Maven jars) ready on ${brokers[0]} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  return { brokers, stop };
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string', default: join(repo, '.data/kafka') }, port: { type: 'string', default: '19092' } } });
  const kafka = await startKafka({ dataDir: values['data-dir'], port: Number(values.port) });
  console.log(`KAFKA_BROKERS=${kafka.brokers.join(',')}  (Ctrl-C stops it)`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => kafka.stop().then(() => process.exit(0)));
}
