import { activities, earliestDate, isPlatformDate, type LocalDate, twelveDigits, ValidationError } from '@prestaflow/contracts';
import {
  automaticConfirmationAt,
  type CompanyStatus,
  companyDeadlineAt,
  companyStatus,
  prestationAt,
  companyStatusLabel,
  encodedByLabel,
  formatInstant,
  type Language,
  userAwaiting,
  userMayDecideIn,
  userStatusLabel,
  type UserStatus,
  workerColourLegend,
  workerHistoryEntry,
  workerMayDecide,
  workerWorkingDaysLeft,
} from '@prestaflow/domain';
import { type Sql } from '@prestaflow/event-store';
import { type Clock } from '@prestaflow/platform';
import { prestationViewProjection, type PrestationViewRow } from './prestation-view.projection';
import { type CompanyItem, type CompanyPage, type CompanyShare, type OperatorShare, type UserItem, type WorkerHistory, type WorkerToValidate } from './view-answers';

const companyStatuses: readonly CompanyStatus[] = [
  'TO_VALIDATE_BY_COMPANY',
  'TO_VALIDATE_BY_WORKER',
  'CONTESTED_BY_WORKER',
  'VALIDATED_BY_WORKER',
  'VALIDATED_AUTOMATICALLY',
  'VALIDATED_BY_COMPANY',
  'CONTESTED_BY_USER',
  'CONFIRMED',
  'CANCELLED',
];
const languages: readonly Language[] = ['fr', 'nl', 'de', 'en'];

/** Sort keys of the company view and their columns; `-` in front sorts descending. A Map: a client's key never reaches a prototype. */
type SortKey = 'serviceDate' | 'status' | 'workerId' | 'workerName' | 'hours' | 'updatedAt';
const sortColumns = new Map<string, string>([
  ['serviceDate', 'service_date'],
  ['status', 'company_status'],
  ['workerId', 'worker_id'],
  // The output column of `namedRows`: the table shows names, so it sorts by them (issue 11).
  ['workerName', 'worker_name'],
  ['hours', 'hours'],
  ['updatedAt', 'updated_at'],
] satisfies Array<[SortKey, string]>);

export interface CompanyViewQuery {
  readonly status?: CompanyStatus;
  readonly workerId?: string;
  readonly userId?: string;
  readonly from?: LocalDate;
  readonly to?: LocalDate;
  readonly page: number;
  readonly pageSize: number;
  readonly sort: SortKey;
  readonly descending: boolean;
  readonly language?: Language;
}

type Query = Readonly<Record<string, unknown>>;

function optional(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new ValidationError(name, 'must be given once');
  return value;
}

function date(query: Query, name: string): LocalDate | undefined {
  const value = optional(query, name);
  if (value !== undefined && !isPlatformDate(value)) throw new ValidationError(name, `must be a date YYYY-MM-DD, from ${earliestDate}`);
  return value;
}

const twelveDigitsForm = new RegExp(twelveDigits.pattern);

/** A worker or user id filter: 12 digits, as every such id (a typo is said, not answered with an empty list). */
function personId(query: Query, name: string): string | undefined {
  const value = optional(query, name);
  if (value !== undefined && !twelveDigitsForm.test(value)) throw new ValidationError(name, 'must be 12 digits');
  return value;
}

function whole(query: Query, name: string, fallback: number, max: number): number {
  const value = optional(query, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) throw new ValidationError(name, `must be a whole number from 1 to ${max}`);
  return n;
}

export function language(query: Query): Language | undefined {
  const value = optional(query, 'language');
  if (value !== undefined && !(languages as readonly string[]).includes(value)) throw new ValidationError('language', `must be one of ${languages.join(', ')}`);
  return value as Language | undefined;
}

/** The company view's query string: filters, paging, sorting; a ValidationError names a bad parameter. */
export function parseCompanyViewQuery(query: Query): CompanyViewQuery {
  const status = optional(query, 'status');
  if (status !== undefined && !(companyStatuses as readonly string[]).includes(status)) {
    throw new ValidationError('status', `must be one of ${companyStatuses.join(', ')}`);
  }
  const sortParameter = optional(query, 'sort') ?? '-serviceDate';
  const sort = sortParameter.replace(/^-/, '');
  if (!sortColumns.has(sort)) throw new ValidationError('sort', `must be one of ${[...sortColumns.keys()].join(', ')}, with - in front for descending`);
  const from = date(query, 'from');
  const to = date(query, 'to');
  if (from && to && to < from) throw new ValidationError('to', 'must not be before from');
  return {
    status: status as CompanyStatus | undefined,
    workerId: personId(query, 'workerId'),
    userId: personId(query, 'userId'),
    from,
    to,
    page: whole(query, 'page', 1, 1_000_000),
    pageSize: whole(query, 'pageSize', 50, 500),
    sort: sort as SortKey,
    descending: sortParameter.startsWith('-'),
    language: language(query),
  };
}

