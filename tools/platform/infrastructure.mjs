// Brings up what the services need: Kafka, PostgreSQL (and, for the run command, the mail
// catcher). An existing cluster or database named in KAFKA_BROKERS / DATABASE_URL is used
// as it is and never started or stopped here.
import { join } from 'node:path';
import { startKafka } from '../infra/kafka.mjs';
import { startPostgres } from '../infra/postgres.mjs';

/**
 * @param {{ dataRoot: string, kafkaPort?: number, controllerPort?: number, postgresPort?: number, temporary?: boolean, log?: (line: string) => void }} options
 * `temporary`: the data is thrown away at stop() (the caller removes dataRoot; this removes what had to live elsewhere).
 * @returns {Promise<{ env: Record<string, string>, stop: () => Promise<void> }>}
 */
export async function startInfrastructure({ dataRoot, kafkaPort = 19092, controllerPort, postgresPort = 15432, temporary = false, log = console.log }) {
  const started = [];
  const stop = async () => {
    for (const stopOne of started.reverse()) {
      await stopOne().catch((error) => log(`stop failed: ${error.message}`));
    }
    started.length = 0;
  };
  try {
    const env = {};
    if (process.env.KAFKA_BROKERS) {
      env.KAFKA_BROKERS = process.env.KAFKA_BROKERS;
      log(`kafka: using KAFKA_BROKERS=${env.KAFKA_BROKERS}`);
    } else {
      const kafka = await startKafka({ dataDir: join(dataRoot, 'kafka'), port: kafkaPort, controllerPort: controllerPort ?? kafkaPort + 1, log });
      started.push(kafka.stop);
      env.KAFKA_BROKERS = kafka.brokers.join(',');
    }
    if (process.env.DATABASE_URL) {
      env.DATABASE_URL = process.env.DATABASE_URL;
      log('postgres: using DATABASE_URL');
    } else {
      const postgres = await startPostgres({ dataDir: join(dataRoot, 'postgres'), port: postgresPort, temporary, log });
      started.push(postgres.stop);
      env.DATABASE_URL = postgres.url;
      log(`postgres: embedded PostgreSQL on 127.0.0.1:${postgresPort}`);
    }
    return { env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Runs stop() once on SIGINT/SIGTERM/SIGHUP, then exits with the conventional code. Also when
 * the parent goes away: `npm start` dies on SIGTERM without passing it on to this process.
 */
export function stopOnSignals(stop) {
  let stopping = false;
  const stopAndExit = (reason, code) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping...`);
    stop().finally(() => process.exit(code));
  };
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => stopAndExit(signal, code));
  }
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stopAndExit('parent process gone', 143), 1_000).unref();
}
