// A relay as its own process, for the fault tests: DATABASE_URL, ES_SCHEMA, KAFKA_BROKERS, ES_TOPIC.
import { createDataSource, createKafka, parseBrokers } from '@prestaflow/platform';
import { EventRelay } from '../relay';
import { exitWithParent, setting } from './processes';

async function main(): Promise<void> {
  exitWithParent();
  const dataSource = await createDataSource({ url: setting('DATABASE_URL'), schema: setting('ES_SCHEMA'), poolSize: 2 }).initialize();
  const relay = new EventRelay({ dataSource, kafka: createKafka('fault-relay', parseBrokers(setting('KAFKA_BROKERS'))), topic: setting('ES_TOPIC'), lockPollMs: 100, retryDelayMs: 200 });
  relay.start();
  process.once('SIGTERM', () => void relay.stop().then(() => dataSource.destroy()).then(() => process.exit(0)));
}

void main();