const isoInstant = (value: unknown): string | null => (value === null || value === undefined ? null : new Date(value as string).toISOString());
/** An instant as a person reads it, in Brussels time and their language (issue #10); null stays null. */
const instantLabel = (value: unknown, language: Language): string | null => {
  const instant = isoInstant(value);
  return instant === null ? null : formatInstant(instant, language);
};
/**
 * A `date` column as `YYYY-MM-DD`: pg hands it over as local midnight of the process's zone, so
 * its local fields are the day (what luxon's fromJSDate/toISODate read, without a DateTime per row).
 */
const isoDate = (value: unknown): LocalDate =>
  value instanceof Date
    ? `${String(value.getFullYear()).padStart(4, '0')}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`
    : String(value).slice(0, 10);

/** A view row with the reference-data names of its company, worker and user (null when the reference data no longer has them). */
export type NamedViewRow = PrestationViewRow & {
  readonly company_name: string | null;
  readonly worker_name: string | null;
  readonly user_name: string | null;
  /** The stream position of the last event in the row (its projection checkpoint, written in the row's transaction); a bigint, so text. */
  readonly stream_version: string;
};

/**
 * The view's rows with the names of the people on them, looked up at read time in the reference
 * tables (issue 11, ADR 0028): the projection stays a pure fold of the log (rebuildable) and a
 * re-imported name shows at once. Subqueries rather than joins, so that the filters and the
 * ordering keep naming the view's own columns, and Postgres looks the names up only for the rows
 * of the page (after the sort and the limit).
 */
const namedRows = `SELECT *,
  (SELECT c.name FROM companies c WHERE c.company_id = prestation_views.company_id) AS company_name,
  (SELECT w.name FROM workers w WHERE w.worker_id = prestation_views.worker_id) AS worker_name,
  (SELECT u.name FROM users u WHERE u.user_id = prestation_views.user_id) AS user_name,
  (SELECT p.stream_position FROM projection_checkpoints p WHERE p.projection = '${prestationViewProjection.name}' AND p.stream_id = prestation_views.prestation_id) AS stream_version
  FROM prestation_views`;

/** The fields every audience sees of a prestation, with the names of the company, the worker and the user (the household). */
function common(row: NamedViewRow): Pick<CompanyItem, 'prestationId' | 'companyId' | 'companyName' | 'workerId' | 'workerName' | 'userId' | 'userName' | 'serviceDate' | 'hours' | 'activity' | 'channel' | 'encodedBy' | 'version' | 'streamVersion'> {
  return {
    prestationId: row.prestation_id,
    companyId: row.company_id,
    companyName: row.company_name,
    workerId: row.worker_id,
    workerName: row.worker_name,
    userId: row.user_id,
    userName: row.user_name,
    serviceDate: isoDate(row.service_date),
    hours: row.hours,
    activity: row.activity as CompanyItem['activity'],
    channel: row.channel,
    encodedBy: row.encoded_by as CompanyItem['encodedBy'],
    version: row.version,
    streamVersion: Number(row.stream_version),
  };
}

/** The company's own rows, narrowed by the view's filters. */
function companyFilter(companyId: string, query: CompanyViewQuery): { where: string; parameters: unknown[] } {
  const conditions = ['company_id = $1'];
  const parameters: unknown[] = [companyId];
  const add = (condition: string, value: unknown) => {
    parameters.push(value);
    conditions.push(condition.replace('?', `$${parameters.length}`));
  };
  if (query.status) add('company_status = ?', query.status);
  if (query.workerId) add('worker_id = ?', query.workerId);
  if (query.userId) add('user_id = ?', query.userId);
  if (query.from) add('service_date >= ?::date', query.from);
  if (query.to) add('service_date <= ?::date', query.to);
  return { where: conditions.join(' AND '), parameters };
}

const companyItem = (row: NamedViewRow): Omit<CompanyItem, keyof ReturnType<typeof companyReading>> => ({
  ...common(row),
  status: row.company_status as CompanyStatus,
  encodingReason: row.encoding_reason,
  correctionReason: row.correction_reason,
  workerDeadline: isoInstant(row.worker_deadline),
});

