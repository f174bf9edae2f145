import { randomBytes } from 'node:crypto';
import { parseBrokers } from '../config';

/**
 * The real broker and database an integration test talks to, as `npm test` provides them.
 * A test run outside it fails with the reason instead of silently skipping.
 */
export function integrationEnvironment(env: NodeJS.ProcessEnv = process.env): { kafkaBrokers: string[]; databaseUrl: string } {
  const brokers = env['KAFKA_BROKERS'];
  const databaseUrl = env['DATABASE_URL'];
  if (!brokers || !databaseUrl) {
    throw new Error('integration tests need KAFKA_BROKERS and DATABASE_URL: run them with "npm test" (see README.md)');
  }
  return { kafkaBrokers: parseBrokers(brokers), databaseUrl };
}

/** A name no other test (or earlier run) uses: for topics, groups and schemas. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}
