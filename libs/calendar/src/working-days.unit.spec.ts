import { ValidationError } from '@prestaflow/contracts';
import fc from 'fast-check';
import { belgianLegalHolidays } from './holidays';
import {
  addCalendarDays,
  addWorkingDays,
  belgianCalendar,
  calendarDayWindow,
  countCalendarDays,
  countWorkingDays,
  endOfDay,
  isLocalDate,
  isWorkingDay,
  localDateOf,
  toInstant,
  workingDayDeadline,
  workingDaysAfter,
} from './working-days';
import { DateTime } from 'luxon';

const weekdays = belgianCalendar();
const withSaturday = belgianCalendar('MONDAY_TO_SATURDAY');

describe('working days (Monday to Friday by default, Monday to Saturday as an option)', () => {
  it('Monday to Friday: weekends and legal holidays do not count', () => {
    expect(isWorkingDay(weekdays, '2025-06-10')).toBe(true); // Tuesday
    expect(isWorkingDay(weekdays, '2025-06-14')).toBe(false); // Saturday
    expect(isWorkingDay(weekdays, '2025-06-15')).toBe(false); // Sunday
    expect(isWorkingDay(weekdays, '2025-06-09')).toBe(false); // Whit Monday
  });

  it('Monday to Saturday: Saturday counts, Sunday and holidays do not', () => {
    expect(isWorkingDay(withSaturday, '2025-06-14')).toBe(true);
    expect(isWorkingDay(withSaturday, '2025-06-15')).toBe(false);
    expect(isWorkingDay(withSaturday, '2025-11-01')).toBe(false); // All Saints, a Saturday
  });

  it('counts from the day after, skipping weekends and holidays', () => {
    // Friday 6 June 2025, then Whit Monday 9 June: Tue 10, Wed 11, Thu 12, Fri 13, Mon 16.
    expect(addWorkingDays(weekdays, '2025-06-06', 5)).toBe('2025-06-16');
    // Saturday 7 counts: Sat 7, Tue 10, Wed 11, Thu 12, Fri 13.
    expect(addWorkingDays(withSaturday, '2025-06-06', 5)).toBe('2025-06-13');
    // Christmas and New Year.
    expect(addWorkingDays(weekdays, '2025-12-24', 5)).toBe('2026-01-02');
    expect(addWorkingDays(weekdays, '2025-06-06', 0)).toBe('2025-06-06');
  });

  it('counts the working days of a period, both ends included', () => {
    expect(countWorkingDays(weekdays, '2025-06-06', '2025-06-16')).toBe(6);
    expect(countWorkingDays(weekdays, '2025-06-14', '2025-06-15')).toBe(0);
    expect(countCalendarDays('2025-06-14', '2025-06-15')).toBe(2);
    expect(countCalendarDays('2025-03-29', '2025-03-31')).toBe(3);
  });

  it('R6: the working days left after a day up to a deadline day, weekends and legal holidays skipped', () => {
    // Encoded Friday 19 December 2025: the 5th working day after it is Monday 29 (25 December is a holiday).
    const deadlineDay = addWorkingDays(weekdays, '2025-12-19', 5);
    expect(deadlineDay).toBe('2025-12-29');
    expect(workingDaysAfter(weekdays, '2025-12-19', deadlineDay)).toEqual(['2025-12-22', '2025-12-23', '2025-12-24', '2025-12-26', '2025-12-29']);
    expect(workingDaysAfter(weekdays, '2025-12-27', deadlineDay)).toEqual(['2025-12-29']);
    expect(workingDaysAfter(weekdays, deadlineDay, deadlineDay)).toEqual([]);
    expect(workingDaysAfter(weekdays, '2025-12-30', deadlineDay)).toEqual([]);
    expect(workingDaysAfter(withSaturday, '2025-12-19', '2025-12-22')).toEqual(['2025-12-20', '2025-12-22']);
  });

  it('a working day is never a weekend day or a legal holiday (2024-2032)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 * 366 }), fc.integer({ min: 1, max: 30 }), (offset, count) => {
        const from = DateTime.utc(2024, 1, 1).plus({ days: offset }).toISODate() as string;
        const date = addWorkingDays(weekdays, from, count);
        const weekday = DateTime.fromISO(date).weekday;
        const holidays = belgianLegalHolidays(Number(date.slice(0, 4))).map((holiday) => holiday.date);
        return weekday <= 5 && !holidays.includes(date) && date > from;
      }),
    );
  });
});