/** R8, R17: when the user's step confirms itself, as an instant and as the user reads it. */
const automaticConfirmation = (row: PrestationViewRow, language: Language) => {
  const at = automaticConfirmationAt(row.state);
  return { automaticConfirmationAt: at, automaticConfirmationLabel: instantLabel(at, language) };
};

/**
 * What the company reads on a row, in its language and at the read instant `now`: the status
 * (R12), the worker deadline in Brussels time and the working days left to it (R6, as the worker reads them).
 */
const companyReading = (row: PrestationViewRow, workerDeadline: string | null, language: Language, now: string) => {
  const own = companyDeadlineAt(row.state, now);
  return {
    statusLabel: companyStatusLabel(row.company_status as CompanyStatus, language),
    workerDeadlineLabel: workerDeadline === null ? null : formatInstant(workerDeadline, language),
    workingDaysLeft: workerWorkingDaysLeft(row.state, now),
    companyDeadline: own?.dueAt ?? null,
    companyWorkingDaysLeft: own?.workingDaysLeft ?? [],
  };
};

/** A company row as the company reads it; the worker deadline written once (a Date from pg) for both its fields. */
function companyRowRead(row: NamedViewRow, language: Language, now: string): CompanyItem {
  const item = companyItem(row);
  return { ...item, ...companyReading(row, item.workerDeadline, language, now) };
}

/**
 * The queries of the company portal, the worker app and the user space, on prestation_views.
 * Each takes the owner's id: a caller only ever reads its own rows. What a person may do is
 * decided at the read instant (`clock`), not when the row was last written: a deadline that has
 * passed is lapsed even if the deadline service has not fired it yet (ADR 0012).
 */
export class PrestationViews {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async languageOf(table: 'companies' | 'workers' | 'users', column: string, id: string, requested?: Language): Promise<Language> {
    if (requested) return requested;
    const [row] = (await this.sql.query(`SELECT language FROM ${table} WHERE ${column} = $1`, [id])) as Array<{ language: Language }>;
    return row?.language ?? 'fr';
  }

  /** The company's language, or the one asked for: labels, exports (R14). */
  companyLanguage(companyId: string, requested?: Language): Promise<Language> {
    return this.languageOf('companies', 'company_id', companyId, requested);
  }

  /** R12: the company's statuses in its language; who encoded it and why; the worker deadline and its working days left (R6); the worker and user by name (issue 11). */
  async company(companyId: string, query: CompanyViewQuery): Promise<CompanyPage> {
    const now = this.now();
    const { where, parameters } = companyFilter(companyId, query);
    const order = `${sortColumns.get(query.sort)} ${query.descending ? 'DESC' : 'ASC'}, prestation_id`;
    const [rows, [{ total }], lang] = await Promise.all([
      this.sql.query(`${namedRows} WHERE ${where} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`, parameters) as Promise<NamedViewRow[]>,
      this.sql.query(`SELECT count(*)::int AS total FROM prestation_views WHERE ${where}`, parameters) as Promise<[{ total: number }]>,
      this.companyLanguage(companyId, query.language),
    ]);
    return {
      page: query.page,
      pageSize: query.pageSize,
      total,
      items: rows.map((row) => companyRowRead(row, lang, now)),
    };
  }

  /** One prestation of the company's, or undefined (also when it is another company's). */
  async companyRow(companyId: string, prestationId: string, requested?: Language): Promise<CompanyItem | undefined> {
    const [[row], lang] = await Promise.all([
      this.sql.query(`${namedRows} WHERE prestation_id = $1 AND company_id = $2`, [prestationId, companyId]) as Promise<NamedViewRow[]>,
      this.companyLanguage(companyId, requested),
    ]);
    return row && companyRowRead(row, lang, this.now());
  }

  /** One page of the company's rows by service date then id, after a given row (exports walk them all). */
  async companyPage(companyId: string, query: CompanyViewQuery, after: { serviceDate: string; prestationId: string } | undefined, limit: number) {
    const { where, parameters } = companyFilter(companyId, query);
    const keyset = after ? ` AND (service_date, prestation_id) > ($${parameters.length + 1}::date, $${parameters.length + 2})` : '';
    const rows = (await this.sql.query(
      `${namedRows} WHERE ${where}${keyset} ORDER BY service_date, prestation_id LIMIT ${limit}`,
      after ? [...parameters, after.serviceDate, after.prestationId] : parameters,
    )) as NamedViewRow[];
    return rows.map(companyItem);
  }

