import { type PrestationCommand } from '@prestaflow/contracts';
import { defaultPolicy, formatInstant, prestationDecider, type PrestationState } from '@prestaflow/domain';
import {
  cancelPrestation,
  confirmAsUser,
  contestAsUser,
  contestAsWorker,
  correctPrestation,
  encodePrestation,
  encodePrestationForWorker,
  extendUserDelayForAbsence,
  reachUserDeadline,
  reachWorkerDeadline,
  remindUser,
  T0,
  validateAsWorker,
} from '@prestaflow/testing';
import { needsAbsences, noticesOf } from './reasons';
import { render, renderDigest } from './templates';

const decider = prestationDecider(defaultPolicy);

/** The notices of the last command's events, each with the state right after it. */
function lastNotices(commands: readonly PrestationCommand[]): ReturnType<typeof noticesOf> {
  let state: PrestationState = decider.initialState();
  let notices: ReturnType<typeof noticesOf> = [];
  for (const command of commands) {
    notices = [];
    for (const event of decider.decide(command, state)) {
      const before = state;
      state = decider.evolve(state, event);
      notices.push(...noticesOf('p-1', event, state, before));
    }
  }
  return notices;
}

function noticesAfter(commands: readonly PrestationCommand[]) {
  return lastNotices(commands).map(({ audience, reason, details }) => [audience, reason, details.instant, details.reminder ?? null]);
}

const encoded = encodePrestationForWorker(T0);
const lapsed = reachWorkerDeadline('2025-06-17T21:59:59.999Z');

