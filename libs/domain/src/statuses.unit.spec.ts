import type { PrestationCommand } from '@prestaflow/contracts';
import {
  cancelPrestation,
  confirmAsUser,
  contestAsUser,
  contestAsWorker,
  encodePrestation,
  encodePrestationForWorker,
  eventsOf,
  extendUserDelayForAbsence,
  reachUserDeadline,
  reachWorkerDeadline,
  T0,
  validateAsCompany,
  validateAsWorker,
} from '@prestaflow/testing';
import { prestationAt, prestationDecider } from './prestation-decider';
import { evolve, initialState, type ExistingPrestation } from './prestation-state';
import {
  automaticConfirmationAt,
  companyStatus,
  companyStatusLabel,
  encodedByLabel,
  showsInWorkerHistory,
  userAwaiting,
  userMayDecide,
  userStatus,
  userStatusLabel,
  workerColour,
  workerColourLabel,
  workerColourLegend,
  workerHistoryEntry,
  workerMayDecide,
  workerWorkingDaysLeft,
  companyDeadlineAt,
  type CompanyStatus,
  type Language,
  type UserAwaiting,
  type UserStatus,
} from './statuses';

const decider = prestationDecider();
const T1 = '2025-06-12T08:00:00.000Z';
const DUE = '2025-06-17T21:59:59.999Z';
const stateAfter = (...commands: PrestationCommand[]) =>
  eventsOf(decider, commands).reduce(evolve, initialState()) as ExistingPrestation;

const cases: [string, ExistingPrestation, CompanyStatus, UserStatus, string | undefined][] = [
  ['encoded by the worker', stateAfter(encodePrestation()), 'TO_VALIDATE_BY_COMPANY', 'TO_CONFIRM', 'BLUE'],
  ['encoded by the company', stateAfter(encodePrestationForWorker()), 'TO_VALIDATE_BY_WORKER', 'AWAITING_VALIDATION', 'ORANGE'],
  ['contested by the worker', stateAfter(encodePrestationForWorker(), contestAsWorker(T1)), 'CONTESTED_BY_WORKER', 'AWAITING_VALIDATION', 'YELLOW'],
  ['validated by the worker', stateAfter(encodePrestationForWorker(), validateAsWorker(T1)), 'VALIDATED_BY_WORKER', 'TO_CONFIRM', 'YELLOW'],
  ['validated at the worker deadline', stateAfter(encodePrestationForWorker(), reachWorkerDeadline(DUE)), 'VALIDATED_AUTOMATICALLY', 'TO_CONFIRM', 'YELLOW'],
  ['validated by the company', stateAfter(encodePrestation(), validateAsCompany(T1)), 'VALIDATED_BY_COMPANY', 'TO_CONFIRM', 'YELLOW'],
  ['confirmed by the user, company pending', stateAfter(encodePrestation(), confirmAsUser(T1)), 'TO_VALIDATE_BY_COMPANY', 'CONFIRMED', 'BLUE'],
  ['contested by the user', stateAfter(encodePrestation(), contestAsUser(T1)), 'CONTESTED_BY_USER', 'CONTESTED', 'YELLOW'],
  ['confirmed', stateAfter(encodePrestationForWorker(), reachWorkerDeadline(DUE), reachUserDeadline('2025-08-16T21:59:59.999Z')), 'CONFIRMED', 'CONFIRMED', 'GREEN'],
  ['cancelled', stateAfter(encodePrestationForWorker(), cancelPrestation(T1)), 'CANCELLED', 'CANCELLED', undefined],
];

