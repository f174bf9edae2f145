import { type Language } from '@prestaflow/domain/status-labels';

/** Every date and time is shown in Brussels time, whatever the device's zone. */
export const zone = 'Europe/Brussels';
const locales: Record<Language, string> = { fr: 'fr-BE', nl: 'nl-BE', de: 'de-BE', en: 'en-GB' };
export const localeOf = (language: Language) => locales[language];

// Making an Intl formatter costs far more than using one (a table of 50 rows made some 250 on
// each render): one per language and options, kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locales[language], { ...options, timeZone: zone })));
  return format;
}
function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locales[language], options)));
  return format;
}

/** A service date (YYYY-MM-DD, a calendar day with no time) in the language's long form, or a short one for tables. */
export function formatDate(localDate: string, language: Language, length: 'full' | 'medium' = 'full'): string {
  // Noon UTC of that day is the same day in Brussels.
  return dateFormat(language, { dateStyle: length }).format(new Date(`${localDate}T12:00:00Z`));
}

/** An instant (ISO 8601) as a Brussels date and time. */
export function formatInstant(instant: string, language: Language): string {
  return dateFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(instant));
}

/** A Brussels date and time in words, with the weekday: "lundi 7 décembre 2026 à 23:59" (a deadline a person acts on). */
export function formatInstantLong(instant: string, language: Language): string {
  return dateFormat(language, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(instant));
}

const brusselsDays = new Intl.DateTimeFormat('en-CA', { timeZone: zone });
/** The Brussels calendar day (YYYY-MM-DD) an instant falls on. */
export const brusselsDay = (instant: string | Date): string => brusselsDays.format(new Date(instant));

export function formatPercent(share: number, language: Language): string {
  return numberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}
