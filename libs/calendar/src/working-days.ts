import { ValidationError } from '@prestaflow/contracts';
import { DateTime } from 'luxon';
import { isBelgianLegalHoliday, type LocalDate } from './holidays';

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

function day(date: LocalDate, field: string): DateTime {
  if (!isLocalDate(date)) throw new ValidationError(field, 'must be a date YYYY-MM-DD');
  return DateTime.fromISO(date, { zone: 'utc' });
}

function parseInstant(instant: string, field: string): DateTime {
  // An instant without an offset would silently depend on the reader's zone.
  const parsed = /T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(instant) ? DateTime.fromISO(instant) : DateTime.invalid('offset');
  if (!parsed.isValid) throw new ValidationError(field, 'must be an ISO-8601 instant with an offset');
  return parsed;
}

const at = (calendar: WorkingDayCalendar, instant: Instant, field: string): DateTime =>
  parseInstant(instant, field).setZone(calendar.zone);

const iso = (moment: DateTime): Instant => moment.toUTC().toISO() as Instant;

/** Normalises an ISO-8601 instant to the UTC form every event carries, so instants compare as strings. */
export function toInstant(instant: string, field = 'instant'): Instant {
  return iso(parseInstant(instant, field));
}

export function isWorkingDay(calendar: WorkingDayCalendar, date: LocalDate): boolean {
  return day(date, 'date').weekday <= lastWorkingWeekday[calendar.workingWeek] && !isBelgianLegalHoliday(date);
}

/** The `count`-th working day after `date`; `date` itself never counts. */
export function addWorkingDays(calendar: WorkingDayCalendar, date: LocalDate, count: number): LocalDate {
  let cursor = day(date, 'date');
  for (let found = 0; found < count; ) {
    cursor = cursor.plus({ days: 1 });
    if (isWorkingDay(calendar, cursor.toISODate() as LocalDate)) found += 1;
  }
  return cursor.toISODate() as LocalDate;
}

/** How many working days lie in [from, to], both included. */
export function countWorkingDays(calendar: WorkingDayCalendar, from: LocalDate, to: LocalDate): number {
  let count = 0;
  for (let cursor = day(from, 'from'); cursor <= day(to, 'to'); cursor = cursor.plus({ days: 1 })) {
    if (isWorkingDay(calendar, cursor.toISODate() as LocalDate)) count += 1;
  }
  return count;
}

/**
 * The working days after `from` up to `to`, `to` included (`from` never counts), in order;
 * none when `to` is not after `from`. What is left of a working-day deadline the day `from`.
 */
export function workingDaysAfter(calendar: WorkingDayCalendar, from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let cursor = day(from, 'from').plus({ days: 1 }); cursor <= day(to, 'to'); cursor = cursor.plus({ days: 1 })) {
    const date = cursor.toISODate() as LocalDate;
    if (isWorkingDay(calendar, date)) days.push(date);
  }
  return days;
}

/** The calendar day an instant falls on, in the calendar's zone (not in UTC). */
export function localDateOf(calendar: WorkingDayCalendar, instant: Instant): LocalDate {
  return at(calendar, instant, 'instant').toISODate() as LocalDate;
}

/** 23:59:59.999 wall-clock time of `date` in the calendar's zone. */
export function endOfDay(calendar: WorkingDayCalendar, date: LocalDate): Instant {
  return iso(DateTime.fromISO(day(date, 'date').toISODate() as string, { zone: calendar.zone }).endOf('day'));
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
  return typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date).isValid;
}

/** How many calendar days lie in [from, to], both included. */
export function countCalendarDays(from: LocalDate, to: LocalDate): number {
  return day(to, 'to').diff(day(from, 'from'), 'days').days + 1;
}