describe('R7 whose decision the user sees awaited', () => {
  const awaited: [string, ExistingPrestation, UserAwaiting | null][] = [
    ['R1, R16 encoded by the worker: the company', stateAfter(encodePrestation()), 'COMPANY'],
    ['R1, R16 confirmed by the user, still the company', stateAfter(encodePrestation(), confirmAsUser(T1)), 'COMPANY'],
    ['R2 encoded by the company: the worker', stateAfter(encodePrestationForWorker()), 'WORKER'],
    ['R7 confirmed by the user, still the worker', stateAfter(encodePrestationForWorker(), confirmAsUser(T1)), 'WORKER'],
    ['R5 contested by the worker: the company corrects or cancels', stateAfter(encodePrestationForWorker(), contestAsWorker(T1)), 'COMPANY_AFTER_WORKER_CONTEST'],
    ['R18 contested by the user: the company corrects or cancels', stateAfter(encodePrestation(), contestAsUser(T1)), 'COMPANY_AFTER_USER_CONTEST'],
    ['R8 validated by the worker: the user alone', stateAfter(encodePrestationForWorker(), validateAsWorker(T1)), null],
    ['confirmed: nobody', stateAfter(encodePrestationForWorker(), reachWorkerDeadline(DUE), reachUserDeadline('2025-08-16T21:59:59.999Z')), null],
    ['cancelled: nobody', stateAfter(encodePrestationForWorker(), cancelPrestation(T1)), null],
  ];
  it.each(awaited)('%s', (_name, state, expected) => expect(userAwaiting(state)).toBe(expected));
});

describe('R12 statuses per audience', () => {
  it.each(cases)('%s: company %s', (_name, state, company) => expect(companyStatus(state)).toBe(company));
  it.each(cases)('%s: user', (_name, state, _company, user) => expect(userStatus(state)).toBe(user));
  it.each(cases)('%s: worker colour', (_name, state, _company, _user, colour) => expect(workerColour(state)).toBe(colour));

  it('the new company statuses, in French as in the notice', () => {
    expect(companyStatusLabel('TO_VALIDATE_BY_WORKER', 'fr')).toBe('À valider par le·la travailleur·euse');
    expect(companyStatusLabel('CONTESTED_BY_WORKER', 'fr')).toBe('Contestée par le·la travailleur·euse');
    expect(companyStatusLabel('VALIDATED_BY_WORKER', 'fr')).toBe('Validée par le·la travailleur·euse');
  });

  it('R7 the user sees "En attente de validation" while the worker decides', () => {
    expect(userStatusLabel(userStatus(stateAfter(encodePrestationForWorker())), 'fr')).toBe('En attente de validation');
    expect(userStatusLabel('AWAITING_VALIDATION', 'nl')).toBe('In afwachting van validatie');
  });

  it('the worker legend: blue encoded, yellow pending, orange to validate, green validated', () => {
    expect(workerColourLegend('fr')).toEqual([
      { colour: 'BLUE', label: 'Encodée' },
      { colour: 'YELLOW', label: 'En attente' },
      { colour: 'ORANGE', label: 'À valider' },
      { colour: 'GREEN', label: 'Validée' },
    ]);
    expect(workerColourLabel('ORANGE', 'de')).toBe('Zu validieren');
  });
});

describe('R14 exports and communications carry the new statuses', () => {
  const languages: Language[] = ['fr', 'nl', 'de', 'en'];
  it.each(languages)('every status has a distinct %s label', (language) => {
    const company = [...new Set(cases.map(([, , status]) => status))].map((status) => companyStatusLabel(status, language));
    expect(new Set(company).size).toBe(company.length);
    const user = (['AWAITING_VALIDATION', 'TO_CONFIRM', 'CONFIRMED', 'CONTESTED', 'CANCELLED'] as const).map((status) =>
      userStatusLabel(status, language),
    );
    expect(new Set(user).size).toBe(user.length);
    expect(company.concat(user).every((label) => label.length > 0)).toBe(true);
  });
});

