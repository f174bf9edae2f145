import type { Instant, LocalDate } from '@prestaflow/contracts';
import { DateTime } from 'luxon';
import type { Language } from './statuses';

/**
 * How a person reads an instant (issue #10): always in Brussels time, whatever the zone of the
 * server or the reader. Machine-readable fields stay ISO 8601 UTC; these are for people only:
 * e-mails, the views' labels, the exports.
 */
export const BRUSSELS_ZONE = 'Europe/Brussels';

const readable: Readonly<Record<Language, { locale: string; instant: string; date: string; brussels: string }>> = {
  fr: { locale: 'fr-BE', instant: "d MMMM yyyy 'à' HH:mm", date: 'd MMMM yyyy', brussels: 'heure de Bruxelles' },
  nl: { locale: 'nl-BE', instant: "d MMMM yyyy 'om' HH:mm", date: 'd MMMM yyyy', brussels: 'Brusselse tijd' },
  de: { locale: 'de-BE', instant: "d. MMMM yyyy 'um' HH:mm", date: 'd. MMMM yyyy', brussels: 'Brüsseler Zeit' },
  en: { locale: 'en-GB', instant: "d MMMM yyyy 'at' HH:mm", date: 'd MMMM yyyy', brussels: 'Brussels time' },
};

const inBrussels = (instant: Instant | string) => DateTime.fromISO(instant, { zone: BRUSSELS_ZONE });

/** The instant in words, in Brussels time: "7 décembre 2026 à 23:59 (heure de Bruxelles)". */
export function formatInstant(instant: Instant | string, language: Language): string {
  const words = readable[language];
  return `${inBrussels(instant).setLocale(words.locale).toFormat(words.instant)} (${words.brussels})`;
}

/** A calendar date in words: "7 décembre 2026". */
export function formatDate(date: LocalDate | string, language: Language): string {
  const words = readable[language];
  return DateTime.fromISO(date, { zone: BRUSSELS_ZONE }).setLocale(words.locale).toFormat(words.date);
}

/** The instant in figures for files (CSV), Brussels wall time: "07/12/2026 23:59". */
export const formatInstantForExport = (instant: Instant | string): string => inBrussels(instant).toFormat('dd/MM/yyyy HH:mm');

/**
 * The Brussels wall time of an instant as a Date whose UTC fields carry it: what a spreadsheet
 * date cell (which has no time zone) must hold to show 23:59 for 22:59Z in winter.
 */
export const brusselsWallClock = (instant: Instant | string): Date => inBrussels(instant).setZone('utc', { keepLocalTime: true }).toJSDate();
