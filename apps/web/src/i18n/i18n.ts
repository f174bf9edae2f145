import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { activityLabels, colourLabels, companyLabels, contestReasonLabels, encodedByLabels, type Language, languages, userLabels } from '@prestaflow/domain/status-labels';
import { de } from './de';
import { en, type Messages } from './en';
import { fr } from './fr';
import { nl } from './nl';

export { languages, type Language };
export const messages: Readonly<Record<Language, Messages>> = { fr, nl, de, en };

/** One language's labels of a status table, as i18next resources ({STATUS: label}). */
const labelsIn = <Key extends string>(table: Readonly<Record<Key, Readonly<Record<Language, string>>>>, language: Language) =>
  Object.fromEntries(Object.entries<Readonly<Record<Language, string>>>(table).map(([key, labels]) => [key, labels[language]]));

/**
 * The texts of one language: the app's messages and, under `status`, the very labels the API
 * answers with (libs/domain/src/status-labels.ts, R12), so that both never differ; under
 * `activities` and `contestReasons`, the labels of the same source (the exports' and the e-mails' too, R14).
 */
export function resourcesOf(language: Language) {
  return {
    ...messages[language],
    activities: labelsIn(activityLabels, language),
    contestReasons: labelsIn(contestReasonLabels, language),
    status: {
      company: labelsIn(companyLabels, language),
      user: labelsIn(userLabels, language),
      colour: labelsIn(colourLabels, language),
      encodedBy: labelsIn(encodedByLabels, language),
    },
  };
}

/** Each language's name in itself, for the language switches. */
export const languageNames: Readonly<Record<Language, string>> = { fr: 'Français', nl: 'Nederlands', de: 'Deutsch', en: 'English' };

const stored = 'prestaflow.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The language chosen on this device, else the browser's, else French. */
export function initialLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(stored);
  if (isLanguage(saved)) return saved;
  const browser = globalThis.navigator?.language?.slice(0, 2);
  return isLanguage(browser) ? browser : 'fr';
}

export async function setLanguage(language: Language): Promise<void> {
  globalThis.localStorage?.setItem(stored, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

/** i18next with every language loaded (they are small); a missing key is logged as such. */
export async function initI18n(language: Language = initialLanguage()) {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: false,
    resources: Object.fromEntries(languages.map((lang) => [lang, { translation: resourcesOf(lang) }])),
    interpolation: { escapeValue: false },
    saveMissing: true,
    missingKeyHandler: (lngs, _ns, key) => console.error(`missing i18n key "${key}" in ${lngs.join(', ')}`),
  });
  document.documentElement.lang = language;
  return i18next;
}
