import { belgianLegalHolidays, easterSunday, isBelgianLegalHoliday } from './holidays';

// Written out by hand from published calendars, not computed: they check the Easter algorithm.
const movable: Record<number, { easterMonday: string; ascension: string; whitMonday: string }> = {
  2024: { easterMonday: '2024-04-01', ascension: '2024-05-09', whitMonday: '2024-05-20' },
  2025: { easterMonday: '2025-04-21', ascension: '2025-05-29', whitMonday: '2025-06-09' },
  2026: { easterMonday: '2026-04-06', ascension: '2026-05-14', whitMonday: '2026-05-25' },
  2027: { easterMonday: '2027-03-29', ascension: '2027-05-06', whitMonday: '2027-05-17' },
  2028: { easterMonday: '2028-04-17', ascension: '2028-05-25', whitMonday: '2028-06-05' },
  2029: { easterMonday: '2029-04-02', ascension: '2029-05-10', whitMonday: '2029-05-21' },
  2030: { easterMonday: '2030-04-22', ascension: '2030-05-30', whitMonday: '2030-06-10' },
  2031: { easterMonday: '2031-04-14', ascension: '2031-05-22', whitMonday: '2031-06-02' },
  2032: { easterMonday: '2032-03-29', ascension: '2032-05-06', whitMonday: '2032-05-17' },
};

describe('Belgian legal holidays (working days decision)', () => {
  it.each(Object.entries(movable))('%s: Easter Monday, Ascension and Whit Monday', (year, expected) => {
    const byName = Object.fromEntries(belgianLegalHolidays(Number(year)).map((holiday) => [holiday.name, holiday.date]));
    expect({ easterMonday: byName['EASTER_MONDAY'], ascension: byName['ASCENSION'], whitMonday: byName['WHIT_MONDAY'] }).toEqual(
      expected,
    );
  });

  it('2025 has exactly the 10 legal holidays, in date order', () => {
    expect(belgianLegalHolidays(2025)).toEqual([
      { date: '2025-01-01', name: 'NEW_YEAR' },
      { date: '2025-04-21', name: 'EASTER_MONDAY' },
      { date: '2025-05-01', name: 'LABOUR_DAY' },
      { date: '2025-05-29', name: 'ASCENSION' },
      { date: '2025-06-09', name: 'WHIT_MONDAY' },
      { date: '2025-07-21', name: 'NATIONAL_DAY' },
      { date: '2025-08-15', name: 'ASSUMPTION' },
      { date: '2025-11-01', name: 'ALL_SAINTS' },
      { date: '2025-11-11', name: 'ARMISTICE' },
      { date: '2025-12-25', name: 'CHRISTMAS' },
    ]);
  });

  it('computes Easter Sunday for years far from today (1818 and 2285: the extremes 22 March and 25 April)', () => {
    expect(easterSunday(1818)).toBe('1818-03-22');
    expect(easterSunday(2285)).toBe('2285-03-22');
    expect(easterSunday(1943)).toBe('1943-04-25');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('knows a holiday from an ordinary day', () => {
    expect(isBelgianLegalHoliday('2026-07-21')).toBe(true);
    expect(isBelgianLegalHoliday('2026-07-22')).toBe(false);
  });
});
