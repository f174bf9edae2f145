import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { type DataSource } from 'typeorm';
import { defaultPolicy } from '@prestaflow/domain';
import { EventStore, Projector, START_OF_LOG } from '@prestaflow/event-store';
import { ControllableClock, createDataSource, migrate, quoteIdentifier } from '@prestaflow/platform';
import { integrationEnvironment, uniqueName } from '@prestaflow/platform/testing';
import { PrestationCommands } from '@prestaflow/write-side';
import { encodePrestationForWorker, facts, validateAsWorker } from '@prestaflow/testing';
import { companyExportRows, writeCsv, writeXlsx } from './company-export';
import { prestationViewProjection } from './prestation-view.projection';
import { parseCompanyViewQuery, PrestationViews } from './prestation-view.queries';

// Issue #10 item 7: what a person reads of an instant is Brussels time; the machine fields stay UTC.
describe('times shown to a company, a worker, a user: Brussels time, real PostgreSQL', () => {
  let dataSource: DataSource;
  let schema: string;
  let views: PrestationViews;
  // Worker deadlines: the end of Monday 7 December 2026 (winter, UTC+1) and of Monday 6 July 2026 (summer, UTC+2).
  const winter = { id: randomUUID(), encodedAt: '2026-11-30T09:00:00.000Z', deadline: '2026-12-07T22:59:59.999Z' };
  const summer = { id: randomUUID(), encodedAt: '2026-06-29T08:00:00.000Z', deadline: '2026-07-06T21:59:59.999Z' };
  const validated = randomUUID();

  const collect = async (write: (out: PassThrough) => Promise<void>): Promise<Buffer> => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await Promise.all([write(out), new Promise((resolve) => out.on('end', resolve))]);
    return Buffer.concat(chunks);
  };
  const exportRows = () => companyExportRows(views, facts.companyId, parseCompanyViewQuery({ sort: 'serviceDate' }), 'fr');

  beforeAll(async () => {
    schema = uniqueName('brussels_time');
    dataSource = await createDataSource({ url: integrationEnvironment().databaseUrl, schema }).initialize();
    await migrate(dataSource);
    const commands = new PrestationCommands(dataSource, defaultPolicy);
    for (const { id, encodedAt } of [winter, summer]) {
      await commands.execute({ ...encodePrestationForWorker(encodedAt, { serviceDate: encodedAt.slice(0, 10) }), prestationId: id });
    }
    await commands.execute({ ...encodePrestationForWorker(summer.encodedAt, { serviceDate: '2026-06-29' }), prestationId: validated });
    await commands.execute({ ...validateAsWorker('2026-06-30T08:00:00.000Z'), prestationId: validated });
    await new Projector(dataSource, prestationViewProjection).apply(await new EventStore(dataSource).readSnapshot(START_OF_LOG, 1_000));
    // Read before either deadline lapsed (ADR 0012), so both are still on the worker's list.
    views = new PrestationViews(dataSource, new ControllableClock(new Date('2026-06-30T09:00:00.000Z')));
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await dataSource?.destroy();
  });

  it("the company view: the worker deadline stays ISO 8601 UTC, its label is Brussels time in the company's language", async () => {
    const { items } = await views.company(facts.companyId, parseCompanyViewQuery({ status: 'TO_VALIDATE_BY_WORKER', sort: 'serviceDate' }));
    expect(items.map(({ prestationId, workerDeadline, workerDeadlineLabel }) => ({ prestationId, workerDeadline, workerDeadlineLabel }))).toEqual([
      { prestationId: summer.id, workerDeadline: summer.deadline, workerDeadlineLabel: '6 juillet 2026 à 23:59 (heure de Bruxelles)' },
      { prestationId: winter.id, workerDeadline: winter.deadline, workerDeadlineLabel: '7 décembre 2026 à 23:59 (heure de Bruxelles)' },
    ]);
    expect(await views.companyRow(facts.companyId, winter.id, 'en')).toMatchObject({ workerDeadlineLabel: '7 December 2026 at 23:59 (Brussels time)' });
  });

  it('R6: the company reads the working days left to the worker deadline, the same the worker reads', async () => {
    const { items } = await views.company(facts.companyId, parseCompanyViewQuery({ sort: 'serviceDate' }));
    const byId = new Map(items.map((item) => [item.prestationId, item.workingDaysLeft]));
    // Read on Tuesday 30 June 2026: Wednesday to Friday, then Monday 6 July, the deadline's day.
    expect(byId.get(summer.id)).toEqual(['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-06']);
    expect(byId.get(validated)).toEqual([]); // no worker deadline runs any more
    const worker = new Map((await views.workerToValidate(facts.workerId)).map((item) => [item.prestationId, item.workingDaysLeft]));
    expect(byId.get(winter.id)).toEqual(worker.get(winter.id));
    expect(byId.get(winter.id)).not.toContain('2026-11-11'); // Armistice: not a working day
    expect((await views.companyRow(facts.companyId, summer.id))?.workingDaysLeft).toEqual(byId.get(summer.id));
  });

  it("the worker's dashboard and the user's automatic confirmation: labels in Brussels time", async () => {
    expect((await views.workerToValidate(facts.workerId, 'nl')).map(({ deadline, deadlineLabel }) => ({ deadline, deadlineLabel }))).toEqual([
      { deadline: summer.deadline, deadlineLabel: '6 juli 2026 om 23:59 (Brusselse tijd)' },
      { deadline: winter.deadline, deadlineLabel: '7 december 2026 om 23:59 (Brusselse tijd)' },
    ]);
    const row = (await views.user(facts.userId, 'de')).find((item) => item.prestationId === validated);
    const at = new Date(row!.automaticConfirmationAt!);
    expect(row!.automaticConfirmationAt).toBe(at.toISOString());
    const brussels = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('de-BE', { timeZone: 'Europe/Brussels', ...options }).format(at);
    const time = brussels({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(time).not.toBe(at.toISOString().slice(11, 16)); // summer: two hours ahead of UTC
    expect(row!.automaticConfirmationLabel).toBe(`${brussels({ day: 'numeric', month: 'long', year: 'numeric' })} um ${time} (Brüsseler Zeit)`);
  });

  it('the CSV export: the deadline column in Brussels wall time, winter and summer', async () => {
    const lines = (await collect((out) => writeCsv(exportRows(), out))).toString('utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    const deadlineColumn = lines[0]!.split(',').indexOf('workerDeadline');
    const deadlines = Object.fromEntries(lines.slice(1).map((line) => [line.split(',')[0], line.split(',')[deadlineColumn]]));
    expect(deadlines).toEqual({ [winter.id]: '07/12/2026 23:59', [summer.id]: '06/07/2026 23:59', [validated]: '' });
  });

  it('the XLSX export: the deadline is a real date cell with a number format, carrying the Brussels wall time', async () => {
    const workbook = new ExcelJS.Workbook();
    const file = await collect((out) => writeXlsx(exportRows(), out));
    await workbook.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
    const sheet = workbook.getWorksheet('Prestations')!;
    const header = (sheet.getRow(1).values as unknown[]).indexOf('workerDeadline');
    const cells = new Map<string, ExcelJS.Cell>();
    sheet.eachRow((row, number) => number > 1 && cells.set(String(row.getCell(1).value), row.getCell(header)));
    for (const [id, wallTime] of [
      [winter.id, '2026-12-07T23:59:59'],
      [summer.id, '2026-07-06T23:59:59'],
    ] as const) {
      const cell = cells.get(id)!;
      expect(cell.type).toBe(ExcelJS.ValueType.Date);
      expect(cell.numFmt).toBe('dd/mm/yyyy hh:mm');
      expect((cell.value as Date).toISOString().slice(0, 19)).toBe(wallTime);
    }
    expect(cells.get(validated)!.value).toBeNull();
  });
});