describe('who is told what', () => {
  it('R4 the worker, when a company encoding or a correction awaits their validation, with the deadline', () => {
    expect(noticesAfter([encoded])).toEqual([['worker', 'WORKER_TO_VALIDATE', '2025-06-17T21:59:59.999Z', null]]);
    expect(noticesAfter([encoded, correctPrestation('2025-06-12T08:00:00.000Z', { version: 1, hours: 3 })])).toEqual([
      ['worker', 'WORKER_TO_VALIDATE', '2025-06-19T21:59:59.999Z', null],
    ]);
  });

  it('R8 the user: awaiting confirmation after the worker step, reminders 1 and 2, automatic validation done', () => {
    expect(noticesAfter([encoded, lapsed])).toEqual([['user', 'USER_TO_CONFIRM', '2025-08-16T21:59:59.999Z', null]]);
    expect(noticesAfter([encoded, validateAsWorker('2025-06-11T08:00:00.000Z')])).toEqual([['user', 'USER_TO_CONFIRM', '2025-08-10T08:00:00.000Z', null]]);
    expect(noticesAfter([encoded, lapsed, remindUser('2025-07-07T21:59:59.999Z', 1)])).toEqual([['user', 'USER_REMINDER', '2025-08-16T21:59:59.999Z', 1]]);
    expect(noticesAfter([encoded, lapsed, reachUserDeadline('2025-08-16T21:59:59.999Z')])).toEqual([
      ['user', 'USER_AUTO_VALIDATED', '2025-08-16T21:59:59.999Z', null],
    ]);
  });

  it('R17 the date the user is given counts the absences they declared, as the deadline service applies them a moment later (newcomer trial: the e-mail said 11 days too early)', () => {
    // Worker validated on 11 June: 60 days -> 10 August. Absent 14-23 July (10 days), declared before: 20 August.
    const declared = { absenceId: 'absence-1', from: '2025-07-14', to: '2025-07-23', declaredAt: '2025-06-01T10:00:00.000Z' } as const;
    const validated = validateAsWorker('2025-06-11T08:00:00.000Z');
    let state: PrestationState = decider.evolve(decider.initialState(), decider.decide(encoded, decider.initialState())[0]!);
    const before = state;
    const [event] = decider.decide(validated, state);
    state = decider.evolve(state, event!);
    const toConfirm = (absences: Parameters<typeof noticesOf>[4]) => noticesOf('p-1', event!, state, before, absences).map(({ reason, details }) => [reason, details.instant]);
    expect(toConfirm([declared])).toEqual([['USER_TO_CONFIRM', '2025-08-20T08:00:00.000Z']]);
    // The same date as the deadline service's UserDelayExtended, which the screens show.
    const [extended] = decider.decide(extendUserDelayForAbsence('2025-06-11T08:00:00.000Z', '2025-07-14', '2025-07-23'), state);
    expect(extended).toMatchObject({ type: 'UserDelayExtended', data: { dueAt: '2025-08-20T08:00:00.000Z' } });
    // One declared after the event, or outside the window, does not count; none: the window as it is.
    expect(toConfirm([{ ...declared, declaredAt: '2025-06-12T10:00:00.000Z' }])).toEqual([['USER_TO_CONFIRM', '2025-08-10T08:00:00.000Z']]);
    expect(toConfirm([{ ...declared, from: '2025-09-01', to: '2025-09-05' }])).toEqual([['USER_TO_CONFIRM', '2025-08-10T08:00:00.000Z']]);
    expect(toConfirm([])).toEqual([['USER_TO_CONFIRM', '2025-08-10T08:00:00.000Z']]);
    expect(needsAbsences(noticesOf('p-1', event!, state, before))).toBe(true);
    expect(needsAbsences(lastNotices([encoded]))).toBe(false);
  });

  it('R16 R7 the user, when a worker encoding opens their parallel window', () =>
    expect(noticesAfter([encodePrestation(T0)]).map(([audience, reason]) => [audience, reason])).toEqual([['user', 'USER_TO_CONFIRM']]));

  it('R5 the company, at once, when the worker contests', () =>
    expect(noticesAfter([encoded, contestAsWorker('2025-06-11T08:00:00.000Z')])).toEqual([
      ['company', 'COMPANY_WORKER_CONTESTED', '2025-06-11T08:00:00.000Z', null],
    ]));

  it('R18 the company, at once, when the user contests: no automatic validation follows, only the company can correct or cancel (newcomer trial: nobody was told)', () => {
    const notices = lastNotices([encoded, contestAsUser('2025-06-11T08:00:00.000Z', { reason: 'Nous étions absents ce jour-là' })]);
    expect(notices.map(({ audience, reason, details }) => [audience, reason, details.instant, details.userContest ?? null])).toEqual([
      ['company', 'COMPANY_USER_CONTESTED', '2025-06-11T08:00:00.000Z', { reason: 'Nous étions absents ce jour-là' }],
    ]);
    const message = render('COMPANY_USER_CONTESTED', 'fr', { ...notices[0]!.details, names: { worker: 'Maria Lopes', user: 'Famille Dupont' } }, 'https://x');
    expect(message.subject).toBe('Un·e utilisateur·rice conteste une prestation');
    expect(message.text).toContain('Famille Dupont a contesté la prestation ci-dessous le 11 juin 2025 à 10:00 (heure de Bruxelles) : elle ne sera pas validée automatiquement. Corrigez-la ou annulez-la.');
    expect(message.text).toContain('Motif donné par l’utilisateur·rice : « Nous étions absents ce jour-là »');
    expect(message.text).toContain('Travailleur·euse : Maria Lopes');
  });

  it('R14 the digest counts in words: one prestation, or several (newcomer trial: "1 prestation(s)")', () => {
    const item = { prestationId: 'p-1', workerId: '980000000001', serviceDate: '2025-06-10', hours: 3, activity: 'IRONING', dueAt: '2025-06-17T21:59:59.999Z' } as const;
    const link = (id: string) => `https://x/${id}`;
    expect(renderDigest('fr', [item], link).text).toContain('1 prestation attend encore la validation de vos travailleur·euses :');
    expect(renderDigest('fr', [item, { ...item, prestationId: 'p-2' }], link).text).toContain('2 prestations attendent encore');
    expect(renderDigest('nl', [item], link).text).toContain('1 prestatie wacht nog');
    expect(renderDigest('de', [item], link).text).toContain('1 Leistung wartet noch');
    expect(renderDigest('en', [item, { ...item, prestationId: 'p-2' }], link).text).toContain("2 prestations still await your workers' validation:");
  });

  it('R5 R7 the user too, when they had confirmed before the worker contested: the contest wins and they are told, without the worker\'s words', () => {
    const notices = lastNotices([encoded, confirmAsUser('2025-06-10T18:00:00.000Z'), contestAsWorker('2025-06-11T08:00:00.000Z')]);
    expect(notices.map(({ audience, reason, details }) => [audience, reason, details.instant, details.contest ?? null])).toEqual([
      ['company', 'COMPANY_WORKER_CONTESTED', '2025-06-11T08:00:00.000Z', expect.objectContaining({ reasonCode: expect.any(String) })],
      ['user', 'USER_WORKER_CONTESTED', '2025-06-11T08:00:00.000Z', null],
    ]);
    const message = render('USER_WORKER_CONTESTED', 'nl', { ...notices[1]!.details, names: { worker: 'Sanne Peeters', company: 'Net & Propre' } }, 'https://x');
    expect(message.subject).toBe('Een prestatie die u bevestigde, wordt betwist');
    expect(message.text).toContain('Sanne Peeters heeft de onderstaande prestatie, die u had bevestigd, op 11 juni 2025 om 10:00 (Brusselse tijd) betwist.');
  });

  it('nobody after a cancellation', () => expect(noticesAfter([encoded, cancelPrestation('2025-06-11T08:00:00.000Z')])).toEqual([]));
});

