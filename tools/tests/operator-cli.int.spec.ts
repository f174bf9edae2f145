import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { type DataSource } from 'typeorm';
import { defaultPolicy } from '@prestaflow/domain';
import { createDataSource, migrate, quoteIdentifier } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';
import { PrestationCommands } from '@prestaflow/write-side';
import { encodePrestationForWorker, T0, validateAsWorker } from '@prestaflow/testing';

jest.setTimeout(120_000);

const repo = resolve(__dirname, '../..');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('the operator CLI against the real database (issue #10)', () => {
  let dataSource: DataSource;
  let schema: string;
  const good = [randomUUID(), randomUUID()];
  const poisoned = randomUUID();

  /** The CLI as an operator runs it; no KAFKA_BROKERS unless given: only a Kafka command needs it. */
  const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<Run> =>
    new Promise((done) => {
      const { KAFKA_BROKERS: _kafka, ...rest } = process.env;
      execFile(
        process.execPath,
        ['-r', '@swc-node/register', 'tools/operator/cli.ts', ...args],
        { cwd: repo, env: { ...rest, DATABASE_URL: integrationEnvironment().databaseUrl, DATABASE_SCHEMA: schema, ...env } },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    schema = uniqueName('operator_cli');
    dataSource = await createDataSource({ url: integrationEnvironment().databaseUrl, schema }).initialize();
    await migrate(dataSource);
    const commands = new PrestationCommands(dataSource, defaultPolicy);
    for (const prestationId of [...good, poisoned]) await commands.execute({ ...encodePrestationForWorker(T0), prestationId });
    await commands.execute({ ...validateAsWorker('2025-06-11T08:00:00.000Z'), prestationId: good[0]! });
    // A second event its contract refuses (hours is not a number), written past every API as a
    // poison event of the past would be: straight into the tables.
    await dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE event_streams SET version = 2 WHERE stream_id = $1`, [poisoned]);
      await manager.query(
        `INSERT INTO events (event_id, stream_id, stream_position, type, schema_version, occurred_at, actor_id, actor_role, data)
         SELECT $2, stream_id, 2, 'PrestationCorrected', 1, occurred_at + interval '1 hour', actor_id, actor_role,
                jsonb_build_object('version', 2, 'hours', 'many', 'serviceDate', data->'serviceDate', 'activity', data->'activity', 'workerDeadline', data->'workerDeadline')
         FROM events WHERE stream_id = $1 AND stream_position = 1`,
        [poisoned, randomUUID()],
      );
    });
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await dataSource?.destroy();
  });

  it('lists the projections it knows by name, as JSON, with neither a database nor Kafka configured', async () => {
    const run = await cli(['projections'], { DATABASE_URL: undefined });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({ name: 'prestation_views', table: 'prestation_views' }),
      expect.objectContaining({ name: 'deadlines', table: 'deadlines' }),
      expect.objectContaining({ name: 'notification_states', table: 'notification_states' }),
    ]);
  });

  it('refuses an unknown --from and an unknown projection, saying which are known', async () => {
    const from = await cli(['rebuild', '--name', 'prestation_views', '--from', 'kafak']);
    expect(from).toMatchObject({ code: 1, stdout: '' });
    expect(from.stderr).toContain('--from kafak: must be one of postgres, kafka');
    const name = await cli(['rebuild', '--name', 'prestation_view']);
    expect(name).toMatchObject({ code: 1, stdout: '' });
    expect(name.stderr).toContain('no projection prestation_view: the projections are prestation_views');
  });

  it('says so when compare has nothing to compare (no rebuild yet)', async () => {
    const run = await cli(['compare', '--name', 'prestation_views']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain('prestation_views has no rebuild (no table prestation_views__rebuild): nothing to compare');
  });

  it('prints a stream as JSON, and says so when there is no such stream', async () => {
    const found = await cli(['print-stream', good[0]!]);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({
      streamId: good[0],
      version: 2,
      events: [expect.objectContaining({ type: 'PrestationEncoded', streamPosition: 1 }), expect.objectContaining({ type: 'WorkerValidated', streamPosition: 2 })],
    });
    const missing = await cli(['print-stream', 'no-such-prestation']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('no stream no-such-prestation');
  });

  it('item 2: a rebuild that meets a bad event reports stream, position and why, and stops there by default (exit 1)', async () => {
    const run = await cli(['rebuild', '--name', 'prestation_views']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(new RegExp(`rebuild of prestation_views stopped at a bad event: stream ${poisoned} #2 \\(PrestationCorrected, event [0-9a-f-]+\\): VALIDATION .*hours`));
  });

  it('item 2: with --on-bad-event skip, the bad event and the rest of its stream are left out, reported, and the rebuild goes on, then compares (JSON)', async () => {
    const run = await cli(['rebuild', '--name', 'prestation_views', '--on-bad-event', 'skip']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`bad event (skipped with the rest of its stream): stream ${poisoned} #2`);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      projection: 'prestation_views',
      from: 'postgres',
      eventsRead: expect.any(Number),
      badEvents: [{ streamId: poisoned, streamPosition: 2, type: 'PrestationCorrected', code: 'VALIDATION', reason: expect.stringContaining('hours') }],
      // Nothing is projected live in this schema: the three rows are the rebuild's, the poisoned one as of its first event.
      comparison: { liveRows: 0, rebuiltRows: 3, identical: false },
      swapped: false,
    });
    const rows = (await dataSource.query('SELECT prestation_id, status FROM prestation_views__rebuild')) as Array<{ prestation_id: string; status: string }>;
    expect(Object.fromEntries(rows.map((row) => [row.prestation_id, row.status]))).toEqual({ [good[0]!]: 'AwaitingUser', [good[1]!]: 'AwaitingWorker', [poisoned]: 'AwaitingWorker' });
    const compare = await cli(['compare', '--name', 'prestation_views']);
    expect(JSON.parse(compare.stdout)).toEqual({ liveRows: 0, rebuiltRows: 3, onlyLive: 0, onlyRebuilt: 3, identical: false });
  });

  it('rebuilds the deadline service\'s deadlines by name (ADR 0026), skipping the bad event, and swaps them in when asked', async () => {
    const run = await cli(['rebuild', '--name', 'deadlines', '--on-bad-event', 'skip', '--swap']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      projection: 'deadlines',
      badEvents: [{ streamId: poisoned, streamPosition: 2, type: 'PrestationCorrected', code: 'VALIDATION' }],
      comparison: { liveRows: 0, rebuiltRows: 3 },
      swapped: true,
    });
    // good[0] validated by its worker: the user's window runs; good[1] and the poisoned one (as of its first event) await their worker.
    const rows = (await dataSource.query('SELECT prestation_id, kind FROM deadlines')) as Array<{ prestation_id: string; kind: string }>;
    expect(Object.fromEntries(rows.map((row) => [row.prestation_id, row.kind]))).toEqual({ [good[0]!]: 'REMINDER', [good[1]!]: 'WORKER', [poisoned]: 'WORKER' });
  });

  it('needs KAFKA_BROKERS only for what reads Kafka, and says so', async () => {
    const run = await cli(['rebuild', '--name', 'prestation_views', '--from', 'kafka']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain('KAFKA_BROKERS is not set');
  });
});
