import fc from 'fast-check';
import { DateTime } from 'luxon';
import { brusselsWallClock, formatDate, formatInstant, formatInstantForExport } from './brussels-time';
import type { Language } from './statuses';

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

// The texts as luxon wrote them before Intl (issue 12 item 6): the oracle the Intl texts must equal.
const luxonWords: Record<Language, { locale: string; instant: string; date: string; brussels: string }> = {
  fr: { locale: 'fr-BE', instant: "d MMMM yyyy 'à' HH:mm", date: 'd MMMM yyyy', brussels: 'heure de Bruxelles' },
  nl: { locale: 'nl-BE', instant: "d MMMM yyyy 'om' HH:mm", date: 'd MMMM yyyy', brussels: 'Brusselse tijd' },
  de: { locale: 'de-BE', instant: "d. MMMM yyyy 'um' HH:mm", date: 'd. MMMM yyyy', brussels: 'Brüsseler Zeit' },
  en: { locale: 'en-GB', instant: "d MMMM yyyy 'at' HH:mm", date: 'd MMMM yyyy', brussels: 'Brussels time' },
};
const allLanguages = Object.keys(luxonWords) as Language[];
const luxon = {
  instant: (instant: string, language: Language) =>
    `${DateTime.fromISO(instant, { zone: 'Europe/Brussels' }).setLocale(luxonWords[language].locale).toFormat(luxonWords[language].instant)} (${luxonWords[language].brussels})`,
  date: (date: string, language: Language) => DateTime.fromISO(date, { zone: 'Europe/Brussels' }).setLocale(luxonWords[language].locale).toFormat(luxonWords[language].date),
  export: (instant: string) => DateTime.fromISO(instant, { zone: 'Europe/Brussels' }).toFormat('dd/MM/yyyy HH:mm'),
  wallClock: (instant: string) => DateTime.fromISO(instant, { zone: 'Europe/Brussels' }).setZone('utc', { keepLocalTime: true }).toJSDate(),
};

/** Every text of an instant (and of its Brussels day) against luxon's, in all four languages. */
const expectLuxonTexts = (instant: string) => {
  for (const language of allLanguages) {
    expect(formatInstant(instant, language)).toBe(luxon.instant(instant, language));
    const day = DateTime.fromISO(instant, { zone: 'Europe/Brussels' }).toISODate();
    if (day !== null) expect(formatDate(day, language)).toBe(luxon.date(day, language));
  }
  expect(formatInstantForExport(instant)).toBe(luxon.export(instant));
  expect(brusselsWallClock(instant).getTime()).toEqual(luxon.wallClock(instant).getTime());
};

describe('the texts from Intl are exactly the ones luxon wrote (issue 12 item 6)', () => {
  it('the example in each language', () => {
    expect(allLanguages.map((language) => formatInstant('2026-12-07T22:59:59.999Z', language))).toEqual([
      '7 décembre 2026 à 23:59 (heure de Bruxelles)',
      '7 december 2026 om 23:59 (Brusselse tijd)',
      '7. Dezember 2026 um 23:59 (Brüsseler Zeit)',
      '7 December 2026 at 23:59 (Brussels time)',
    ]);
    expect(allLanguages.map((language) => formatDate('2026-03-01', language))).toEqual(['1 mars 2026', '1 maart 2026', '1. März 2026', '1 March 2026']);
  });

  it('every month of 2026, at midnight and at one minute to midnight in Brussels', () => {
    for (let month = 1; month <= 12; month++) {
      const first = DateTime.fromObject({ year: 2026, month, day: 1 }, { zone: 'Europe/Brussels' });
      expectLuxonTexts(first.toUTC().toISO() as string);
      expectLuxonTexts(first.endOf('month').toUTC().toISO() as string);
    }
  });

  it('across the Brussels DST switches (autumn 2025, spring 2026), minute by minute', () => {
    for (const switchUtc of ['2025-10-26T01:00:00.000Z', '2026-03-29T01:00:00.000Z']) {
      for (let minute = -65; minute <= 65; minute++) expectLuxonTexts(new Date(Date.parse(switchUtc) + minute * 60_000 - 1).toISOString());
    }
  });

  it('any instant from 1850 to 2200, and years at the ends of the UTC form', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => expectLuxonTexts(new Date(ms).toISOString())),
      { numRuns: 500 },
    );
    for (const instant of ['1000-01-01T00:00:00.000Z', '0999-12-31T23:59:59.999Z', '9999-12-31T12:00:00.000Z', '1969-12-31T23:59:59.001Z']) expectLuxonTexts(instant);
  });

  it('text other than the UTC form is read as luxon reads it: an offset, no milliseconds, a local time, not an instant', () => {
    for (const text of ['2026-12-07T23:59:00+01:00', '2026-12-07T22:59Z', '2026-12-07T23:59', '2025-02-30T10:00:00.000Z', 'yesterday']) {
      for (const language of allLanguages) expect(formatInstant(text, language)).toBe(luxon.instant(text, language));
      expect(formatInstantForExport(text)).toBe(luxon.export(text));
    }
    for (const text of ['2025-02-29', '2024-02-29', '0999-12-31', '2026-12-07T10:00:00Z', 'tomorrow']) {
      for (const language of allLanguages) expect(formatDate(text, language)).toBe(luxon.date(text, language));
    }
  });
});