  /** R15: how many of the company's prestations it encoded itself (cancelled ones included). */
  async companyShare(companyId: string): Promise<CompanyShare> {
    const [{ total, by_company }] = (await this.sql.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE encoded_by = 'COMPANY')::int AS by_company FROM prestation_views WHERE company_id = $1`,
      [companyId],
    )) as [{ total: number; by_company: number }];
    return { companyId, total, encodedByCompany: by_company, share: total === 0 ? 0 : by_company / total };
  }

  /** R15 for operators: every company's share, with its name (ADR 0028), by company id. */
  async allShares(): Promise<OperatorShare[]> {
    const rows = (await this.sql.query(
      `SELECT company_id, count(*)::int AS total, count(*) FILTER (WHERE encoded_by = 'COMPANY')::int AS by_company,
         (SELECT c.name FROM companies c WHERE c.company_id = prestation_views.company_id) AS company_name
       FROM prestation_views GROUP BY company_id ORDER BY company_id`,
    )) as Array<{ company_id: string; total: number; by_company: number; company_name: string | null }>;
    return rows.map((row) => ({ companyId: row.company_id, companyName: row.company_name, total: row.total, encodedByCompany: row.by_company, share: row.by_company / row.total }));
  }

  /** The worker's dashboard: what they may still validate or contest now, their deadline not passed (R2, R3, R5, R6); company and household by name. */
  async workerToValidate(workerId: string, requested?: Language): Promise<WorkerToValidate[]> {
    const now = this.now();
    const lang = await this.languageOf('workers', 'worker_id', workerId, requested);
    const rows = (await this.sql.query(
      `${namedRows} WHERE worker_id = $1 AND status = 'AwaitingWorker' ORDER BY worker_deadline, prestation_id`,
      [workerId],
    )) as NamedViewRow[];
    return rows.filter((row) => workerMayDecide(row.state, now)).map((row) => ({
      ...common(row),
      deadline: isoInstant(row.worker_deadline),
      deadlineLabel: instantLabel(row.worker_deadline, lang),
      workingDaysLeft: workerWorkingDaysLeft(row.state, now),
      encodedByLabel: encodedByLabel(row.encoded_by as 'WORKER' | 'COMPANY', lang),
      encodingReason: row.encoding_reason,
      correctionReason: row.correction_reason,
    }));
  }

  /** R12, R13: the last 3 months by service date, never cancelled, colour (at the read instant), legend, who encoded. */
  async workerHistory(workerId: string, today: LocalDate, requested?: Language): Promise<WorkerHistory> {
    const now = this.now();
    const lang = await this.languageOf('workers', 'worker_id', workerId, requested);
    const rows = (await this.sql.query(
      `${namedRows} WHERE worker_id = $1 AND status <> 'Cancelled'
         AND (status = 'AwaitingWorker' OR service_date >= ($2::date - interval '3 months'))
       ORDER BY service_date DESC, prestation_id`,
      [workerId, today],
    )) as NamedViewRow[];
    const items = rows.flatMap((row) => {
      const state = prestationAt(row.state, now).state;
      const entry = workerHistoryEntry(state, today, lang);
      return entry ? [{ ...common(row), ...entry, status: companyStatus(state) }] : [];
    });
    return { today, language: lang, legend: [...workerColourLegend(lang)], items };
  }

  /** R7, R9, R12: the user's statuses, "En attente de validation" included, and whether they may confirm or contest now. */
  async user(userId: string, requested?: Language): Promise<UserItem[]> {
    const now = this.now();
    const lang = await this.languageOf('users', 'user_id', userId, requested);
    const rows = (await this.sql.query(
      `${namedRows} WHERE user_id = $1 ORDER BY service_date DESC, prestation_id`,
      [userId],
    )) as NamedViewRow[];
    return rows.map((row) => {
      const state = prestationAt(row.state, now).state;
      const mayDecide = userMayDecideIn(state);
      return {
        ...common(row),
        status: row.user_status as UserStatus,
        statusLabel: userStatusLabel(row.user_status as UserStatus, lang),
        mayConfirm: mayDecide,
        mayContest: mayDecide,
        confirmedByUser: (state.status === 'AwaitingWorker' || state.status === 'AwaitingCompany') && state.user.status === 'Confirmed' && state.user.by === 'USER',
        awaiting: userAwaiting(state),
        ...automaticConfirmation(row, lang),
      };
    });
  }
}

/** The IVR's keys for the activity (1 to 4), in the order of the announcement. */
export function activityOfIvrKey(key: unknown) {
  const index = typeof key === 'number' && Number.isInteger(key) ? key - 1 : -1;
  const activity = activities[index];
  if (activity === undefined) throw new ValidationError('activityKey', 'must be a key from 1 to 4');
  return activity;
}