describe('R6 worker deadline instant: end of the 5th working day after the day of encoding, Europe/Brussels', () => {
  it('ends at 23:59:59.999 Brussels summer time', () => {
    expect(workingDayDeadline(weekdays, '2025-06-10T09:00:00.000Z', 5)).toBe('2025-06-17T21:59:59.999Z');
  });

  it('takes the day of encoding in Brussels, not in UTC', () => {
    // 00:30 on Wednesday 11 June in Brussels is still Tuesday in UTC.
    expect(localDateOf(weekdays, '2025-06-10T22:30:00.000Z')).toBe('2025-06-11');
    expect(workingDayDeadline(weekdays, '2025-06-10T22:30:00.000Z', 5)).toBe('2025-06-18T21:59:59.999Z');
  });

  it('DST spring switch (30 March 2025) between encoding and deadline does not move it', () => {
    // Thursday 27 March (CET) -> Thursday 3 April (CEST): 23:59:59.999+02:00.
    expect(workingDayDeadline(weekdays, '2025-03-27T10:00:00.000Z', 5)).toBe('2025-04-03T21:59:59.999Z');
    // Monday 24 March -> Monday 31 March, the day after the switch.
    expect(workingDayDeadline(weekdays, '2025-03-24T10:00:00.000Z', 5)).toBe('2025-03-31T21:59:59.999Z');
  });

  it('DST autumn switch (26 October 2025) between encoding and deadline does not move it', () => {
    // Thursday 23 October (CEST) -> Thursday 30 October (CET): 23:59:59.999+01:00.
    expect(workingDayDeadline(weekdays, '2025-10-23T08:00:00.000Z', 5)).toBe('2025-10-30T22:59:59.999Z');
    // 2024: switch on 27 October; Friday 25 -> Friday 1 November is All Saints -> Monday 4 November.
    expect(workingDayDeadline(weekdays, '2024-10-24T08:00:00.000Z', 5)).toBe('2024-10-31T22:59:59.999Z');
    expect(workingDayDeadline(weekdays, '2024-10-25T08:00:00.000Z', 5)).toBe('2024-11-04T22:59:59.999Z');
  });

  it('the end of the switch days themselves', () => {
    expect(endOfDay(weekdays, '2025-03-30')).toBe('2025-03-30T21:59:59.999Z');
    expect(endOfDay(weekdays, '2025-10-26')).toBe('2025-10-26T22:59:59.999Z');
    expect(endOfDay(weekdays, '2024-03-31')).toBe('2024-03-31T21:59:59.999Z');
    expect(endOfDay(weekdays, '2024-10-27')).toBe('2024-10-27T22:59:59.999Z');
  });
});

describe('R8 user window: 60 calendar days, reminders after 20 and 40, same Brussels wall-clock time', () => {
  it('keeps 10:00 Brussels across the autumn switch', () => {
    // 10 September 2025 10:00 CEST; 9 November is CET, so 09:00Z.
    expect(calendarDayWindow(weekdays, '2025-09-10T08:00:00.000Z', 60, [20, 40])).toEqual({
      dueAt: '2025-11-09T09:00:00.000Z',
      reminders: ['2025-09-30T08:00:00.000Z', '2025-10-20T08:00:00.000Z'],
    });
  });

  it('keeps 23:59:59.999 Brussels across the spring switch', () => {
    // A deadline lapsed at the end of 14 February 2025 (CET); 60 days later is 15 April (CEST).
    expect(calendarDayWindow(weekdays, '2025-02-14T22:59:59.999Z', 60, [20, 40])).toEqual({
      dueAt: '2025-04-15T21:59:59.999Z',
      reminders: ['2025-03-06T22:59:59.999Z', '2025-03-26T22:59:59.999Z'],
    });
    expect(addCalendarDays(weekdays, '2025-03-29T22:59:59.999Z', 1)).toBe('2025-03-30T21:59:59.999Z');
  });
});

