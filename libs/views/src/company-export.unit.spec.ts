import { PassThrough } from 'node:stream';
import { type ExportReader, type ExportRow, exportColumns, writeCsv } from './company-export';

/** One row as companyExportRows yields it: half hours, a reason with the separators in it. */
const row = {
  ...Object.fromEntries(exportColumns.map((column) => [column, null])),
  prestationId: 'p-1',
  serviceDate: '2026-11-27',
  hours: 3.5,
  activity: 'HOUSEHOLD_HELP',
  status: 'CONFIRMED',
  statusLabel: 'Confirmée',
  encodingReason: 'pas de réseau; "urgent", merci',
} as ExportRow;

async function csvFor(reader: ExportReader): Promise<string[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeCsv((async function* () { yield row; })(), out, reader);
  const bytes = Buffer.concat(chunks);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString('utf8').split('\r\n');
}

describe('the company export as CSV (R14, issue 11)', () => {
  it('for a French reader: `;`, a decimal comma, the activity label; a cell holding `;` or a quote is quoted', async () => {
    const [header, line] = await csvFor('fr');
    expect(header!.split(';')).toHaveLength(exportColumns.length);
    expect(line).toBe('p-1;2026-11-27;;;;;;;3,5;Aide ménagère;;;CONFIRMED;Confirmée;;"pas de réseau; ""urgent"", merci"');
  });

  it('for a Dutch and a German reader: the same dialect, their labels', async () => {
    expect((await csvFor('nl'))[1]).toContain(';3,5;Huishoudelijke hulp;');
    expect((await csvFor('de'))[1]).toContain(';3,5;Haushaltshilfe;');
  });

  it('for an English reader: `,` and a decimal point', async () => {
    const [header, line] = await csvFor('en');
    expect(header).toMatch(/^Prestation ID,Date,/);
    expect(line).toContain(',3.5,Household help,');
  });

  it('for a program (no language asked): the file as before, column ids and codes', async () => {
    const [header, line] = await csvFor(undefined);
    expect(header).toBe(exportColumns.join(','));
    expect(line).toContain(',3.5,HOUSEHOLD_HELP,');
  });
});
