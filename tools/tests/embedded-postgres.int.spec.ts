import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const postgresModule = resolve(__dirname, '../infra/postgres.mjs');
const portsModule = resolve(__dirname, '../infra/ports.mjs');

/** Runs an ES module snippet in a node of its own (tools/infra is plain ESM); its last line of stdout is JSON. */
const runModule = (source: string): Promise<{ code: number; result: unknown; output: string }> =>
  new Promise((done) => {
    execFile(process.execPath, ['--input-type=module', '-e', source], { timeout: 180_000 }, (error, stdout, stderr) => {
      const lines = stdout.trim().split('\n');
      done({ code: error ? Number(error.code ?? 1) : 0, result: error ? undefined : JSON.parse(lines.at(-1) ?? 'null'), output: `${stdout}${stderr}` });
    });
  });

// Issue #10 item 8: as root in a private folder (mode 700, like a clone under /root), the embedded
// PostgreSQL's server user could not enter it and the start crashed on `spawn initdb EACCES`.
describe('embedded PostgreSQL in a folder the postgres user cannot enter', () => {
  let privateFolder: string;

  beforeAll(() => {
    privateFolder = mkdtempSync(join(tmpdir(), 'private-'));
    chmodSync(privateFolder, 0o700);
  });

  afterAll(() => rmSync(privateFolder, { recursive: true, force: true }));

  it('tells a folder others can enter from one they cannot', async () => {
    const { result } = await runModule(`
      import { reachableByOthers } from ${JSON.stringify(postgresModule)};
      console.log(JSON.stringify([reachableByOthers(${JSON.stringify(join(privateFolder, 'a/b'))}), reachableByOthers(${JSON.stringify(tmpdir())})]));`);
    expect(result).toEqual([false, true]);
  });

  (process.getuid?.() === 0 ? it : it.skip)('as root: starts, answers a query, and a temporary cluster leaves nothing behind', async () => {
    const dataDir = join(privateFolder, 'data/postgres');
    const run = await runModule(`
      import { startPostgres } from ${JSON.stringify(postgresModule)};
      import { freePort } from ${JSON.stringify(portsModule)};
      import { createRequire } from 'node:module';
      const pg = createRequire(${JSON.stringify(postgresModule)})('pg');
      const lines = [];
      const server = await startPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: await freePort(), temporary: true, log: (line) => lines.push(line) });
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const [{ answer }] = (await client.query('SELECT 6 * 7 AS answer')).rows;
      const { rows: [{ data_directory }] } = await client.query('SHOW data_directory');
      await client.end();
      await server.stop();
      console.log(JSON.stringify({ answer, dataDirectory: data_directory, lines }));`);
    expect(run).toMatchObject({ code: 0 });
    const { answer, dataDirectory, lines } = run.result as { answer: number; dataDirectory: string; lines: string[] };
    expect(answer).toBe(42);
    expect(dataDirectory.startsWith(privateFolder)).toBe(false);
    expect(lines.join('\n')).toContain(`${dataDir} is in a folder the postgres user cannot enter; the data lives in ${dataDirectory} instead`);
    expect(existsSync(dataDirectory)).toBe(false);
  }, 200_000);
});

// Task F1: as root, the second start took the cluster folder PostgreSQL had made on the first
// (mode 700, the postgres user's) for a private folder, moved to the shared one and began a new,
// empty cluster there: every restart wiped the data.
describe('embedded PostgreSQL kept across restarts', () => {
  let folders: string[] = [];

  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  const folder = (mode: number): string => {
    const made = mkdtempSync(join(tmpdir(), 'restart-'));
    chmodSync(made, mode);
    folders = [...folders, made];
    return made;
  };

  (process.getuid?.() === 0 ? it.each : it.skip.each)([
    ['a folder others can enter', 0o755],
    ['a private folder', 0o700],
  ])('as root in %s: the second start finds the row the first one wrote', async (_where, mode) => {
    const dataDir = join(folder(mode), 'data/postgres');
    // The second start is temporary, so that a cluster moved to the shared folder is removed after.
    const run = await runModule(`
      import { startPostgres } from ${JSON.stringify(postgresModule)};
      import { freePort } from ${JSON.stringify(portsModule)};
      import { createRequire } from 'node:module';
      const pg = createRequire(${JSON.stringify(postgresModule)})('pg');
      const query = async (server, sql) => {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        try { return (await client.query(sql)).rows; } finally { await client.end(); }
      };
      const port = await freePort();
      const first = [];
      const server1 = await startPostgres({ dataDir: ${JSON.stringify(dataDir)}, port, log: (line) => first.push(line) });
      await query(server1, "CREATE TABLE kept (name text); INSERT INTO kept VALUES ('first start')");
      const [{ data_directory: firstDirectory }] = await query(server1, 'SHOW data_directory');
      await server1.stop();
      const second = [];
      const server2 = await startPostgres({ dataDir: ${JSON.stringify(dataDir)}, port, temporary: true, log: (line) => second.push(line) });
      const rows = await query(server2, 'SELECT name FROM kept').catch((error) => error.message);
      const [{ data_directory: secondDirectory }] = await query(server2, 'SHOW data_directory');
      await server2.stop();
      console.log(JSON.stringify({ rows, firstDirectory, secondDirectory, first, second }));`);
    expect(run).toMatchObject({ code: 0 });
    const { rows, firstDirectory, secondDirectory, first, second } = run.result as {
      rows: { name: string }[];
      firstDirectory: string;
      secondDirectory: string;
      first: string[];
      second: string[];
    };
    expect(first.join('\n')).toContain('initialising a new cluster');
    expect(second.join('\n')).not.toContain('initialising a new cluster');
    expect(secondDirectory).toBe(firstDirectory);
    expect(rows).toEqual([{ name: 'first start' }]);
  }, 300_000);
});
