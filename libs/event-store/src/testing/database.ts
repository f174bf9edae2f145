import { type DataSource } from 'typeorm';
import { createDataSource, migrate, quoteIdentifier } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';

export interface TestDatabase {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly url: string;
  /** Drops the schema and closes the pool. */
  readonly drop: () => Promise<void>;
}

/** A migrated schema of its own for one test file, on the test run's PostgreSQL. */
export async function openTestDatabase(prefix: string, poolSize = 10): Promise<TestDatabase> {
  const { databaseUrl: url } = integrationEnvironment();
  const schema = uniqueName(prefix);
  const dataSource = await createDataSource({ url, schema, poolSize }).initialize();
  await migrate(dataSource);
  return {
    dataSource,
    schema,
    url,
    drop: async () => {
      await dataSource.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
      await dataSource.destroy();
    },
  };
}

/** Polls until `check` holds; fails with `what` after the timeout. */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
