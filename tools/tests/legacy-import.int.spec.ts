import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DataSource } from 'typeorm';
import { workingDayDeadline } from '@prestaflow/calendar';
import { regions } from '@prestaflow/contracts';
import { defaultPolicy } from '@prestaflow/domain';
import { EventRelay } from '@prestaflow/event-store';
import { createDataSource, createKafka, createTopics, migrate, quoteIdentifier } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';
import { importReferenceData } from '@prestaflow/reference-data';
import { legacyPrestationId } from '../operator/legacy-import';

jest.setTimeout(300_000);

const repo = resolve(__dirname, '../..');
const LINES = 10_000;
// A Monday after the test's own clock: a deadline counted from "now" would come out earlier.
const goLive = '2026-12-07T07:00:00+01:00';
const columns = 'legacy_id,company_id,worker_id,user_id,service_date,hours,activity,legacy_status,encoded_by,channel';

const companyId = (i: number) => `04${String(i).padStart(8, '0')}`;
const workerId = (i: number) => `98${String(i).padStart(10, '0')}`;
const userId = (i: number) => `10${String(i).padStart(10, '0')}`;
const COMPANIES = 20;
const WORKERS = 200;
const USERS = 300;

/** Line i of a generated legacy export: every legacy status, both encoders, the three regions' companies. */
function legacyLine(i: number): string {
  const status = (['enregistrée', 'VALIDEE', 'modifiée', 'CORRIGEE'] as const)[i % 4]!;
  const byWorker = i % 4 >= 2 && i % 8 >= 4;
  const worker = i % WORKERS;
  const day = String(1 + (i % 28)).padStart(2, '0');
  return [`LEG-${i}`, companyId(worker % COMPANIES), workerId(worker), userId(i % USERS), `2026-11-${day}`, 1 + (i % 9), 'HOUSEHOLD_HELP', status, byWorker ? 'WORKER' : 'COMPANY', byWorker ? (i % 2 ? 'IVR' : 'APP') : ''].join(',');
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

describe('the cut-over import of the legacy export, through the operator CLI (issue #13 item 5, R10)', () => {
  let dataSource: DataSource;
  let schema: string;
  let dir: string;

  const cli = (args: string[]): Promise<Run> => {
    const started = Date.now();
    return new Promise((done) => {
      const { KAFKA_BROKERS: _kafka, ...rest } = process.env;
      execFile(
        process.execPath,
        ['-r', '@swc-node/register', 'tools/operator/cli.ts', ...args],
        { cwd: repo, env: { ...rest, DATABASE_URL: integrationEnvironment().databaseUrl, DATABASE_SCHEMA: schema, CUT_OVER: goLive }, maxBuffer: 64 * 2 ** 20 },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, seconds: (Date.now() - started) / 1000 }),
      );
    });
  };
  const file = (name: string, lines: readonly string[]) => {
    const path = join(dir, name);
    writeFileSync(path, [columns, ...lines].join('\n') + '\n');
    return path;
  };
  const count = async (table: 'events' | 'event_streams') => Number(((await dataSource.query(`SELECT count(*) AS n FROM ${table}`)) as Array<{ n: string }>)[0]!.n);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'legacy-import-'));
    schema = uniqueName('legacy_import');
    dataSource = await createDataSource({ url: integrationEnvironment().databaseUrl, schema }).initialize();
    await migrate(dataSource);
    const csv = (header: string, rows: string[]) => [header, ...rows].join('\n');
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    await importReferenceData(dataSource, 'companies', csv('company_id,name,region,language', range(COMPANIES).map((i) => `${companyId(i)},Company ${i},${regions[i % 3]},fr`)));
    await importReferenceData(dataSource, 'workers', csv('worker_id,name,language,app_installed,company_ids', range(WORKERS).map((i) => `${workerId(i)},Worker ${i},fr,yes,${companyId(i % COMPANIES)}`)));
    await importReferenceData(dataSource, 'users', csv('user_id,name,language', range(USERS).map((i) => `${userId(i)},User ${i},fr`)));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await dataSource?.destroy();
  });

  it('R10 refuses a file with bad lines whole: every bad line listed (line, column, why), nothing written', async () => {
    const good = legacyLine(1);
    const path = file('bad.csv', [
      good,
      legacyLine(2).replace(companyId(2), '0499999999'),
      legacyLine(3).replace(workerId(3), workerId(4)),
      legacyLine(5).replace(userId(5), '109999999999'),
      'LEG-B6,0400000006,980000000006,100000000006,2026-11-02,12,HOUSEHOLD_HELP,ENREGISTREE,COMPANY,',
      'LEG-B7,0400000007,980000000007,100000000007,2026-12-08,2,HOUSEHOLD_HELP,ENREGISTREE,COMPANY,',
      'LEG-B8,0400000008,980000000008,100000000008,2026-11-02,2,HOUSEHOLD_HELP,enregistrée,WORKER,APP',
      good,
      'LEG-B10,0400000010,980000000010,100000000010,2026-11-02,2,HOUSEHOLD_HELP,annulée,COMPANY,',
      'LEG-B11,0400000011,980000000011,100000000011,2026-11-02,,HOUSEHOLD_HELP,CORRIGEE,COMPANY,',
      'LEG-B12,0400000012,980000000012,100000000012,2026-11-02,3,HOUSEHOLD_HELP,CORRIGEE,COMPANY,,extra',
    ]);
    const run = await cli(['import-legacy', path, '--go-live', goLive]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      file: path,
      imported: 0,
      badLines: [
        { line: 3, field: 'company_id', why: 'no company "0499999999" is known' },
        { line: 4, field: 'worker_id', why: `worker ${workerId(4)} does not work for company ${companyId(3)}` },
        { line: 5, field: 'user_id', why: 'no user "109999999999" is known' },
        { line: 6, field: 'hours', why: expect.stringContaining('from 1 to 9') },
        { line: 7, field: 'service_date', why: 'must not be in the future' },
        { line: 8, field: 'encoded_by', why: expect.stringContaining('must be COMPANY for ENREGISTREE') },
        { line: 9, field: 'legacy_id', why: '"LEG-1" is also on line 2' },
        { line: 10, field: 'legacy_status', why: '"ANNULEE" is not one of ENREGISTREE, VALIDEE, MODIFIEE, CORRIGEE' },
        { line: 11, field: 'hours', why: 'is required' },
        { line: 12, field: 'columns', why: '11 fields where the header names 10' },
      ],
    });
    expect(run.stderr).toContain('line 3, company_id: no company "0499999999" is known');
    expect(await count('events')).toBe(0);
  });

  it(`R10 imports ${LINES} lines once each, through the command handler, to validate by the worker with the deadline counted from go-live; a rerun writes nothing`, async () => {
    const path = file('legacy.csv', Array.from({ length: LINES }, (_, i) => legacyLine(i)));
    const first = await cli(['import-legacy', path, '--go-live', goLive, '--operator', 'cut-over-test']);
    console.log(`import of ${LINES} lines: ${first.seconds.toFixed(1)} s`);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stderr).toContain(`${LINES}/${LINES}`);
    const perStatus = { lines: LINES / 4, imported: LINES / 4, alreadyImported: 0 };
    const dueAt = workingDayDeadline(defaultPolicy.calendar, goLive, defaultPolicy.regions.WALLONIA.workerValidationWorkingDays);
    expect(regions.map((region) => defaultPolicy.regions[region].workerValidationWorkingDays)).toEqual([5, 5, 5]);
    expect(JSON.parse(first.stdout)).toEqual({
      file: path,
      goLive: new Date(goLive).toISOString(),
      lines: LINES,
      imported: LINES,
      alreadyImported: 0,
      byLegacyStatus: { ENREGISTREE: perStatus, VALIDEE: perStatus, MODIFIEE: perStatus, CORRIGEE: perStatus },
      awaitingWorker: { count: LINES, deadlines: [{ dueAt, count: LINES }] },
    });
    expect(dueAt > new Date(goLive).toISOString()).toBe(true);
    expect(await count('events')).toBe(LINES);

    // The prestation id comes from the legacy id; the event carries the line, the company's region and the operator.
    const [event] = (await dataSource.query(`SELECT type, actor_id, actor_role, occurred_at, data FROM events WHERE stream_id = $1`, [legacyPrestationId('LEG-6')])) as Array<Record<string, unknown>>;
    expect(event).toMatchObject({
      type: 'LegacyPrestationImported',
      actor_id: 'cut-over-test',
      actor_role: 'OPERATOR',
      occurred_at: new Date(goLive),
      data: { companyId: companyId(6), workerId: workerId(6), region: regions[6 % 3], legacyStatus: 'MODIFIEE', encodedBy: 'WORKER', channel: 'APP', hours: 7, workerDeadline: { dueAt } },
    });

    const again = await cli(['import-legacy', path, '--go-live', goLive]);
    expect(again.code).toBe(0);
    const alreadyThere = { lines: LINES / 4, imported: 0, alreadyImported: LINES / 4 };
    expect(JSON.parse(again.stdout)).toMatchObject({
      imported: 0,
      alreadyImported: LINES,
      byLegacyStatus: { ENREGISTREE: alreadyThere, VALIDEE: alreadyThere, MODIFIEE: alreadyThere, CORRIGEE: alreadyThere },
      awaitingWorker: { count: 0, deadlines: [] },
    });
    expect([await count('events'), await count('event_streams')]).toEqual([LINES, LINES]);

    // The relay every service runs publishes them like any other event (the events table is the outbox).
    const kafka = createKafka(uniqueName('legacy-import-test'), integrationEnvironment().kafkaBrokers);
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('legacy-import');
    await createTopics(admin, [{ topic, numPartitions: 3 }]);
    await admin.disconnect();
    const relay = new EventRelay({ dataSource, kafka, topic, name: topic, batchSize: 1_000 });
    relay.start();
    try {
      const deadline = Date.now() + 120_000;
      while (relay.published < LINES && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 200));
      expect(relay.published).toBe(LINES);
    } finally {
      await relay.stop();
    }
  });
});
