import type { Activity, ContestReason, EncodedBy } from '@prestaflow/contracts';

/**
 * The labels of the statuses (R12), the worker's colours and who encoded (R13), the activities and a worker's contest reasons, in each language:
 * plain data with no runtime import, so that the web app bundles the very labels the API answers
 * with (one source, issue 11) without the domain's code.
 */

/** The worker app's languages; the labels below exist in each. */
export type Language = 'fr' | 'nl' | 'de' | 'en';
export const languages: readonly Language[] = ['fr', 'nl', 'de', 'en'];
type Labels<Key extends string> = Readonly<Record<Key, Readonly<Record<Language, string>>>>;

export type CompanyStatus =
  | 'TO_VALIDATE_BY_COMPANY'
  | 'TO_VALIDATE_BY_WORKER'
  | 'CONTESTED_BY_WORKER'
  | 'VALIDATED_BY_WORKER'
  | 'VALIDATED_AUTOMATICALLY'
  | 'VALIDATED_BY_COMPANY'
  | 'CONTESTED_BY_USER'
  | 'CONFIRMED'
  | 'CANCELLED';

export type UserStatus = 'AWAITING_VALIDATION' | 'TO_CONFIRM' | 'CONFIRMED' | 'CONTESTED' | 'CANCELLED';

/** blue = encoded, yellow = pending (with the company or the user), orange = to validate, green = validated. */
export type WorkerColour = 'BLUE' | 'YELLOW' | 'ORANGE' | 'GREEN';

export const companyLabels: Labels<CompanyStatus> = {
  TO_VALIDATE_BY_COMPANY: {
    fr: "À valider par l'entreprise",
    nl: 'Te valideren door de onderneming',
    de: 'Vom Unternehmen zu validieren',
    en: 'To validate by the company',
  },
  TO_VALIDATE_BY_WORKER: {
    fr: 'À valider par le·la travailleur·euse',
    nl: 'Te valideren door de werknemer',
    de: 'Vom Arbeitnehmer zu validieren',
    en: 'To validate by the worker',
  },
  CONTESTED_BY_WORKER: {
    fr: 'Contestée par le·la travailleur·euse',
    nl: 'Betwist door de werknemer',
    de: 'Vom Arbeitnehmer beanstandet',
    en: 'Contested by the worker',
  },
  VALIDATED_BY_WORKER: {
    fr: 'Validée par le·la travailleur·euse',
    nl: 'Gevalideerd door de werknemer',
    de: 'Vom Arbeitnehmer validiert',
    en: 'Validated by the worker',
  },
  VALIDATED_AUTOMATICALLY: {
    fr: 'Validée automatiquement',
    nl: 'Automatisch gevalideerd',
    de: 'Automatisch validiert',
    en: 'Validated automatically',
  },
  VALIDATED_BY_COMPANY: {
    fr: "Validée par l'entreprise",
    nl: 'Gevalideerd door de onderneming',
    de: 'Vom Unternehmen validiert',
    en: 'Validated by the company',
  },
  CONTESTED_BY_USER: {
    fr: "Contestée par l'utilisateur·rice",
    nl: 'Betwist door de gebruiker',
    de: 'Vom Nutzer beanstandet',
    en: 'Contested by the user',
  },
  CONFIRMED: { fr: 'Confirmée', nl: 'Bevestigd', de: 'Bestätigt', en: 'Confirmed' },
  CANCELLED: { fr: 'Annulée', nl: 'Geannuleerd', de: 'Storniert', en: 'Cancelled' },
};

export const userLabels: Labels<UserStatus> = {
  AWAITING_VALIDATION: {
    fr: 'En attente de validation',
    nl: 'In afwachting van validatie',
    de: 'Validierung ausstehend',
    en: 'Awaiting validation',
  },
  TO_CONFIRM: { fr: 'À confirmer', nl: 'Te bevestigen', de: 'Zu bestätigen', en: 'To confirm' },
  CONFIRMED: { fr: 'Confirmée', nl: 'Bevestigd', de: 'Bestätigt', en: 'Confirmed' },
  CONTESTED: { fr: 'Contestée', nl: 'Betwist', de: 'Beanstandet', en: 'Contested' },
  CANCELLED: { fr: 'Annulée', nl: 'Geannuleerd', de: 'Storniert', en: 'Cancelled' },
};

export const colourLabels: Labels<WorkerColour> = {
  BLUE: { fr: 'Encodée', nl: 'Ingevoerd', de: 'Erfasst', en: 'Encoded' },
  YELLOW: { fr: 'En attente', nl: 'In afwachting', de: 'Ausstehend', en: 'Pending' },
  ORANGE: { fr: 'À valider', nl: 'Te valideren', de: 'Zu validieren', en: 'To validate' },
  GREEN: { fr: 'Validée', nl: 'Gevalideerd', de: 'Validiert', en: 'Validated' },
};

export const encodedByLabels: Labels<EncodedBy> = {
  WORKER: { fr: 'Encodée par vous', nl: 'Ingevoerd door u', de: 'Von Ihnen erfasst', en: 'Encoded by you' },
  COMPANY: {
    fr: "Encodée par l'entreprise",
    nl: 'Ingevoerd door de onderneming',
    de: 'Vom Unternehmen erfasst',
    en: 'Encoded by the company',
  },
};

/** The activities as people read them: the web's screens and the company's exports (R14, issue 11). */
export const activityLabels: Labels<Activity> = {
  HOUSEHOLD_HELP: { fr: 'Aide ménagère', nl: 'Huishoudelijke hulp', de: 'Haushaltshilfe', en: 'Household help' },
  SHOPPING: { fr: 'Courses', nl: 'Boodschappen', de: 'Einkaufen', en: 'Shopping' },
  IRONING: { fr: 'Repassage', nl: 'Strijken', de: 'Bügeln', en: 'Ironing' },
  TRANSPORT_REDUCED_MOBILITY: {
    fr: 'Transport de personnes à mobilité réduite',
    nl: 'Begeleid vervoer van personen met beperkte mobiliteit',
    de: 'Beförderung von Personen mit eingeschränkter Mobilität',
    en: 'Transport of persons with reduced mobility',
  },
};

/** A worker's reasons for contesting, as people read them: the worker's form, the company's screen and e-mail (R9; newcomer trial: the e-mail said otherwise). */
export const contestReasonLabels: Labels<ContestReason> = {
  WRONG_HOURS: { fr: 'Heures erronées', nl: 'Verkeerde uren', de: 'Falsche Stunden', en: 'Wrong hours' },
  WRONG_DATE: { fr: 'Date erronée', nl: 'Verkeerde datum', de: 'Falsches Datum', en: 'Wrong date' },
  WRONG_ACTIVITY: { fr: 'Activité erronée', nl: 'Verkeerde activiteit', de: 'Falsche Tätigkeit', en: 'Wrong activity' },
  NOT_PERFORMED: { fr: 'Non effectuée', nl: 'Niet uitgevoerd', de: 'Nicht erbracht', en: 'Not performed' },
  OTHER: { fr: 'Autre', nl: 'Andere', de: 'Sonstiges', en: 'Other' },
};
