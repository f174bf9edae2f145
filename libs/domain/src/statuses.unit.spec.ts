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
import { prestationDecider } from './prestation-decider';
import { evolve, initialState, type ExistingPrestation } from './prestation-state';
import {
  automaticConfirmationAt,
  companyStatus,
  companyStatusLabel,
  encodedByLabel,
  showsInWorkerHistory,
  userStatus,
  userStatusLabel,
  workerColour,
  workerColourLabel,
  workerColourLegend,
  workerHistoryEntry,
  type CompanyStatus,
  type Language,
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

describe('R12 statuses per audience', () => {
  it.each(cases)('%s: company %s', (_name, state, company) => expect(companyStatus(state)).toBe(company));
  it.each(cases)('%s: user', (_name, state, _company, user) => expect(userStatus(state)).toBe(user));
  it.each(cases)('%s: worker colour', (_name, state, _company, _user, colour) => expect(workerColour(state)).toBe(colour));

  it('the new company statuses, in French as in the notice', () => {
    expect(companyStatusLabel('TO_VALIDATE_BY_WORKER', 'fr')).toBe('À valider par le·la travailleur·euse');
    expect(companyStatusLabel('CONTESTED_BY_WORKER', 'fr')).toBe('Contesté par le·la travailleur·euse');
    expect(companyStatusLabel('VALIDATED_BY_WORKER', 'fr')).toBe('Validé par le·la travailleur·euse');
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
    expect(encodedByLabel('COMPANY', 'nl')).toBe('Geregistreerd door de onderneming');
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
