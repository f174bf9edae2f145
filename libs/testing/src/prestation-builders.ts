import type {
  Actor,
  CancelPrestation,
  ConfirmAsUser,
  ContestAsUser,
  ContestAsWorker,
  CorrectPrestation,
  EncodePrestation,
  EncodePrestationForWorker,
  ExtendUserDelayForAbsence,
  ImportLegacyPrestation,
  Instant,
  PrestationCommandOf,
  PrestationFacts,
  Region,
  ReachCompanyDeadline,
  ReachUserDeadline,
  ReachWorkerDeadline,
  RemindUser,
  SetWorkerEmail,
  LiftWorkerEmailLock,
  ValidateAsCompany,
  ValidateAsWorker,
} from '@prestaflow/contracts';

export const ids = {
  prestation: 'prestation-1',
  company: 'company-1',
  otherCompany: 'company-2',
  worker: '980000000001',
  user: '100000000042',
} as const;

export const actors = {
  worker: { id: ids.worker, role: 'WORKER' },
  company: { id: ids.company, role: 'COMPANY' },
  otherCompany: { id: ids.otherCompany, role: 'COMPANY' },
  user: { id: ids.user, role: 'USER' },
  system: { id: 'deadline-service', role: 'SYSTEM' },
  operator: { id: 'operator-1', role: 'OPERATOR' },
} as const satisfies Record<string, Actor>;

/** Tuesday 10 June 2025, 11:00 in Brussels: after the cut-over and Whit Monday. */
export const T0: Instant = '2025-06-10T09:00:00.000Z';

export const facts: PrestationFacts & { readonly region: Region } = {
  companyId: ids.company,
  workerId: ids.worker,
  userId: ids.user,
  serviceDate: '2025-06-10',
  hours: 4,
  activity: 'HOUSEHOLD_HELP',
  region: 'WALLONIA',
};

function command<C extends PrestationCommandOf<string, unknown>>(type: C['type'], actor: Actor) {
  return (now: Instant, data: C['data'], by: Actor = actor): C =>
    ({ type, prestationId: ids.prestation, data, metadata: { now, actor: by } }) as C;
}

const encode = command<EncodePrestation>('EncodePrestation', actors.worker);
export const encodePrestation = (now = T0, data: Partial<EncodePrestation['data']> = {}, by?: Actor) =>
  encode(now, { ...facts, channel: 'APP', ...data }, by);

const encodeForWorker = command<EncodePrestationForWorker>('EncodePrestationForWorker', actors.company);
export const encodePrestationForWorker = (now = T0, data: Partial<EncodePrestationForWorker['data']> = {}, by?: Actor) =>
  encodeForWorker(now, { ...facts, reason: 'worker had no network', ...data }, by);

const importLegacy = command<ImportLegacyPrestation>('ImportLegacyPrestation', actors.operator);
export const importLegacyPrestation = (now: Instant, data: Partial<ImportLegacyPrestation['data']> = {}, by?: Actor) =>
  importLegacy(now, { ...facts, serviceDate: '2025-05-20', channel: 'COMPANY', encodedBy: 'COMPANY', legacyStatus: 'ENREGISTREE', ...data }, by);

const correct = command<CorrectPrestation>('CorrectPrestation', actors.company);
export const correctPrestation = (now: Instant, data: Partial<CorrectPrestation['data']> = {}, by?: Actor) =>
  correct(now, { version: 1, serviceDate: facts.serviceDate, hours: 3, activity: 'IRONING', reason: 'wrong hours', ...data }, by);

const cancel = command<CancelPrestation>('CancelPrestation', actors.company);
export const cancelPrestation = (now: Instant, reason = 'never happened', by?: Actor) => cancel(now, { reason }, by);

const companyValidates = command<ValidateAsCompany>('ValidateAsCompany', actors.company);
export const validateAsCompany = (now: Instant, version = 1, by?: Actor) => companyValidates(now, { version }, by);

const workerValidates = command<ValidateAsWorker>('ValidateAsWorker', actors.worker);
export const validateAsWorker = (now: Instant, data: Partial<ValidateAsWorker['data']> = {}, by?: Actor) =>
  workerValidates(now, { version: 1, channel: 'APP', ...data }, by);

const workerContests = command<ContestAsWorker>('ContestAsWorker', actors.worker);
export const contestAsWorker = (now: Instant, data: Partial<ContestAsWorker['data']> = {}, by?: Actor) =>
  workerContests(now, { version: 1, channel: 'APP', reasonCode: 'WRONG_HOURS', text: 'I worked 3 hours', ...data }, by);

const userConfirms = command<ConfirmAsUser>('ConfirmAsUser', actors.user);
export const confirmAsUser = (now: Instant, version = 1, by?: Actor) => userConfirms(now, { version }, by);

const userContests = command<ContestAsUser>('ContestAsUser', actors.user);
export const contestAsUser = (now: Instant, data: Partial<ContestAsUser['data']> = {}, by?: Actor) =>
  userContests(now, { version: 1, reason: 'not done', ...data }, by);

const workerDeadline = command<ReachWorkerDeadline>('ReachWorkerDeadline', actors.system);
export const reachWorkerDeadline = (now: Instant, deadlineId = 'worker-v1', by?: Actor) => workerDeadline(now, { deadlineId }, by);

const companyDeadline = command<ReachCompanyDeadline>('ReachCompanyDeadline', actors.system);
export const reachCompanyDeadline = (now: Instant, deadlineId = 'company-v1', by?: Actor) => companyDeadline(now, { deadlineId }, by);

const userDeadline = command<ReachUserDeadline>('ReachUserDeadline', actors.system);
export const reachUserDeadline = (now: Instant, deadlineId = 'user-v1', by?: Actor) => userDeadline(now, { deadlineId }, by);

const remind = command<RemindUser>('RemindUser', actors.system);
export const remindUser = (now: Instant, reminder: number, deadlineId = 'user-v1', by?: Actor) => remind(now, { deadlineId, reminder }, by);

const absence = command<ExtendUserDelayForAbsence>('ExtendUserDelayForAbsence', actors.user);
export const extendUserDelayForAbsence = (now: Instant, from: string, to: string, absenceId = 'absence-1', by?: Actor) =>
  absence(now, { absenceId, from, to }, by);

export const setWorkerEmail = (now: Instant, email: string, by: Actor = actors.worker): SetWorkerEmail => ({
  type: 'SetWorkerEmail',
  workerId: ids.worker,
  data: { email },
  metadata: { now, actor: by },
});

export const liftWorkerEmailLock = (now: Instant, reason = 'worker lost access', by: Actor = actors.operator): LiftWorkerEmailLock => ({
  type: 'LiftWorkerEmailLock',
  workerId: ids.worker,
  data: { reason },
  metadata: { now, actor: by },
});
