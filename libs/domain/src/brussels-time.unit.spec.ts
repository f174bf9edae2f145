import fc from 'fast-check';
import { brusselsWallClock, formatInstant, formatInstantForExport } from './brussels-time';

const brussels = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Brussels wall time by the platform's own time-zone database (Intl), not by luxon. */
const wallTime = (instant: Date) => {
  const parts = Object.fromEntries(brussels.formatToParts(instant).map((part) => [part.type, part.value]));
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;
};

describe('instants as a person reads them: Brussels time (issue #10 item 7)', () => {
  it('the example: 2026-12-07T22:59:59.999Z is 07/12/2026 23:59 in winter; a summer instant is two hours ahead', () => {
    expect(formatInstantForExport('2026-12-07T22:59:59.999Z')).toBe('07/12/2026 23:59');
    expect(formatInstantForExport('2026-07-06T21:59:59.999Z')).toBe('06/07/2026 23:59');
    expect(brusselsWallClock('2026-12-07T22:59:59.999Z').toISOString()).toBe('2026-12-07T23:59:59.999Z');
    expect(brusselsWallClock('2026-07-06T21:59:59.999Z').toISOString()).toBe('2026-07-06T23:59:59.999Z');
    expect(formatInstant('2026-12-07T22:59:59.999Z', 'fr')).toBe('7 décembre 2026 à 23:59 (heure de Bruxelles)');
  });

  it('the DST switches: the last minute before and the first after, both ways', () => {
    expect(formatInstantForExport('2026-03-29T00:59:00.000Z')).toBe('29/03/2026 01:59');
    expect(formatInstantForExport('2026-03-29T01:00:00.000Z')).toBe('29/03/2026 03:00');
    expect(formatInstantForExport('2026-10-25T00:59:00.000Z')).toBe('25/10/2026 02:59');
    expect(formatInstantForExport('2026-10-25T01:00:00.000Z')).toBe('25/10/2026 02:00');
  });

  it('any instant from 1970 to 2100: the export text and the spreadsheet cell carry the Brussels wall time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (instant) => {
        const w = wallTime(instant);
        expect(formatInstantForExport(instant.toISOString())).toBe(`${w.day}/${w.month}/${w.year} ${w.hour}:${w.minute}`);
        expect(brusselsWallClock(instant.toISOString()).toISOString().slice(0, 19)).toBe(`${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}`);
      }),
      { numRuns: 2_000 },
    );
  });
});