describe('R13 worker history: 3 months, never cancelled, who encoded it', () => {
  const today = '2025-09-10';

  it('shows a prestation served in the last 3 months, with who encoded it', () => {
    expect(workerHistoryEntry(stateAfter(encodePrestationForWorker(), validateAsWorker(T1)), today, 'en')).toEqual({
      colour: 'YELLOW',
      label: 'Pending',
      encodedBy: 'COMPANY',
      encodedByLabel: 'Encoded by the company',
    });
    expect(workerHistoryEntry(stateAfter(encodePrestation()), today, 'fr')?.encodedByLabel).toBe('Encodée par vous');
    expect(encodedByLabel('COMPANY', 'nl')).toBe('Ingevoerd door de onderneming');
  });

  it('drops it after 3 months by service date (served 10 June: shown until 10 September)', () => {
    const validated = stateAfter(encodePrestation(), confirmAsUser(T1), validateAsCompany(T1));
    expect(showsInWorkerHistory(validated, '2025-09-10')).toBe(true);
    expect(showsInWorkerHistory(validated, '2025-09-11')).toBe(false);
    expect(workerHistoryEntry(validated, '2025-09-11', 'fr')).toBeUndefined();
  });

  it('a prestation awaiting the worker shows whatever its age', () =>
    expect(showsInWorkerHistory(stateAfter(encodePrestationForWorker(T0, { serviceDate: '2025-01-06' })), today)).toBe(true));

  it('never a cancelled prestation', () => {
    const cancelled = stateAfter(encodePrestationForWorker(), cancelPrestation(T1));
    expect(showsInWorkerHistory(cancelled, '2025-06-12')).toBe(false);
    expect(workerHistoryEntry(cancelled, '2025-06-12', 'fr')).toBeUndefined();
  });
});

describe('a state from a newer version of the domain', () => {
  it('is refused by every view rather than shown wrongly', () => {
    const unknown = { status: 'Archived' } as never;
    expect(() => companyStatus(unknown)).toThrow('unknown state');
    expect(() => userStatus(unknown)).toThrow('unknown state');
    expect(() => workerColour(unknown)).toThrow('unknown state');
  });
});

describe('R17 the user sees when the prestation confirms itself automatically', () => {
  it('the running window\'s due instant, pushed back by an absence; none while the worker decides or once confirmed', () => {
    const lapsed = [encodePrestationForWorker(), reachWorkerDeadline(DUE)];
    expect(automaticConfirmationAt(stateAfter(...lapsed))).toBe('2025-08-16T21:59:59.999Z');
    expect(automaticConfirmationAt(stateAfter(...lapsed, extendUserDelayForAbsence('2025-07-01T08:00:00.000Z', '2025-07-14', '2025-07-23')))).toBe('2025-08-26T21:59:59.999Z');
    expect(automaticConfirmationAt(stateAfter(encodePrestationForWorker()))).toBeNull();
    expect(automaticConfirmationAt(stateAfter(encodePrestation(), confirmAsUser(T1)))).toBeNull();
  });
});

