import { ValidationError } from '@prestaflow/contracts';
import { DateTime } from 'luxon';
import { belgianLegalHolidays, type LocalDate } from './holidays';

/** An instant as an ISO-8601 UTC string with milliseconds (`2025-06-10T21:59:59.999Z`). */
export type Instant = string;

/**
 * Which days count. Belgian usage hesitates (DOMAIN.md, "Working days"): the Civil Code counts
 * Monday to Friday, labour law keeps Saturday. The default is Monday to Friday; one setting away.
 */
export type WorkingWeek = 'MONDAY_TO_FRIDAY' | 'MONDAY_TO_SATURDAY';

/** A value, not a service: deadlines are computed from it and the instant on the command. */
export interface WorkingDayCalendar {
  readonly zone: string;
  readonly workingWeek: WorkingWeek;
}

export function belgianCalendar(workingWeek: WorkingWeek = 'MONDAY_TO_FRIDAY'): WorkingDayCalendar {
  return { zone: 'Europe/Brussels', workingWeek };
}

const lastWorkingWeekday: Record<WorkingWeek, number> = { MONDAY_TO_FRIDAY: 5, MONDAY_TO_SATURDAY: 6 };

// Dates without a zone are counted as days since 1970-01-01 in plain arithmetic: a command's
// deadlines walk a few dozen days, and luxon's objects made that a millisecond of CPU per encode
// (bench/README.md, item 6). Only what depends on the zone goes through luxon.
const MS_PER_DAY = 86_400_000;

// Day numbers and their dates, both ways, remembered: a company page reads the same few days
// (today, the days of the deadlines) on each of its 100 rows, and writing or checking a date
// through toISOString was most of that work (issue 12 item 6).
const DAYS_KEPT = 10_000;
const daysOfDates = new Map<string, number>();
const datesOfDays = new Map<number, LocalDate>();

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= DAYS_KEPT) memo.clear();
  memo.set(key, value);
  return value;
}

/** The days since 1970-01-01 of `YYYY-MM-DD`, or NaN for a string that is not a real date. */
function epochDayOf(date: unknown): number {
  if (typeof date !== 'string') return Number.NaN;
  const known = daysOfDates.get(date);
  if (known !== undefined) return known;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return Number.NaN;
  // setUTCFullYear, not Date.UTC: the latter reads years 0-99 as 1900-1999.
  const midnight = new Date(0);
  midnight.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const days = midnight.getTime() / MS_PER_DAY;
  return remember(daysOfDates, date, localDateOfEpochDay(days) === date ? days : Number.NaN);
}

const localDateOfEpochDay = (days: number): LocalDate => datesOfDays.get(days) ?? remember(datesOfDays, days, new Date(days * MS_PER_DAY).toISOString().slice(0, 10));

/** ISO weekday of a day number: 1 Monday ... 7 Sunday (1970-01-01 was a Thursday). */
const weekdayOf = (days: number): number => ((((days + 3) % 7) + 7) % 7) + 1;

function day(date: LocalDate, field: string): number {
  const days = epochDayOf(date);
  if (Number.isNaN(days)) throw new ValidationError(field, 'must be a date YYYY-MM-DD');
  return days;
}

// The legal holidays of a year as day numbers: a company page asks for the working days left of
// each of its 100 rows, and a date string per day checked was most of that work (issue 12 item 6).
const holidayDaysByYear = new Map<number, ReadonlySet<number>>();

function isHoliday(days: number): boolean {
  const year = new Date(days * MS_PER_DAY).getUTCFullYear();
  let holidays = holidayDaysByYear.get(year);
  if (!holidays) holidayDaysByYear.set(year, (holidays = new Set(belgianLegalHolidays(year).map((holiday) => epochDayOf(holiday.date)))));
  return holidays.has(days);
}

const workingDay = (calendar: WorkingDayCalendar, days: number): boolean => weekdayOf(days) <= lastWorkingWeekday[calendar.workingWeek] && !isHoliday(days);

function parseInstant(instant: string, field: string): DateTime {
  // An instant without an offset would silently depend on the reader's zone.
  const parsed = /T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(instant) ? DateTime.fromISO(instant) : DateTime.invalid('offset');
  if (!parsed.isValid) throw new ValidationError(field, 'must be an ISO-8601 instant with an offset');
  return parsed;
}

const at = (calendar: WorkingDayCalendar, instant: Instant, field: string): DateTime =>
  parseInstant(instant, field).setZone(calendar.zone);

const iso = (moment: DateTime): Instant => moment.toUTC().toISO() as Instant;

// The UTC form every event carries; an instant already in it is itself (no luxon on every command).
const utcForm = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isUtcForm = (instant: string): boolean => {
  const ms = utcForm.test(instant) ? Date.parse(instant) : Number.NaN;
  return !Number.isNaN(ms) && new Date(ms).toISOString() === instant;
};

/** Normalises an ISO-8601 instant to the UTC form every event carries, so instants compare as strings. */
export function toInstant(instant: string, field = 'instant'): Instant {
  return isUtcForm(instant) ? instant : iso(parseInstant(instant, field));
}

export function isWorkingDay(calendar: WorkingDayCalendar, date: LocalDate): boolean {
  return workingDay(calendar, day(date, 'date'));
}

