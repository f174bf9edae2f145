import { parse } from 'csv-parse/sync';
import { type DataSource, type EntityManager } from 'typeorm';
import { requireStorableText, ValidationError } from '@prestaflow/contracts';
import { type Company, parseCompany, parseUser, parseWorker, type User, type Worker } from './reference-data';

/** A whole file refused: every problem listed with its line, nothing written. */
export class ReferenceDataImportError extends Error {
  readonly code = 'VALIDATION';
  constructor(readonly problems: readonly string[]) {
    super(`nothing imported, ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  }
}

interface Kind<T> {
  readonly columns: readonly string[];
  readonly parse: (fields: Readonly<Record<string, string>>) => T;
  /** The column that identifies a record, and its value: one line per record in a file. */
  readonly idOf: (record: T) => readonly [string, string];
  /** Problems that need the database (references to other records), by record index. */
  readonly check?: (db: EntityManager, records: readonly T[]) => Promise<Array<[number, string]>>;
  readonly save: (db: EntityManager, record: T) => Promise<void>;
}

const companies: Kind<Company> = {
  columns: ['company_id', 'name', 'region', 'language', 'email'],
  parse: parseCompany,
  idOf: (c) => ['company_id', c.companyId],
  save: (db, c) =>
    db.query(
      `INSERT INTO companies (company_id, name, region, language, email) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (company_id) DO UPDATE SET name = $2, region = $3, language = $4, email = $5`,
      [c.companyId, c.name, c.region, c.language, c.email],
    ),
};

const workers: Kind<Worker> = {
  columns: ['worker_id', 'name', 'language', 'email', 'app_installed', 'company_ids'],
  parse: parseWorker,
  idOf: (w) => ['worker_id', w.workerId],
  check: async (db, records) => {
    const known = new Set(
      ((await db.query('SELECT company_id FROM companies WHERE company_id = ANY($1)', [records.flatMap((w) => w.companyIds)])) as Array<{ company_id: string }>).map(
        (row) => row.company_id,
      ),
    );
    return records.flatMap((worker, index) =>
      worker.companyIds.filter((id) => !known.has(id)).map((id): [number, string] => [index, `company_ids: company "${id}" is not known (import companies first)`]),
    );
  },
  save: async (db, w) => {
    await db.query(
      `INSERT INTO workers (worker_id, name, language, email, app_installed) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (worker_id) DO UPDATE SET name = $2, language = $3, email = $4, app_installed = $5`,
      [w.workerId, w.name, w.language, w.email, w.appInstalled],
    );
    await db.query('DELETE FROM worker_employments WHERE worker_id = $1', [w.workerId]);
    await db.query('INSERT INTO worker_employments (worker_id, company_id) SELECT $1, unnest($2::text[])', [w.workerId, w.companyIds]);
  },
};

const users: Kind<User> = {
  columns: ['user_id', 'name', 'language', 'email'],
  parse: parseUser,
  idOf: (u) => ['user_id', u.userId],
  save: (db, u) =>
    db.query(
      `INSERT INTO users (user_id, name, language, email) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET name = $2, language = $3, email = $4`,
      [u.userId, u.name, u.language, u.email],
    ),
};

export const referenceDataKinds = { companies, workers, users } as const;
export type ReferenceDataKind = keyof typeof referenceDataKinds;

const MAX_PROBLEMS_LISTED = 50;

/**
 * Imports one CSV file (header line first) of companies, workers or users: every record is
 * checked first, and either all are saved (inserted or updated) in one transaction or none.
 */
export async function importReferenceData(dataSource: DataSource, kind: ReferenceDataKind, csv: string): Promise<number> {
  const definition = referenceDataKinds[kind] as Kind<unknown>;
  let rows: Array<Record<string, string>>;
  // The header as read, even when no line follows it (second trial: a header alone was said to miss its columns).
  let header: string[] = [];
  try {
    rows = parse(csv, { columns: (names: string[]) => (header = names), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new ReferenceDataImportError([`not a readable CSV file: ${(error as Error).message}`]);
  }
  const columns = definition.columns.join(', ');
  if (header.length === 0) throw new ReferenceDataImportError([`the file is empty: its first line names the columns ${columns}`]);
  // Belgian spreadsheets save CSV with semicolons: said as such, not as every column missing.
  if (header.length === 1 && header[0]?.includes(';')) throw new ReferenceDataImportError([`the columns are separated by semicolons: separate them with commas (${columns})`]);
  const missing = definition.columns.filter((column) => !header.includes(column) && column !== 'email');
  if (missing.length > 0) throw new ReferenceDataImportError([`the header must name the columns ${columns} (missing: ${missing.join(', ')})`]);
  if (rows.length === 0) throw new ReferenceDataImportError(['the file has no line after its header']);

  const problems: string[] = [];
  const records: unknown[] = [];
  // Line numbers as a spreadsheet shows them: the header is line 1.
  // A record twice in one file: refused, where the last line silently won (newcomer trial).
  const lineOf = new Map<string, number>();
  rows.forEach((fields, index) => {
    try {
      requireStorableText(fields, '');
      const record = definition.parse(fields);
      const [column, id] = definition.idOf(record);
      const first = lineOf.get(id);
      if (first !== undefined) throw new ValidationError(column, `"${id}" is also on line ${first}: one line each`);
      lineOf.set(id, index + 2);
      records.push(record);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(`line ${index + 2}, ${error.message}`);
    }
  });
  if (problems.length > 0) throw new ReferenceDataImportError(problems.slice(0, MAX_PROBLEMS_LISTED));

  await dataSource.transaction(async (db) => {
    const referenceProblems = (await definition.check?.(db, records)) ?? [];
    if (referenceProblems.length > 0) {
      throw new ReferenceDataImportError(referenceProblems.slice(0, MAX_PROBLEMS_LISTED).map(([index, problem]) => `line ${index + 2}, ${problem}`));
    }
    for (const record of records) await definition.save(db, record);
  });
  return records.length;
}
