import { type Writable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { brusselsWallClock, type CompanyStatus, companyStatusLabel, formatInstantForExport, type Language } from '@prestaflow/domain';
import { type CompanyViewQuery, type PrestationViews } from './prestation-view.queries';

/**
 * The columns of the company's export files (R14), in order. Each id is followed by the
 * reference data's name as it is when exported (issue 11, ADR 0028; empty when the reference
 * data no longer has it): a spreadsheet reader sees who, a program still joins on the ids.
 */
export const exportColumns = [
  'prestationId',
  'serviceDate',
  'companyId',
  'companyName',
  'workerId',
  'workerName',
  'userId',
  'userName',
  'hours',
  'activity',
  'channel',
  'encodedBy',
  'status',
  'statusLabel',
  'workerDeadline',
  'encodingReason',
] as const;
type ExportColumn = (typeof exportColumns)[number];
type ExportRow = Record<ExportColumn, string | number | null>;

/**
 * The columns that hold an instant (ISO 8601 in the row): written in Brussels wall time, the
 * time the company reads everywhere else (issue #10): text in the CSV, a date cell in the XLSX.
 */
const instantColumns: ReadonlySet<ExportColumn> = new Set(['workerDeadline']);
/** The XLSX number format of those cells, the same figures as the CSV's (Excel's codes: mm is minutes after hh). */
const xlsxInstantFormat = 'dd/mm/yyyy hh:mm';

/**
 * The company's rows for an export, with the new statuses (R12) in the company's language (R14),
 * read page by page (keyset on service date and id) so a large export never sits in memory.
 */
export async function* companyExportRows(views: PrestationViews, companyId: string, query: CompanyViewQuery, language: Language): AsyncGenerator<ExportRow> {
  let after: { serviceDate: string; prestationId: string } | undefined;
  for (;;) {
    const page = await views.companyPage(companyId, query, after, 500);
    for (const row of page) {
      yield {
        prestationId: row.prestationId,
        serviceDate: row.serviceDate,
        companyId: row.companyId,
        companyName: row.companyName,
        workerId: row.workerId,
        workerName: row.workerName,
        userId: row.userId,
        userName: row.userName,
        hours: row.hours,
        activity: row.activity,
        channel: row.channel,
        encodedBy: row.encodedBy,
        status: row.status,
        statusLabel: companyStatusLabel(row.status as CompanyStatus, language),
        workerDeadline: row.workerDeadline,
        encodingReason: row.encodingReason,
      };
    }
    const last = page.at(-1);
    if (!last || page.length < 500) return;
    after = { serviceDate: last.serviceDate, prestationId: last.prestationId };
  }
}

/** A CSV cell: quoted when needed; a text starting like a formula is defused for spreadsheets. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Streams the rows as CSV (UTF-8 with a BOM, so spreadsheets read the accents), header first. */
export async function writeCsv(rows: AsyncIterable<ExportRow>, out: Writable): Promise<void> {
  await write(out, `\ufeff${exportColumns.join(',')}\r\n`);
  for await (const row of rows) {
    const cells = exportColumns.map((column) => {
      const value = row[column];
      return csvCell(instantColumns.has(column) && typeof value === 'string' ? formatInstantForExport(value) : value);
    });
    await write(out, `${cells.join(',')}\r\n`);
  }
  out.end();
}

/**
 * Streams the rows as an XLSX workbook (exceljs's streaming writer: each row is committed as it
 * comes). Instants are date cells showing Brussels wall time (a cell has no time zone).
 */
export async function writeXlsx(rows: AsyncIterable<ExportRow>, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Prestations');
  sheet.columns = exportColumns.map((column) => ({
    header: column,
    key: column,
    ...(instantColumns.has(column) && { style: { numFmt: xlsxInstantFormat }, width: 17 }),
  }));
  for await (const row of rows) {
    const cells: Record<string, string | number | Date | null> = { ...row };
    for (const column of instantColumns) if (typeof row[column] === 'string') cells[column] = brusselsWallClock(row[column]);
    sheet.addRow(cells).commit();
  }
  sheet.commit();
  await workbook.commit();
}
