import { type Activity } from '@prestaflow/contracts';
import { activityLabels, contestReasonLabels, formatDate, formatInstant, type Language } from '@prestaflow/domain';
import { type Names, type PrestationDetails, type Reason } from './reasons';

export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

interface Words {
  readonly hello: string;
  /** Between a label and its value: French sets a space before the colon. */
  readonly colon: string;
  readonly date: string;
  readonly hours: string;
  readonly activity: string;
  /** The parties' labels, for the rows naming the two a recipient is not. */
  readonly parties: Readonly<Record<Party, string>>;
  /** The subject when the prestation to validate is a correction (R3). */
  readonly correctedSubject: string;
  readonly open: string;
  readonly subjects: Readonly<Record<Reason, string>>;
  /** The sentence under the greeting; `at` is the formatted instant. */
  readonly lines: Readonly<Record<Reason, (d: PrestationDetails, at: string) => string>>;
  readonly contest: (d: NonNullable<PrestationDetails['contest']>, reason: string) => string;
  /** R2, R3: the reason the company gave for what the worker must validate. */
  readonly companyReason: (reason: string) => string;
  /** R18: the reason the household gave for its contest. */
  readonly userReason: (reason: string) => string;
}

const corrected = (d: PrestationDetails) => d.companyChange?.kind === 'CORRECTED';

type Party = keyof Names;
/** Whom each message goes to, and so the two parties its rows name (issue 11: by name). */
const othersOf: Readonly<Record<Reason, readonly Party[]>> = {
  WORKER_TO_VALIDATE: ['company', 'user'],
  USER_TO_CONFIRM: ['worker', 'company'],
  USER_REMINDER: ['worker', 'company'],
  USER_AUTO_VALIDATED: ['worker', 'company'],
  COMPANY_WORKER_CONTESTED: ['worker', 'user'],
  USER_WORKER_CONTESTED: ['worker', 'company'],
  COMPANY_USER_CONTESTED: ['worker', 'user'],
};

