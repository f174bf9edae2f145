import { type DataSource } from 'typeorm';
import { quoteIdentifier } from './data-source';

// Any constant works; every service takes the same lock so that only one migrates at a time.
const MIGRATION_LOCK = 4_272_019;

/**
 * Brings the schema up to date. Several services boot at once against one database, so the
 * migrations run under a session advisory lock: the first migrates, the others then find
 * nothing left to do.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      // Inside the lock: CREATE SCHEMA IF NOT EXISTS itself races between sessions.
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(dataSource.driver.schema ?? 'public')}`);
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
