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
