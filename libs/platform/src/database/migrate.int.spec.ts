import { Client } from 'pg';
import { createDataSource } from './data-source';
import { migrate } from './migrate';
import { migrations } from './migrations';
import { integrationEnvironment, uniqueName } from '../testing/integration';

describe('migrations, real PostgreSQL', () => {
  const { databaseUrl } = integrationEnvironment();
  const schema = uniqueName('migrations');
  const sql = new Client({ connectionString: databaseUrl });

  beforeAll(() => sql.connect());
  afterAll(async () => {
    await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql.end();
  });

  const tables = async () =>
    (await sql.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema])).rows.map(
      (row) => row.table_name,
    );

  it('brings an empty schema up to date, once, even with services migrating at the same time', async () => {
    const sources = await Promise.all([0, 1, 2].map(() => createDataSource({ url: databaseUrl, schema }).initialize()));
    try {
      const applied = await Promise.all(sources.map((source) => migrate(source)));
      expect(applied.flat()).toEqual(migrations.map((migration) => new migration().name));
      expect(await tables()).toEqual(expect.arrayContaining(['event_streams', 'events', 'companies', 'workers', 'worker_employments', 'users', 'schema_migrations']));
      expect(await migrate(sources[0]!)).toEqual([]);
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
    }
  });
});
