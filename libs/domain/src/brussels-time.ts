import type { Instant, LocalDate } from '@prestaflow/contracts';
import { DateTime } from 'luxon';
import type { Language } from './statuses';

/**
 * How a person reads an instant (issue #10): always in Brussels time, whatever the zone of the
 * server or the reader. Machine-readable fields stay ISO 8601 UTC; these are for people only:
 * e-mails, the views' labels, the exports.
 */
export const BRUSSELS_ZONE = 'Europe/Brussels';

/** A day and time on the Brussels wall clock, as the language writes it (`month` in words). */
interface WallTime {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
  readonly minute: string;
}

interface Words {
  readonly locale: string;
  /** luxon's formats: for text other than the UTC form, read and written as before Intl. */
  readonly instant: string;
  readonly date: string;
  /** The same texts assembled from Intl's parts: exactly luxon's (brussels-time.unit.spec.ts compares them). */
  readonly dateWords: (wall: WallTime) => string;
  readonly at: string;
  readonly brussels: string;
}

const plainDate = ({ day, month, year }: WallTime) => `${day} ${month} ${year}`;

const readable: Readonly<Record<Language, Words>> = {
  fr: { locale: 'fr-BE', instant: "d MMMM yyyy 'à' HH:mm", date: 'd MMMM yyyy', dateWords: plainDate, at: 'à', brussels: 'heure de Bruxelles' },
  nl: { locale: 'nl-BE', instant: "d MMMM yyyy 'om' HH:mm", date: 'd MMMM yyyy', dateWords: plainDate, at: 'om', brussels: 'Brusselse tijd' },
  de: { locale: 'de-BE', instant: "d. MMMM yyyy 'um' HH:mm", date: 'd. MMMM yyyy', dateWords: ({ day, month, year }) => `${day}. ${month} ${year}`, at: 'um', brussels: 'Brüsseler Zeit' },
  en: { locale: 'en-GB', instant: "d MMMM yyyy 'at' HH:mm", date: 'd MMMM yyyy', dateWords: plainDate, at: 'at', brussels: 'Brussels time' },
};

// A company page of 100 rows formats 100 labels: through luxon (a DateTime, its zone offset,
// its tokens) that was a fifth of the gateway's CPU under load (issue 12 item 6). Making an Intl
// formatter costs far more than using one: one per language, and one in figures, made on first use.
const inWords = new Map<Language, Intl.DateTimeFormat>();
let inFigures: Intl.DateTimeFormat | undefined;
const brussels = { timeZone: BRUSSELS_ZONE, hourCycle: 'h23' } as const;

const wordsFormat = (language: Language): Intl.DateTimeFormat => {
  let format = inWords.get(language);
  if (!format) inWords.set(language, (format = new Intl.DateTimeFormat(readable[language].locale, { ...brussels, year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' })));
  return format;
};
const figuresFormat = (): Intl.DateTimeFormat =>
  (inFigures ??= new Intl.DateTimeFormat('en-GB', { ...brussels, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }));

/** The Brussels wall time of `ms` (since 1970, UTC) in the parts `format` gives, hours and minutes in two figures as luxon writes them. */
function wallTime(format: Intl.DateTimeFormat, ms: number): WallTime & { second: string } {
  const wall = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const { type, value } of format.formatToParts(ms)) {
    if (type in wall) wall[type as keyof typeof wall] = value;
  }
  wall.hour = wall.hour.padStart(2, '0');
  wall.minute = wall.minute.padStart(2, '0');
  return wall;
}

// The UTC form every event and view carries, years 1000-9999: Intl's figures are luxon's there
// (before year 1000 luxon pads the year, before year 1 Intl counts eras). Other text (an offset,
// no milliseconds, not a real instant) still goes to luxon, which reads it as before.
const utcForm = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const dateForm = /^[1-9]\d{3}-\d{2}-\d{2}$/;

/** The milliseconds since 1970 of an instant in the UTC form, or undefined for any other text. */
function utcMillis(instant: string): number | undefined {
  if (!utcForm.test(instant)) return undefined;
  const ms = Date.parse(instant);
  // Date.parse takes 30 February (as 2 March): only a real instant writes itself back the same.
  return !Number.isNaN(ms) && new Date(ms).toISOString() === instant ? ms : undefined;
}

const inBrussels = (instant: Instant | string) => DateTime.fromISO(instant, { zone: BRUSSELS_ZONE });

// The labels already written, by language and instant: the deadlines on a company page are the
// ends of a few days, the same on most of its rows (issue 12 item 6). Only UTC-form instants.
const LABELS_KEPT = 10_000;
const labels: Readonly<Record<Language, Map<string, string>>> = { fr: new Map(), nl: new Map(), de: new Map(), en: new Map() };

/** The instant in words, in Brussels time: "7 décembre 2026 à 23:59 (heure de Bruxelles)". */
export function formatInstant(instant: Instant | string, language: Language): string {
  const known = labels[language].get(instant);
  if (known !== undefined) return known;
  const words = readable[language];
  const ms = utcMillis(instant);
  if (ms === undefined) return `${inBrussels(instant).setLocale(words.locale).toFormat(words.instant)} (${words.brussels})`;
  const wall = wallTime(wordsFormat(language), ms);
  const label = `${words.dateWords(wall)} ${words.at} ${wall.hour}:${wall.minute} (${words.brussels})`;
  if (labels[language].size >= LABELS_KEPT) labels[language].clear();
  labels[language].set(instant, label);
  return label;
}

/** A calendar date in words: "7 décembre 2026". */
export function formatDate(date: LocalDate | string, language: Language): string {
  const words = readable[language];
  // Noon UTC falls on the same day in Brussels (its offsets have stayed within 0 to +2 hours).
  const noon = dateForm.test(date) ? utcMillis(`${date}T12:00:00.000Z`) : undefined;
  if (noon === undefined) return DateTime.fromISO(date, { zone: BRUSSELS_ZONE }).setLocale(words.locale).toFormat(words.date);
  return words.dateWords(wallTime(wordsFormat(language), noon));
}

/** The instant in figures for files (CSV), Brussels wall time: "07/12/2026 23:59". */
export function formatInstantForExport(instant: Instant | string): string {
  const ms = utcMillis(instant);
  if (ms === undefined) return inBrussels(instant).toFormat('dd/MM/yyyy HH:mm');
  const { day, month, year, hour, minute } = wallTime(figuresFormat(), ms);
  return `${day}/${month}/${year} ${hour}:${minute}`;
}

/**
 * The Brussels wall time of an instant as a Date whose UTC fields carry it: what a spreadsheet
 * date cell (which has no time zone) must hold to show 23:59 for 22:59Z in winter.
 */
export function brusselsWallClock(instant: Instant | string): Date {
  const ms = utcMillis(instant);
  if (ms === undefined) return inBrussels(instant).setZone('utc', { keepLocalTime: true }).toJSDate();
  const { year, month, day, hour, minute, second } = wallTime(figuresFormat(), ms);
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ((ms % 1000) + 1000) % 1000));
}