describe('templates in four languages', () => {
  const details = { prestationId: 'p-1', serviceDate: '2025-06-10', hours: 4, activity: 'IRONING' as const, instant: '2025-06-17T21:59:59.999Z' };

  it('R14 formats the deadline in Brussels time, also across a DST switch', () => {
    expect(formatInstant('2025-06-17T21:59:59.999Z', 'fr')).toBe('17 juin 2025 à 23:59 (heure de Bruxelles)');
    expect(formatInstant('2025-10-29T22:59:59.999Z', 'nl')).toBe('29 oktober 2025 om 23:59 (Brusselse tijd)');
    expect(formatInstant('2025-03-31T21:59:59.999Z', 'de')).toBe('31. März 2025 um 23:59 (Brüsseler Zeit)');
    expect(formatInstant('2025-12-24T22:59:59.999Z', 'en')).toBe('24 December 2025 at 23:59 (Brussels time)');
  });

  // The activity as the app and the exports write it (activityLabels; newcomer trial: "huishoudhulp" here, "Huishoudelijke hulp" there).
  it.each([
    ['fr', 'Une prestation attend votre validation', 'Repassage'],
    ['nl', 'Een prestatie wacht op uw validatie', 'Strijken'],
    ['de', 'Eine Leistung wartet auf Ihre Validierung', 'Bügeln'],
    ['en', 'A prestation awaits your validation', 'Ironing'],
  ] as const)('R4 %s: subject, details and link in text and HTML', (language, subject, activity) => {
    const message = render('WORKER_TO_VALIDATE', language, details, 'https://app.example/worker/prestations/p-1');
    expect(message.subject).toBe(subject);
    for (const body of [message.text, message.html]) {
      expect(body).toContain(activity);
      expect(body).toContain('https://app.example/worker/prestations/p-1');
      expect(body).toContain('23:59');
    }
  });

  it('R2, R3: the worker is told which company encoded or corrected it, and the reason it gave; French sets a space before its colons', () => {
    const [encodedNotice] = lastNotices([encoded]);
    expect(encodedNotice?.details.companyChange).toEqual({ kind: 'ENCODED', reason: 'worker had no network' });
    expect(lastNotices([encoded, correctPrestation('2025-06-12T08:00:00.000Z', { version: 1, hours: 3 })])[0]?.details.companyChange).toMatchObject({ kind: 'CORRECTED' });
    const encodedMail = render('WORKER_TO_VALIDATE', 'fr', { ...encodedNotice!.details, names: { company: 'Net & Propre' } }, 'https://x');
    expect(encodedMail.text.split('\n')[2]).toMatch(/^Net & Propre a encodé une prestation pour vous\. Validez-la ou contestez-la avant le /);
    expect(encodedMail.text).toContain('Motif donné par l’entreprise : « worker had no network »');
    expect(encodedMail.text).toContain('Date de la prestation : 10 juin 2025');
    expect(encodedMail.html).toContain('Net &#38; Propre a encodé');

    const correctedMail = (language: 'fr' | 'nl' | 'de' | 'en', reason?: string) =>
      render('WORKER_TO_VALIDATE', language, { ...details, companyChange: { kind: 'CORRECTED', reason }, names: { company: 'Net & Propre' } }, 'https://x').text;
    expect(correctedMail('fr', '3 heures, pas 4')).toContain('Net & Propre a corrigé une prestation. Validez la version corrigée ou contestez-la avant le ');
    expect(correctedMail('fr', '3 heures, pas 4')).toContain('Motif donné par l’entreprise : « 3 heures, pas 4 »');
    expect(correctedMail('fr')).not.toContain('Motif');
    expect(correctedMail('nl', 'x')).toContain('Net & Propre heeft een prestatie verbeterd. Valideer de verbeterde versie of betwist ze vóór ');
    expect(correctedMail('de', 'x')).toContain('Net & Propre hat eine Leistung korrigiert. Validieren Sie die korrigierte Fassung oder beanstanden Sie sie vor dem ');
    expect(correctedMail('en', 'x')).toContain('Net & Propre corrected a prestation. Validate the corrected version or contest it before ');
    expect(correctedMail('en', 'x')).toContain('Date of the prestation: ');
    // Without the company in the reference data: "your company", as before.
    expect(render('WORKER_TO_VALIDATE', 'fr', details, 'https://x').text.split('\n')[2]).toMatch(/^Votre entreprise a encodé une prestation pour vous\./);
  });

  it('issue 11: each message names the two other parties, by name, and a correction says so in its subject (R3)', () => {
    const names = { company: 'Net & Propre', worker: 'Maria', user: 'Famille Dupont' };
    const contested = render('COMPANY_WORKER_CONTESTED', 'fr', { ...details, names, contest: { reasonCode: 'WRONG_HOURS', text: '3 h' } }, 'https://x').text;
    expect(contested.split('\n')[2]).toMatch(/^Maria a contesté la prestation ci-dessous le /);
    expect(contested).toContain('Travailleur·euse : Maria\nUtilisateur·rice : Famille Dupont');
    expect(contested).not.toContain('Entreprise :');
    const toConfirm = render('USER_TO_CONFIRM', 'nl', { ...details, names }, 'https://x').text;
    expect(toConfirm).toContain('Werknemer: Maria\nOnderneming: Net & Propre');
    expect(render('WORKER_TO_VALIDATE', 'de', { ...details, names }, 'https://x').text).toContain('Unternehmen: Net & Propre\nNutzer: Famille Dupont');
    // Without names in the reference data: told by role, no empty rows.
    expect(render('COMPANY_WORKER_CONTESTED', 'en', { ...details, contest: { reasonCode: 'OTHER', text: 'x' } }, 'https://x').text).not.toContain('Worker:');
    expect(render('WORKER_TO_VALIDATE', 'fr', { ...details, companyChange: { kind: 'CORRECTED' } }, 'https://x').subject).toBe('Une prestation corrigée attend votre validation');
    expect(render('WORKER_TO_VALIDATE', 'en', { ...details, companyChange: { kind: 'ENCODED' } }, 'https://x').subject).toBe('A prestation awaits your validation');
  });

  it('escapes what a worker wrote in the HTML', () => {
    const message = render('COMPANY_WORKER_CONTESTED', 'en', { ...details, contest: { reasonCode: 'OTHER', text: '<script>x</script>' } }, 'https://x');
    expect(message.html).not.toContain('<script>');
    expect(message.text).toContain('<script>x</script>');
  });
});