describe('the views offer only what would be accepted at the read instant, whatever the deadline service has fired (ADR 0012)', () => {
  // Wednesday 19 August 2026, 10:00 in Brussels: the worker's 5 working days end on Wednesday 26 August, 23:59:59.999.
  const ENCODED = '2026-08-19T08:00:00.000Z';
  const LAPSED = '2026-08-26T21:59:59.999Z';
  const NEXT_MORNING = '2026-08-27T06:00:00.000Z';

  it('R6 the worker dashboard: to validate until the deadline, not the morning after, fired or not', () => {
    const encoded = stateAfter(encodePrestationForWorker(ENCODED));
    expect(workerMayDecide(encoded, '2026-08-26T21:59:59.998Z')).toBe(true);
    expect(workerMayDecide(encoded, NEXT_MORNING)).toBe(false);
    expect(workerMayDecide(stateAfter(encodePrestationForWorker(ENCODED), reachWorkerDeadline(LAPSED)), NEXT_MORNING)).toBe(false);
    expect(workerMayDecide(stateAfter(encodePrestation(ENCODED)), ENCODED)).toBe(false);
  });

  it('R6 the working days the worker has left after the read day, up to the deadline day: 5 on the day of encoding, none after it', () => {
    const encoded = stateAfter(encodePrestationForWorker(ENCODED));
    expect(workerWorkingDaysLeft(encoded, ENCODED)).toEqual(['2026-08-20', '2026-08-21', '2026-08-24', '2026-08-25', '2026-08-26']);
    // Saturday 22 August, 23:30 in Brussels (21:30 UTC): Monday to Wednesday are left.
    expect(workerWorkingDaysLeft(encoded, '2026-08-22T21:30:00.000Z')).toEqual(['2026-08-24', '2026-08-25', '2026-08-26']);
    expect(workerWorkingDaysLeft(encoded, '2026-08-26T21:59:59.998Z')).toEqual([]);
    expect(workerWorkingDaysLeft(encoded, NEXT_MORNING)).toEqual([]);
    expect(workerWorkingDaysLeft(stateAfter(encodePrestation(ENCODED)), ENCODED)).toEqual([]);
  });

  it('R16 the company deadline of a worker encoding and the working days the company has left, none once it lapsed or for a company encoding', () => {
    const encoded = stateAfter(encodePrestation(ENCODED));
    const own = companyDeadlineAt(encoded, ENCODED);
    expect(own?.workingDaysLeft).toEqual(['2026-08-20', '2026-08-21', '2026-08-24', '2026-08-25', '2026-08-26']);
    expect(own?.dueAt).toBe((encoded as Extract<ExistingPrestation, { status: 'AwaitingCompany' }>).companyDeadline.dueAt);
    expect(companyDeadlineAt(encoded, NEXT_MORNING)).toBeNull();
    expect(companyDeadlineAt(stateAfter(encodePrestationForWorker(ENCODED)), ENCODED)).toBeNull();
  });

  it('R8 R9 the user may confirm or contest in the 60-day window, not 9 hours after it lapsed (R9), fired or not', () => {
    const encoded = stateAfter(encodePrestationForWorker(ENCODED));
    // The worker deadline lapsed unfired: the user's window runs from it (R8), to 25 October 23:59:59.999 Brussels.
    expect(userMayDecide(encoded, NEXT_MORNING)).toBe(true);
    expect(userMayDecide(encoded, '2026-10-25T22:59:59.998Z')).toBe(true);
    expect(userMayDecide(encoded, '2026-10-26T07:59:59.999Z')).toBe(false);
    expect(userMayDecide(stateAfter(encodePrestationForWorker(ENCODED), reachWorkerDeadline(LAPSED)), '2026-10-26T07:59:59.999Z')).toBe(false);
  });

  it('R16 R19 the parallel window of a worker encoding, and Flanders 5 working days after the worker validated', () => {
    expect(userMayDecide(stateAfter(encodePrestation(ENCODED)), '2026-08-26T21:59:59.998Z')).toBe(true);
    expect(userMayDecide(stateAfter(encodePrestation(ENCODED)), NEXT_MORNING)).toBe(false);
    const flemish = stateAfter(encodePrestationForWorker(ENCODED, { region: 'FLANDERS' }), validateAsWorker('2026-08-20T08:00:00.000Z'));
    expect(userMayDecide(flemish, '2026-08-27T21:59:59.998Z')).toBe(true);
    expect(userMayDecide(flemish, '2026-08-28T06:00:00.000Z')).toBe(false);
  });

  it('R17 until the end of a window moved by an absence', () => {
    const extended = stateAfter(encodePrestation(ENCODED), extendUserDelayForAbsence('2026-08-19T09:00:00.000Z', '2026-08-20', '2026-08-21'));
    expect(userMayDecide(extended, NEXT_MORNING)).toBe(true);
    expect(userMayDecide(extended, '2026-08-28T21:59:59.999Z')).toBe(false);
  });

  it('R13 the worker history shows the colour at the read instant: no longer orange once the deadline passed', () => {
    const atNow = prestationAt(stateAfter(encodePrestationForWorker(ENCODED)), NEXT_MORNING).state;
    expect(workerColour(atNow)).toBe('YELLOW');
  });
});