describe('instants and dates at the boundary', () => {
  it('normalises an instant to UTC with milliseconds', () => {
    expect(toInstant('2025-06-01T00:00:00+02:00')).toBe('2025-05-31T22:00:00.000Z');
  });

  it('refuses an instant without an offset, naming the field', () => {
    expect(() => toInstant('2025-06-01T00:00:00', 'metadata.now')).toThrow(
      new ValidationError('metadata.now', 'must be an ISO-8601 instant with an offset'),
    );
    expect(() => toInstant('yesterday')).toThrow(ValidationError);
  });

  it('refuses a date that does not exist', () => {
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(() => isWorkingDay(weekdays, '2025-13-01')).toThrow(ValidationError);
  });
});

describe('day arithmetic without luxon agrees with luxon', () => {
  const anyDay = fc.integer({ min: DateTime.utc(1, 1, 1).toMillis() / 864e5, max: DateTime.utc(9998, 12, 31).toMillis() / 864e5 }).map((days) => DateTime.fromMillis(days * 864e5, { zone: 'utc' }));

  it('on which dates are real, weekdays, working-day steps and day counts (years 0001-9998, a step of up to 40 days stays within 9999)', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 40 }), (start, step) => {
        const date = start.toISODate() as string;
        expect(isLocalDate(date)).toBe(true);
        expect(isWorkingDay(withSaturday, date)).toBe(start.weekday <= 6 && !belgianLegalHolidays(start.year).some((holiday) => holiday.date === date));
        let cursor = start;
        for (let found = 0; found < step; ) {
          cursor = cursor.plus({ days: 1 });
          if (cursor.weekday <= 5 && !belgianLegalHolidays(cursor.year).some((holiday) => holiday.date === cursor.toISODate())) found += 1;
        }
        expect(addWorkingDays(weekdays, date, step)).toBe(cursor.toISODate());
        expect(countCalendarDays(date, cursor.toISODate() as string)).toBe(cursor.diff(start, 'days').days + 1);
      }),
    );
  });

  it('refuses what is not a date as luxon does', () => {
    for (const text of ['2023-02-29', '2100-02-29', '2025-04-31', '2025-00-10', '2025-01-00', '2025-1-01', '20250101', '0000-00-00']) expect(isLocalDate(text)).toBe(false);
    for (const text of ['2000-02-29', '0001-01-01', '0099-12-31', '9999-12-31']) expect(isLocalDate(text)).toBe(true);
  });
});

describe('instants in the UTC form take a shorter way, to the same results as luxon', () => {
  const zones = ['Europe/Brussels', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC'];
  const anyInstant = fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2200, 0, 1) }).map((ms) => new Date(ms).toISOString());

  it('toInstant and localDateOf agree with luxon in zones with odd offsets and DST, over 350 years', () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom(...zones), (instant, zone) => {
        expect(toInstant(instant)).toBe(DateTime.fromISO(instant).toUTC().toISO());
        expect(localDateOf({ zone, workingWeek: 'MONDAY_TO_FRIDAY' }, instant)).toBe(DateTime.fromISO(instant).setZone(zone).toISODate());
      }),
      { numRuns: 2000 },
    );
  });

  it('across the Brussels switches, minute by minute', () => {
    for (const switchUtc of ['2025-03-30T01:00:00.000Z', '2025-10-26T01:00:00.000Z', '2025-03-29T22:00:00.000Z', '2025-10-25T21:00:00.000Z']) {
      for (let minute = -90; minute <= 90; minute++) {
        const instant = new Date(Date.parse(switchUtc) + minute * 60_000 - 1).toISOString();
        expect(localDateOf(weekdays, instant)).toBe(DateTime.fromISO(instant).setZone('Europe/Brussels').toISODate());
      }
    }
  });

  it('an instant that is not a real one in that form still goes to luxon and is refused', () => {
    for (const instant of ['2025-02-30T10:00:00.000Z', '2025-13-01T10:00:00.000Z', '2025-01-01T24:30:00.000Z']) {
      expect(() => toInstant(instant, 'metadata.now')).toThrow(ValidationError);
      expect(() => localDateOf(weekdays, instant)).toThrow(ValidationError);
    }
  });
});
