import { DateTime } from 'luxon';

/** A day in the calendar, `YYYY-MM-DD`, with no time zone attached. */
export type LocalDate = string;

export type HolidayName =
  | 'NEW_YEAR'
  | 'EASTER_MONDAY'
  | 'LABOUR_DAY'
  | 'ASCENSION'
  | 'WHIT_MONDAY'
  | 'NATIONAL_DAY'
  | 'ASSUMPTION'
  | 'ALL_SAINTS'
  | 'ARMISTICE'
  | 'CHRISTMAS';

export interface LegalHoliday {
  readonly date: LocalDate;
  readonly name: HolidayName;
}

/**
 * Easter Sunday of the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm):
 * no date library computes it, and the movable Belgian holidays hang on it.
 */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.utc(year, month, day).toISODate() as LocalDate;
}

const fixed: readonly (readonly [string, HolidayName])[] = [
  ['01-01', 'NEW_YEAR'],
  ['05-01', 'LABOUR_DAY'],
  ['07-21', 'NATIONAL_DAY'],
  ['08-15', 'ASSUMPTION'],
  ['11-01', 'ALL_SAINTS'],
  ['11-11', 'ARMISTICE'],
  ['12-25', 'CHRISTMAS'],
];

const movable: readonly (readonly [number, HolidayName])[] = [
  [1, 'EASTER_MONDAY'],
  [39, 'ASCENSION'],
  [50, 'WHIT_MONDAY'],
];

const byYear = new Map<number, readonly LegalHoliday[]>();

/** The 10 Belgian legal public holidays of a year, in date order. */
export function belgianLegalHolidays(year: number): readonly LegalHoliday[] {
  const known = byYear.get(year);
  if (known) return known;
  const easter = DateTime.fromISO(easterSunday(year), { zone: 'utc' });
  const holidays = [
    ...fixed.map(([monthDay, name]) => ({ date: `${String(year).padStart(4, '0')}-${monthDay}`, name })),
    ...movable.map(([offset, name]) => ({ date: easter.plus({ days: offset }).toISODate() as LocalDate, name })),
  ].sort((x, y) => x.date.localeCompare(y.date));
  byYear.set(year, holidays);
  return holidays;
}

export function isBelgianLegalHoliday(date: LocalDate): boolean {
  return belgianLegalHolidays(Number(date.slice(0, 4))).some((holiday) => holiday.date === date);
}
