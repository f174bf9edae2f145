import { type Writable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { activityLabels, brusselsWallClock, type CompanyStatus, companyStatusLabel, formatInstantForExport, type Language } from '@prestaflow/domain';
import { type Activity } from '@prestaflow/contracts';
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
export type ExportRow = Record<ExportColumn, string | number | null>;

/**
 * For whom a file is written (R14, issue 11): `undefined` for programs (the column ids above as
 * headers, activity codes, `,` and `.`: the file as it always was); a language for a person (the
 * headers and activities in it; for fr/nl/de `;` and a decimal comma, what a Belgian Excel opens).
 */
export type ExportReader = Language | undefined;

/** The headers a person reads, per column and language. */
const columnHeaders: Readonly<Record<ExportColumn, Readonly<Record<Language, string>>>> = {
  prestationId: { fr: 'ID prestation', nl: 'ID prestatie', de: 'ID Leistung', en: 'Prestation ID' },
  serviceDate: { fr: 'Date', nl: 'Datum', de: 'Datum', en: 'Date' },
  companyId: { fr: 'ID entreprise', nl: 'ID onderneming', de: 'ID Unternehmen', en: 'Company ID' },
  companyName: { fr: 'Entreprise', nl: 'Onderneming', de: 'Unternehmen', en: 'Company' },
  workerId: { fr: 'ID travailleur·euse', nl: 'ID werknemer', de: 'ID Arbeitnehmer', en: 'Worker ID' },
  workerName: { fr: 'Travailleur·euse', nl: 'Werknemer', de: 'Arbeitnehmer', en: 'Worker' },
  userId: { fr: 'ID utilisateur·rice', nl: 'ID gebruiker', de: 'ID Nutzer', en: 'User ID' },
  userName: { fr: 'Utilisateur·rice', nl: 'Gebruiker', de: 'Nutzer', en: 'User' },
  hours: { fr: 'Heures', nl: 'Uren', de: 'Stunden', en: 'Hours' },
  activity: { fr: 'Activité', nl: 'Activiteit', de: 'Tätigkeit', en: 'Activity' },
  channel: { fr: 'Canal', nl: 'Kanaal', de: 'Kanal', en: 'Channel' },
  encodedBy: { fr: 'Encodée par', nl: 'Ingevoerd door', de: 'Erfasst von', en: 'Encoded by' },
  status: { fr: 'Code du statut', nl: 'Statuscode', de: 'Statuscode', en: 'Status code' },
  statusLabel: { fr: 'Statut', nl: 'Status', de: 'Status', en: 'Status' },
  workerDeadline: { fr: 'Échéance travailleur·euse', nl: 'Uiterste datum werknemer', de: 'Frist Arbeitnehmer', en: 'Worker deadline' },
  encodingReason: { fr: "Motif de l'encodage", nl: 'Reden van invoer', de: 'Grund der Erfassung', en: 'Encoding reason' },
};

/** The header line's cells for this reader. */
const headersFor = (reader: ExportReader): string[] => exportColumns.map((column) => (reader ? columnHeaders[column][reader] : column));

/** A row as this reader reads it: the activity's label for a person, its code for a program. */
const rowFor = (row: ExportRow, reader: ExportReader): ExportRow =>
  reader && typeof row.activity === 'string' ? { ...row, activity: activityLabels[row.activity as Activity][reader] } : row;

/** How a CSV is written: its separator, numbers, and the texts that need quotes (never a decimal comma, so Excel reads a number). */
type CsvDialect = { readonly separator: string; readonly number: (value: number) => string; readonly needsQuotes: RegExp };

/** The CSV's dialect: the Belgian Excel locale (`;`, decimal comma) for fr/nl/de, else `,` and a decimal point. */
function csvDialect(reader: ExportReader): CsvDialect {
  if (!reader || reader === 'en') return { separator: ',', number: String, needsQuotes: /[",;\r\n]/ };
  const format = new Intl.NumberFormat(`${reader}-BE`, { useGrouping: false, maximumFractionDigits: 2 });
  return { separator: ';', number: (value) => format.format(value), needsQuotes: /[";\r\n]/ };
}

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
function csvCell(value: string | number | null, dialect: CsvDialect): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? dialect.number(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return dialect.needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Streams the rows as CSV (UTF-8 with a BOM, so spreadsheets read the accents), header first, for
 * this reader (see ExportReader): a Belgian Excel opens the fr/nl/de file in columns with a double click.
 */
export async function writeCsv(rows: AsyncIterable<ExportRow>, out: Writable, reader?: ExportReader): Promise<void> {
  const dialect = csvDialect(reader);
  const line = (cells: (string | number | null)[]) => `${cells.map((cell) => csvCell(cell, dialect)).join(dialect.separator)}\r\n`;
  await write(out, `\ufeff${line(headersFor(reader))}`);
  for await (const row of rows) {
    const read = rowFor(row, reader);
    const cells = exportColumns.map((column) => {
      const value = read[column];
      return instantColumns.has(column) && typeof value === 'string' ? formatInstantForExport(value) : value;
    });
    await write(out, line(cells));
  }
  out.end();
}

/**
 * Streams the rows as an XLSX workbook (exceljs's streaming writer: each row is committed as it
 * comes), headers and activities for this reader (see ExportReader; numbers stay number cells).
 * Instants are date cells showing Brussels wall time (a cell has no time zone).
 */
export async function writeXlsx(rows: AsyncIterable<ExportRow>, out: Writable, reader?: ExportReader): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Prestations');
  const headers = headersFor(reader);
  sheet.columns = exportColumns.map((column, index) => ({
    header: headers[index],
    key: column,
    ...(instantColumns.has(column) && { style: { numFmt: xlsxInstantFormat }, width: 17 }),
  }));
  for await (const row of rows) {
    const cells: Record<string, string | number | Date | null> = { ...rowFor(row, reader) };
    for (const column of instantColumns) if (typeof row[column] === 'string') cells[column] = brusselsWallClock(row[column]);
    sheet.addRow(cells).commit();
  }
  sheet.commit();
  await workbook.commit();
}
