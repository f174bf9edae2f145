// The cut-over import (R10, ADR 0023): prestations still in flight in the legacy system at go-live
// enter "to validate by the worker" through the prestation store's command handler, one
// ImportLegacyPrestation per line, with a prestation id derived from the legacy id.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { type DataSource } from 'typeorm';
import {
  activities,
  type Actor,
  type Deadline,
  DomainError,
  IllegalStateError,
  type ImportLegacyPrestation,
  type Instant,
  legacyStatuses,
  type LegacyStatus,
  type Region,
  ValidationError,
} from '@prestaflow/contracts';
import { type DecisionPolicy, prestationDecider } from '@prestaflow/domain';
import { PrestationCommands, ReferenceChecks } from '@prestaflow/write-side';

/** The legacy export's columns, header line first (README, "Cut-over import"). */
const legacyColumns = ['legacy_id', 'company_id', 'worker_id', 'user_id', 'service_date', 'hours', 'activity', 'legacy_status', 'encoded_by', 'channel'] as const;
type Column = (typeof legacyColumns)[number];
/** `channel` may be empty when the company encoded it (it is then COMPANY). */
const requiredColumns = legacyColumns.filter((column) => column !== 'channel');

/** One refused line: its line number in the file (the header is line 1), the column, why. */
export interface BadLine {
  readonly line: number;
  /** A column, or `columns` for a line with more fields than the header, `file` for the file. */
  readonly field: Column | 'columns' | 'file';
  readonly why: string;
}

/** A legacy export refused whole: every bad line listed, nothing written. */
export class LegacyExportRefused extends Error {
  readonly code = 'VALIDATION';
  constructor(readonly badLines: readonly BadLine[]) {
    super(`nothing imported: ${badLines.length} bad line(s)`);
  }
}

/** A line that passed every check, as the command it becomes. */
export interface LegacyLine {
  readonly line: number;
  readonly legacyId: string;
  readonly command: ImportLegacyPrestation;
}

// A fixed namespace, so that a legacy id always gives the same prestation id (RFC 9562 v5).
const LEGACY_ID_NAMESPACE = Buffer.from('6c1f0b52e0a94c7f9d3e2b8a4f5d7c19', 'hex');

/** The prestation id of a legacy id: a name-based UUID (v5), so a rerun meets its own stream. */
export function legacyPrestationId(legacyId: string): string {
  const hash = createHash('sha1').update(LEGACY_ID_NAMESPACE).update(legacyId, 'utf8').digest().subarray(0, 16);
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6); // version 5
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8); // RFC 9562 variant
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The decider names the command's fields; the operator reads the file's columns.
const columnOfField: Readonly<Record<string, Column>> = {
  'data.companyId': 'company_id',
  'data.workerId': 'worker_id',
  'data.userId': 'user_id',
  'data.serviceDate': 'service_date',
  'data.hours': 'hours',
  'data.activity': 'activity',
  'data.legacyStatus': 'legacy_status',
  'data.encodedBy': 'encoded_by',
  'data.channel': 'channel',
  'data.region': 'company_id',
};

class BadField extends Error {
  constructor(
    readonly field: Column,
    readonly why: string,
  ) {
    super(`${field}: ${why}`);
  }
}

const upperCase = (value: string) => value.toUpperCase();
// "enregistrée", "Validée": the legacy system's own labels are accepted as well as ENREGISTREE.
const withoutAccents = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toUpperCase();

function text(fields: Readonly<Record<string, string | undefined>>, column: Column): string {
  const value = fields[column]?.trim();
  if (!value) throw new BadField(column, 'is required');
  return value;
}