/** The `count`-th working day after `date`; `date` itself never counts. */
export function addWorkingDays(calendar: WorkingDayCalendar, date: LocalDate, count: number): LocalDate {
  let cursor = day(date, 'date');
  for (let found = 0; found < count; ) {
    cursor += 1;
    if (workingDay(calendar, cursor)) found += 1;
  }
  return localDateOfEpochDay(cursor);
}

/** How many working days lie in [from, to], both included. */
export function countWorkingDays(calendar: WorkingDayCalendar, from: LocalDate, to: LocalDate): number {
  let count = 0;
  const last = day(to, 'to');
  for (let cursor = day(from, 'from'); cursor <= last; cursor += 1) {
    if (workingDay(calendar, cursor)) count += 1;
  }
  return count;
}

/**
 * The working days after `from` up to `to`, `to` included (`from` never counts), in order;
 * none when `to` is not after `from`. What is left of a working-day deadline the day `from`.
 */
export function workingDaysAfter(calendar: WorkingDayCalendar, from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  const last = day(to, 'to');
  for (let cursor = day(from, 'from') + 1; cursor <= last; cursor += 1) {
    if (workingDay(calendar, cursor)) days.push(localDateOfEpochDay(cursor));
  }
  return days;
}

// The zone's offset (ms) through a whole UTC hour, by zone and hour: when it is the same at the
// hour's start and end the zone did not change it in between (no zone changes twice in an hour).
const hourOffsets = new Map<string, number | null>();
const HOUR_OFFSETS_KEPT = 10_000;
const MS_PER_HOUR = 3_600_000;

function offsetThroughHour(zone: string, hourStart: number): number | null {
  const key = `${zone} ${hourStart}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const [start, end] = [hourStart, hourStart + MS_PER_HOUR - 1].map((ms) => DateTime.fromMillis(ms, { zone }).offset);
    offset = start === end ? (start as number) * 60_000 : null;
    if (hourOffsets.size >= HOUR_OFFSETS_KEPT) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset;
}

// The day of an instant by zone and instant: a company page asks it for the same read instant
// and the same few deadlines on each of its 100 rows (issue 12 item 6).
const localDates = new Map<string, LocalDate>();

/** The calendar day an instant falls on, in the calendar's zone (not in UTC). */
export function localDateOf(calendar: WorkingDayCalendar, instant: Instant): LocalDate {
  const key = `${calendar.zone} ${instant}`;
  return localDates.get(key) ?? remember(localDates, key, localDateOfInstant(calendar, instant));
}

function localDateOfInstant(calendar: WorkingDayCalendar, instant: Instant): LocalDate {
  if (isUtcForm(instant)) {
    const ms = Date.parse(instant);
    const offset = offsetThroughHour(calendar.zone, ms - (((ms % MS_PER_HOUR) + MS_PER_HOUR) % MS_PER_HOUR));
    if (offset !== null) return new Date(ms + offset).toISOString().slice(0, 10);
  }
  return at(calendar, instant, 'instant').toISODate() as LocalDate;
}

// endOfDay by zone and date: every command of a day asks for the same few (a deadline's day).
const endsOfDays = new Map<string, Instant>();
const END_OF_DAY_KEPT = 10_000;

/** 23:59:59.999 wall-clock time of `date` in the calendar's zone. */
export function endOfDay(calendar: WorkingDayCalendar, date: LocalDate): Instant {
  day(date, 'date');
  const key = `${calendar.zone} ${date}`;
  let end = endsOfDays.get(key);
  if (end === undefined) {
    end = iso(DateTime.fromISO(date, { zone: calendar.zone }).endOf('day'));
    if (endsOfDays.size >= END_OF_DAY_KEPT) endsOfDays.clear();
    endsOfDays.set(key, end);
  }
  return end;
}

/**
 * End of the `count`-th working day after the day of `from` (DOMAIN.md, "Deadline instant").
 * Computed on wall-clock days in the zone, so a daylight-saving change does not move it.
 */
export function workingDayDeadline(calendar: WorkingDayCalendar, from: Instant, count: number): Instant {
  return endOfDay(calendar, addWorkingDays(calendar, localDateOf(calendar, from), count));
}

/** The same wall-clock time `days` calendar days later (so never an hour off across DST). */
export function addCalendarDays(calendar: WorkingDayCalendar, from: Instant, days: number): Instant {
  return iso(at(calendar, from, 'from').plus({ days }));
}

export interface CalendarDayWindow {
  readonly dueAt: Instant;
  readonly reminders: readonly Instant[];
}

/** A window of `days` calendar days from `from`, with reminders after some of those days (R8). */
export function calendarDayWindow(
  calendar: WorkingDayCalendar,
  from: Instant,
  days: number,
  remindersAfterDays: readonly number[],
): CalendarDayWindow {
  return {
    dueAt: addCalendarDays(calendar, from, days),
    reminders: remindersAfterDays.map((after) => addCalendarDays(calendar, from, after)),
  };
}

/** Whether `date` is a real calendar day written `YYYY-MM-DD`. */
export function isLocalDate(date: unknown): date is LocalDate {
  return !Number.isNaN(epochDayOf(date));
}

/** How many calendar days lie in [from, to], both included. */
export function countCalendarDays(from: LocalDate, to: LocalDate): number {
  return day(to, 'to') - day(from, 'from') + 1;
}
