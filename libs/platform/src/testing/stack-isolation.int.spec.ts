import { Client } from 'pg';
import { integrationEnvironment, uniqueName } from './integration';
import { StackIsolation } from './stack-isolation';

describe('a test stack that fails to come up (StackIsolation.within)', () => {
  const serverUrl = integrationEnvironment().databaseUrl;

  async function databaseExists(name: string): Promise<boolean> {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      return rowCount === 1;
    } finally {
      await client.end();
    }
  }

  it('drops its database and passes the failure on', async () => {
    let database = '';
    const failing = StackIsolation.within(
      uniqueName('isolation_fail'),
      async (isolation) => {
        database = isolation.database;
        expect(await databaseExists(database)).toBe(true);
        throw new Error('encoding-service exited with code 1');
      },
      serverUrl,
    );
    await expect(failing).rejects.toThrow('encoding-service exited with code 1');
    expect(database).not.toBe('');
    expect(await databaseExists(database)).toBe(false);
  });

  it('keeps the database of a stack that came up, for the stack to drop when it stops', async () => {
    const isolation = await StackIsolation.within(uniqueName('isolation_ok'), async (created) => created, serverUrl);
    try {
      expect(await databaseExists(isolation.database)).toBe(true);
    } finally {
      await isolation.drop();
    }
  });
});