const words: Readonly<Record<Language, Words>> = {
  fr: {
    hello: 'Bonjour,',
    colon: ' : ',
    date: 'Date de la prestation',
    hours: 'Heures',
    activity: 'Activité',
    parties: { company: 'Entreprise', worker: 'Travailleur·euse', user: 'Utilisateur·rice' },
    correctedSubject: 'Une prestation corrigée attend votre validation',
    open: 'Ouvrir la prestation',
    subjects: {
      WORKER_TO_VALIDATE: 'Une prestation attend votre validation',
      USER_TO_CONFIRM: 'Une prestation attend votre confirmation',
      USER_REMINDER: 'Rappel : une prestation attend votre confirmation',
      USER_AUTO_VALIDATED: 'Prestation validée automatiquement',
      COMPANY_WORKER_CONTESTED: 'Un·e travailleur·euse conteste une prestation',
      USER_WORKER_CONTESTED: 'Une prestation que vous avez confirmée est contestée',
      COMPANY_USER_CONTESTED: 'Un·e utilisateur·rice conteste une prestation',
    },
    lines: {
      WORKER_TO_VALIDATE: (d, at) =>
        `${d.names?.company ?? 'Votre entreprise'} a ${corrected(d) ? 'corrigé une prestation. Validez la version corrigée' : 'encodé une prestation pour vous. Validez-la'} ou contestez-la avant le ${at} ; sans réponse, elle sera validée automatiquement.`,
      USER_TO_CONFIRM: (_d, at) => `Une prestation attend votre confirmation. Sans réponse avant le ${at}, elle sera validée automatiquement.`,
      USER_REMINDER: (_d, at) => `Rappel : une prestation attend toujours votre confirmation. Sans réponse avant le ${at}, elle sera validée automatiquement.`,
      USER_AUTO_VALIDATED: (_d, at) => `La prestation ci-dessous a été validée automatiquement le ${at}.`,
      COMPANY_WORKER_CONTESTED: (d, at) => `${d.names?.worker ?? 'Votre travailleur·euse'} a contesté la prestation ci-dessous le ${at}. Corrigez-la ou annulez-la.`,
      USER_WORKER_CONTESTED: (d, at) => `${d.names?.worker ?? 'Le·la travailleur·euse'} a contesté le ${at} la prestation ci-dessous, que vous aviez confirmée. Votre confirmation ne vaut plus : l’entreprise va la corriger ou l’annuler.`,
      COMPANY_USER_CONTESTED: (d, at) => `${d.names?.user ?? 'L’utilisateur·rice'} a contesté la prestation ci-dessous le ${at} : elle ne sera pas validée automatiquement. Corrigez-la ou annulez-la.`,
    },
    contest: (c, reason) => `Motif : ${reason}. « ${c.text} »${c.proposedHours ? ` Heures proposées : ${c.proposedHours}.` : ''}`,
    companyReason: (reason) => `Motif donné par l’entreprise : « ${reason} »`,
    userReason: (reason) => `Motif donné par l’utilisateur·rice : « ${reason} »`,
  },
  nl: {
    hello: 'Goedendag,',
    colon: ': ',
    date: 'Datum van de prestatie',
    hours: 'Uren',
    activity: 'Activiteit',
    parties: { company: 'Onderneming', worker: 'Werknemer', user: 'Gebruiker' },
    correctedSubject: 'Een verbeterde prestatie wacht op uw validatie',
    open: 'De prestatie openen',
    subjects: {
      WORKER_TO_VALIDATE: 'Een prestatie wacht op uw validatie',
      USER_TO_CONFIRM: 'Een prestatie wacht op uw bevestiging',
      USER_REMINDER: 'Herinnering: een prestatie wacht op uw bevestiging',
      USER_AUTO_VALIDATED: 'Prestatie automatisch gevalideerd',
      COMPANY_WORKER_CONTESTED: 'Een werknemer betwist een prestatie',
      USER_WORKER_CONTESTED: 'Een prestatie die u bevestigde, wordt betwist',
      COMPANY_USER_CONTESTED: 'Een gebruiker betwist een prestatie',
    },
    lines: {
      WORKER_TO_VALIDATE: (d, at) =>
        `${d.names?.company ?? 'Uw onderneming'} heeft ${corrected(d) ? 'een prestatie verbeterd. Valideer de verbeterde versie' : 'een prestatie voor u ingevoerd. Valideer ze'} of betwist ze vóór ${at}; zonder antwoord wordt ze automatisch gevalideerd.`,
      USER_TO_CONFIRM: (_d, at) => `Een prestatie wacht op uw bevestiging. Zonder antwoord vóór ${at} wordt ze automatisch gevalideerd.`,
      USER_REMINDER: (_d, at) => `Herinnering: een prestatie wacht nog op uw bevestiging. Zonder antwoord vóór ${at} wordt ze automatisch gevalideerd.`,
      USER_AUTO_VALIDATED: (_d, at) => `De onderstaande prestatie werd op ${at} automatisch gevalideerd.`,
      COMPANY_WORKER_CONTESTED: (d, at) => `${d.names?.worker ?? 'Uw werknemer'} heeft de onderstaande prestatie op ${at} betwist. Verbeter of annuleer ze.`,
      USER_WORKER_CONTESTED: (d, at) => `${d.names?.worker ?? 'De werknemer'} heeft de onderstaande prestatie, die u had bevestigd, op ${at} betwist. Uw bevestiging geldt niet meer: de onderneming zal ze verbeteren of annuleren.`,
      COMPANY_USER_CONTESTED: (d, at) => `${d.names?.user ?? 'De gebruiker'} heeft de onderstaande prestatie op ${at} betwist: ze wordt niet automatisch gevalideerd. Verbeter of annuleer ze.`,
    },
    contest: (c, reason) => `Reden: ${reason}. "${c.text}"${c.proposedHours ? ` Voorgestelde uren: ${c.proposedHours}.` : ''}`,
    companyReason: (reason) => `Reden van de onderneming: "${reason}"`,
    userReason: (reason) => `Reden van de gebruiker: "${reason}"`,
  },
  de: {
    hello: 'Guten Tag,',
    colon: ': ',
    date: 'Datum der Leistung',
    hours: 'Stunden',
    activity: 'Tätigkeit',
    parties: { company: 'Unternehmen', worker: 'Arbeitnehmer', user: 'Nutzer' },
    correctedSubject: 'Eine korrigierte Leistung wartet auf Ihre Validierung',
    open: 'Leistung öffnen',
    subjects: {
      WORKER_TO_VALIDATE: 'Eine Leistung wartet auf Ihre Validierung',
      USER_TO_CONFIRM: 'Eine Leistung wartet auf Ihre Bestätigung',
      USER_REMINDER: 'Erinnerung: Eine Leistung wartet auf Ihre Bestätigung',
      USER_AUTO_VALIDATED: 'Leistung automatisch bestätigt',
      COMPANY_WORKER_CONTESTED: 'Ein Arbeitnehmer beanstandet eine Leistung',
      USER_WORKER_CONTESTED: 'Eine von Ihnen bestätigte Leistung wird beanstandet',
      COMPANY_USER_CONTESTED: 'Ein Nutzer beanstandet eine Leistung',
    },
    lines: {
      WORKER_TO_VALIDATE: (d, at) =>
        `${d.names?.company ?? 'Ihr Unternehmen'} hat ${corrected(d) ? 'eine Leistung korrigiert. Validieren Sie die korrigierte Fassung' : 'eine Leistung für Sie erfasst. Validieren Sie sie'} oder beanstanden Sie sie vor dem ${at}; ohne Antwort wird sie automatisch validiert.`,
      USER_TO_CONFIRM: (_d, at) => `Eine Leistung wartet auf Ihre Bestätigung. Ohne Antwort vor dem ${at} wird sie automatisch bestätigt.`,
      USER_REMINDER: (_d, at) => `Erinnerung: Eine Leistung wartet noch auf Ihre Bestätigung. Ohne Antwort vor dem ${at} wird sie automatisch bestätigt.`,
      USER_AUTO_VALIDATED: (_d, at) => `Die folgende Leistung wurde am ${at} automatisch bestätigt.`,
      COMPANY_WORKER_CONTESTED: (d, at) => `${d.names?.worker ?? 'Ihr Arbeitnehmer'} hat die folgende Leistung am ${at} beanstandet. Korrigieren oder stornieren Sie sie.`,
      USER_WORKER_CONTESTED: (d, at) => `${d.names?.worker ?? 'Der Arbeitnehmer'} hat die folgende Leistung, die Sie bestätigt hatten, am ${at} beanstandet. Ihre Bestätigung gilt nicht mehr: Das Unternehmen wird sie korrigieren oder stornieren.`,
      COMPANY_USER_CONTESTED: (d, at) => `${d.names?.user ?? 'Der Nutzer'} hat die folgende Leistung am ${at} beanstandet: Sie wird nicht automatisch validiert. Korrigieren oder stornieren Sie sie.`,
    },
    contest: (c, reason) => `Grund: ${reason}. „${c.text}“${c.proposedHours ? ` Vorgeschlagene Stunden: ${c.proposedHours}.` : ''}`,
    companyReason: (reason) => `Begründung des Unternehmens: „${reason}“`,
    userReason: (reason) => `Grund des Nutzers: „${reason}“`,
  },
  en: {
    hello: 'Hello,',
    colon: ': ',
    date: 'Date of the prestation',
    hours: 'Hours',
    activity: 'Activity',
    parties: { company: 'Company', worker: 'Worker', user: 'User' },
    correctedSubject: 'A corrected prestation awaits your validation',
    open: 'Open the prestation',
    subjects: {
      WORKER_TO_VALIDATE: 'A prestation awaits your validation',
      USER_TO_CONFIRM: 'A prestation awaits your confirmation',
      USER_REMINDER: 'Reminder: a prestation awaits your confirmation',
      USER_AUTO_VALIDATED: 'Prestation validated automatically',
      COMPANY_WORKER_CONTESTED: 'A worker contests a prestation',
      USER_WORKER_CONTESTED: 'A prestation you confirmed is contested',
      COMPANY_USER_CONTESTED: 'A user contests a prestation',
    },
    lines: {
      WORKER_TO_VALIDATE: (d, at) =>
        `${d.names?.company ?? 'Your company'} ${corrected(d) ? 'corrected a prestation. Validate the corrected version' : 'encoded a prestation for you. Validate it'} or contest it before ${at}; without an answer it is validated automatically.`,
      USER_TO_CONFIRM: (_d, at) => `A prestation awaits your confirmation. Without an answer before ${at} it is validated automatically.`,
      USER_REMINDER: (_d, at) => `Reminder: a prestation still awaits your confirmation. Without an answer before ${at} it is validated automatically.`,
      USER_AUTO_VALIDATED: (_d, at) => `The prestation below was validated automatically on ${at}.`,
      COMPANY_WORKER_CONTESTED: (d, at) => `${d.names?.worker ?? 'Your worker'} contested the prestation below on ${at}. Correct or cancel it.`,
      USER_WORKER_CONTESTED: (d, at) => `${d.names?.worker ?? 'The worker'} contested the prestation below, which you had confirmed, on ${at}. Your confirmation no longer applies: the company will correct or cancel it.`,
      COMPANY_USER_CONTESTED: (d, at) => `${d.names?.user ?? 'The user'} contested the prestation below on ${at}: it will not be validated automatically. Correct or cancel it.`,
    },
    contest: (c, reason) => `Reason: ${reason}. "${c.text}"${c.proposedHours ? ` Proposed hours: ${c.proposedHours}.` : ''}`,
    companyReason: (reason) => `The company's reason: "${reason}"`,
    userReason: (reason) => `The user's reason: "${reason}"`,
  },
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Where a message's link goes: the web app's screen of that prestation in the recipient's area
 * (/app/worker|user|company/prestations/<id>, served by the gateway under /app/; the app asks
 * to log in first when needed and then opens it; issue 11).
 */
export function prestationLink(appUrl: string, audience: 'worker' | 'user' | 'company', prestationId: string): string {
  return `${appUrl}/app/${audience}/prestations/${encodeURIComponent(prestationId)}`;
}

/** One message in the recipient's language, as plain text and HTML, with the prestation's details and a link. */
export function render(reason: Reason, language: Language, details: PrestationDetails, link: string): RenderedMessage {
  const w = words[language];
  const lines = [w.lines[reason](details, formatInstant(details.instant, language))];
  if (details.contest) lines.push(w.contest(details.contest, contestReasonLabels[details.contest.reasonCode][language]));
  if (details.companyChange?.reason) lines.push(w.companyReason(details.companyChange.reason));
  if (details.userContest) lines.push(w.userReason(details.userContest.reason));
  const facts: Array<[string, string]> = [
    [w.date, formatDate(details.serviceDate, language)],
    [w.hours, String(details.hours)],
    [w.activity, activityLabels[details.activity][language]],
    ...othersOf[reason].flatMap((party): Array<[string, string]> => (details.names?.[party] ? [[w.parties[party], details.names[party]]] : [])),
  ];
  const text = [w.hello, '', ...lines, '', ...facts.map(([k, v]) => `${k}${w.colon}${v}`), '', `${w.open}${w.colon}${link}`, ''].join('\n');
  const html = [
    `<!doctype html><html lang="${language}"><body>`,
    `<p>${escapeHtml(w.hello)}</p>`,
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<table>${facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(w.open)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: reason === 'WORKER_TO_VALIDATE' && corrected(details) ? w.correctedSubject : w.subjects[reason], text, html };
}

/** One prestation a company's worker still has to validate, as the daily digest lists it (R14). */
export interface DigestItem {
  readonly prestationId: string;
  readonly workerId: string;
  /** The worker's name in the reference data; without one the digest names the worker by id. */
  readonly workerName?: string;
  readonly serviceDate: string;
  readonly hours: number;
  readonly activity: Activity;
  readonly dueAt: string;
}

const digestWords: Readonly<Record<Language, { subject: string; intro: (count: number) => string; worker: string; until: string }>> = {
  fr: { subject: 'Prestations à valider par vos travailleur·euses', intro: (n) => (n === 1 ? '1 prestation attend encore la validation de vos travailleur·euses :' : `${n} prestations attendent encore la validation de vos travailleur·euses :`), worker: 'travailleur·euse', until: 'à valider avant le' },
  nl: { subject: 'Prestaties die uw werknemers nog moeten valideren', intro: (n) => (n === 1 ? '1 prestatie wacht nog op de validatie van uw werknemers:' : `${n} prestaties wachten nog op de validatie van uw werknemers:`), worker: 'werknemer', until: 'te valideren vóór' },
  de: { subject: 'Leistungen, die Ihre Arbeitnehmer noch validieren müssen', intro: (n) => (n === 1 ? '1 Leistung wartet noch auf die Validierung Ihrer Arbeitnehmer:' : `${n} Leistungen warten noch auf die Validierung Ihrer Arbeitnehmer:`), worker: 'Arbeitnehmer', until: 'zu validieren vor dem' },
  en: { subject: 'Prestations your workers still have to validate', intro: (n) => (n === 1 ? "1 prestation still awaits your workers' validation:" : `${n} prestations still await your workers' validation:`), worker: 'worker', until: 'to validate before' },
};

/** The company's daily digest: every prestation its workers still have to validate, with its deadline. */
export function renderDigest(language: Language, items: readonly DigestItem[], link: (prestationId: string) => string): RenderedMessage {
  const w = words[language];
  const d = digestWords[language];
  const line = (item: DigestItem) =>
    `${formatDate(item.serviceDate, language)} · ${item.workerName ?? `${d.worker} ${item.workerId}`} · ${item.hours} h · ${activityLabels[item.activity][language]} · ${d.until} ${formatInstant(item.dueAt, language)}`;
  const text = [w.hello, '', d.intro(items.length), '', ...items.map((item) => `- ${line(item)}\n  ${link(item.prestationId)}`), ''].join('\n');
  const html = [
    `<!doctype html><html lang="${language}"><body>`,
    `<p>${escapeHtml(w.hello)}</p>`,
    `<p>${escapeHtml(d.intro(items.length))}</p>`,
    `<ul>${items.map((item) => `<li><a href="${escapeHtml(link(item.prestationId))}">${escapeHtml(line(item))}</a></li>`).join('')}</ul>`,
    '</body></html>',
  ].join('\n');
  return { subject: d.subject, text, html };
}