function oneOf<T extends string>(fields: Readonly<Record<string, string | undefined>>, column: Column, allowed: readonly T[], normalise: (value: string) => string): T {
  const value = normalise(text(fields, column));
  if (!(allowed as readonly string[]).includes(value)) throw new BadField(column, `"${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** The command of one line, its values parsed; the decider checks them next. */
function commandOf(fields: Readonly<Record<string, string | undefined>>, goLive: Instant, actor: Actor): ImportLegacyPrestation {
  const hours = Number(text(fields, 'hours'));
  if (!Number.isFinite(hours)) throw new BadField('hours', `"${fields['hours']}" is not a number`);
  const encodedBy = oneOf(fields, 'encoded_by', ['WORKER', 'COMPANY'] as const, upperCase);
  return {
    type: 'ImportLegacyPrestation',
    prestationId: legacyPrestationId(text(fields, 'legacy_id')),
    data: {
      companyId: text(fields, 'company_id'),
      workerId: text(fields, 'worker_id'),
      userId: text(fields, 'user_id'),
      serviceDate: text(fields, 'service_date'),
      hours,
      activity: oneOf(fields, 'activity', activities, upperCase),
      legacyStatus: oneOf<LegacyStatus>(fields, 'legacy_status', legacyStatuses, withoutAccents),
      encodedBy,
      channel: encodedBy === 'COMPANY' && !fields['channel']?.trim() ? 'COMPANY' : oneOf(fields, 'channel', ['APP', 'IVR', 'COMPANY'] as const, upperCase),
    },
    metadata: { now: goLive, actor },
  };
}

const problemOf = (line: number, error: unknown): BadLine => {
  if (error instanceof BadField) return { line, field: error.field, why: error.why };
  if (error instanceof ValidationError) return { line, field: columnOfField[error.field] ?? 'file', why: error.problem };
  throw error;
};

/** Runs `work` on every item with at most `inFlight` at a time; the first failure stops it. */
async function forEachInFlight<T>(items: readonly T[], inFlight: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(inFlight, items.length)) }, lane));
}

export interface CheckOptions {
  /** The go-live instant: the commands' `now`, so the worker's deadline counts from it (R10). */
  readonly goLive: Instant;
  readonly actor: Actor;
  readonly policy: DecisionPolicy;
  readonly inFlight: number;
  /** Lines checked by the decider so far (the reference data is looked up after). */
  readonly onProgress?: (processed: number, total: number) => void;
}

/**
 * Checks every line of a legacy export and returns the commands, or throws LegacyExportRefused
 * listing every bad line (line, column, why); reads only, writes nothing. Each line is checked
 * as the encoding service checks an encoding: its values by the decider itself (deciding on a
 * new stream, nothing appended), its company, worker (employed there) and user against the
 * reference data (ReferenceChecks, which also gives the company's region, R19).
 */
export async function checkLegacyExport(dataSource: DataSource, csv: string, options: CheckOptions): Promise<LegacyLine[]> {
  // relax_column_count: a short line is checked field by field (a missing field "is required"),
  // a long one is refused by its count here, so that every line is listed, not only the first.
  let rows: Array<{ record: Record<string, string>; info: { lines: number; error?: { record?: unknown[] } } }>;
  try {
    rows = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true, info: true });
  } catch (error) {
    throw new LegacyExportRefused([{ line: (error as { lines?: number }).lines ?? 1, field: 'file', why: `not a readable CSV file: ${(error as Error).message}` }]);
  }
  const header = Object.keys(rows[0]?.record ?? {});
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (rows.length === 0 || missing.length > 0) {
    throw new LegacyExportRefused([{ line: 1, field: 'file', why: `the header must name the columns ${legacyColumns.join(', ')}${missing.length ? ` (missing: ${missing.join(', ')})` : ''}` }]);
  }

  const decider = prestationDecider(options.policy);
  const badLines: BadLine[] = [];
  const parsed: LegacyLine[] = [];
  const lineOfLegacyId = new Map<string, number>();
  for (const [index, { record, info }] of rows.entries()) {
    options.onProgress?.(index + 1, rows.length);
    const line = info.lines;
    const fields = info.error?.record?.length ?? 0;
    if (fields > header.length) {
      badLines.push({ line, field: 'columns', why: `${fields} fields where the header names ${header.length}` });
      continue;
    }
    try {
      const command = commandOf(record, options.goLive, options.actor);
      const legacyId = text(record, 'legacy_id');
      const first = lineOfLegacyId.get(legacyId);
      if (first !== undefined) throw new BadField('legacy_id', `"${legacyId}" is also on line ${first}`);
      lineOfLegacyId.set(legacyId, line);
      decider.decide(command, decider.initialState());
      parsed.push({ line, legacyId, command });
    } catch (error) {
      badLines.push(problemOf(line, error));
    }
  }

  // Many lines name the same company, worker and user: each combination is looked up once.
  const references = new ReferenceChecks(dataSource);
  const lookups = new Map<string, Promise<Region>>();
  const checked: LegacyLine[] = [];
  await forEachInFlight(parsed, options.inFlight, async (legacy) => {
    const { companyId, workerId, userId } = legacy.command.data;
    const key = `${companyId}\u0000${workerId}\u0000${userId}`;
    if (!lookups.has(key)) lookups.set(key, references.forEncoding({ companyId, workerId, userId }));
    try {
      const region = await (lookups.get(key) as Promise<Region>);
      checked.push({ ...legacy, command: { ...legacy.command, data: { ...legacy.command.data, region } } });
    } catch (error) {
      badLines.push(problemOf(legacy.line, error));
    }
  });
  if (badLines.length > 0) throw new LegacyExportRefused(badLines.sort((a, b) => a.line - b.line));
  return checked.sort((a, b) => a.line - b.line);
}

export interface LegacyImportReport {
  readonly goLive: Instant;
  readonly lines: number;
  /** Imported by this run. */
  readonly imported: number;
  /** Found already imported (an earlier run): nothing written for them. */
  readonly alreadyImported: number;
  readonly byLegacyStatus: Readonly<Record<LegacyStatus, { readonly lines: number; readonly imported: number; readonly alreadyImported: number }>>;
  /** The prestations this run put before the worker, by deadline (counted from go-live, R10). */
  readonly awaitingWorker: { readonly count: number; readonly deadlines: ReadonlyArray<{ readonly dueAt: Instant; readonly count: number }> };
}

export interface ImportOptions {
  readonly policy: DecisionPolicy;
  readonly goLive: Instant;
  readonly inFlight: number;
  readonly onProgress?: (processed: number, total: number) => void;
}

/**
 * Imports checked lines through PrestationCommands (the contract checks before append; the
 * services' relay publishes what is committed), `inFlight` commands at a time. Idempotent: a
 * line whose prestation id already has a stream is counted as already imported and nothing is
 * written for it (the decider refuses a second import of a stream too, which covers two runs at
 * once). A failure (database away) stops the run; what was committed stays and a rerun resumes.
 */
export async function importLegacyLines(dataSource: DataSource, lines: readonly LegacyLine[], options: ImportOptions): Promise<LegacyImportReport> {
  const commands = new PrestationCommands(dataSource, options.policy);
  const existing = new Set(
    ((await dataSource.query('SELECT stream_id FROM event_streams WHERE stream_id = ANY($1)', [lines.map(({ command }) => command.prestationId)])) as Array<{ stream_id: string }>).map(
      (row) => row.stream_id,
    ),
  );
  const byLegacyStatus = Object.fromEntries(legacyStatuses.map((status) => [status, { lines: 0, imported: 0, alreadyImported: 0 }])) as Record<
    LegacyStatus,
    { lines: number; imported: number; alreadyImported: number }
  >;
  const deadlines = new Map<Instant, number>();
  let processed = 0;
  const done = (status: LegacyStatus, outcome: 'imported' | 'alreadyImported') => {
    byLegacyStatus[status][outcome]++;
    options.onProgress?.(++processed, lines.length);
  };
  for (const { command } of lines) byLegacyStatus[command.data.legacyStatus].lines++;

  await forEachInFlight(lines, options.inFlight, async ({ command }) => {
    if (existing.has(command.prestationId)) return done(command.data.legacyStatus, 'alreadyImported');
    try {
      const { state } = await commands.execute(command);
      if (state.status === 'AwaitingWorker') countDeadline(deadlines, state.workerDeadline);
      done(command.data.legacyStatus, 'imported');
    } catch (error) {
      if (!(error instanceof IllegalStateError)) throw error instanceof DomainError ? new Error(`prestation ${command.prestationId}: ${error.message}`) : error;
      done(command.data.legacyStatus, 'alreadyImported');
    }
  });

  const imported = legacyStatuses.reduce((sum, status) => sum + byLegacyStatus[status].imported, 0);
  return {
    goLive: options.goLive,
    lines: lines.length,
    imported,
    alreadyImported: lines.length - imported,
    byLegacyStatus,
    awaitingWorker: {
      count: [...deadlines.values()].reduce((sum, count) => sum + count, 0),
      deadlines: [...deadlines].sort(([a], [b]) => a.localeCompare(b)).map(([dueAt, count]) => ({ dueAt, count })),
    },
  };
}

const countDeadline = (deadlines: Map<Instant, number>, { dueAt }: Deadline) => deadlines.set(dueAt, (deadlines.get(dueAt) ?? 0) + 1);
