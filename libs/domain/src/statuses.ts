import type { EncodedBy, Instant, LocalDate } from '@prestaflow/contracts';
import { localDateOf, workingDaysAfter } from '@prestaflow/calendar';
import { DateTime } from 'luxon';
import { defaultPolicy, type DecisionPolicy } from './policy';
import { prestationAt } from './prestation-decider';
import type { ExistingPrestation } from './prestation-state';
import { colourLabels, type CompanyStatus, companyLabels, encodedByLabels, type Language, userLabels, type UserStatus, type WorkerColour } from './status-labels';

/** The labels themselves are data in status-labels.ts (the web app bundles that file alone). */
export type { CompanyStatus, Language, UserStatus, WorkerColour } from './status-labels';

// --- the company (R12, R14) ----------------------------------------------------------------

export function companyStatus(state: ExistingPrestation): CompanyStatus {
  switch (state.status) {
    case 'AwaitingCompany':
      return 'TO_VALIDATE_BY_COMPANY';
    case 'AwaitingWorker':
      return 'TO_VALIDATE_BY_WORKER';
    case 'ContestedByWorker':
      return 'CONTESTED_BY_WORKER';
    case 'AwaitingUser':
      return state.validatedBy === 'WORKER'
        ? 'VALIDATED_BY_WORKER'
        : state.validatedBy === 'COMPANY'
          ? 'VALIDATED_BY_COMPANY'
          : 'VALIDATED_AUTOMATICALLY';
    case 'ContestedByUser':
      return 'CONTESTED_BY_USER';
    case 'Validated':
      return 'CONFIRMED';
    case 'Cancelled':
      return 'CANCELLED';
    default: {
      const _exhaustive: never = state;
      throw new Error('unknown state');
    }
  }
}


export const companyStatusLabel = (status: CompanyStatus, language: Language): string => companyLabels[status][language];

// --- the user (R7, R12) ------------------------------------------------------------------------


export function userStatus(state: ExistingPrestation): UserStatus {
  switch (state.status) {
    // R7: visible from the company's encoding or correction, while the worker decides.
    case 'AwaitingWorker':
    case 'ContestedByWorker':
      return 'AWAITING_VALIDATION';
    case 'AwaitingCompany':
      return state.user.status === 'Confirmed' ? 'CONFIRMED' : 'TO_CONFIRM';
    case 'AwaitingUser':
      return 'TO_CONFIRM';
    case 'ContestedByUser':
      return 'CONTESTED';
    case 'Validated':
      return 'CONFIRMED';
    case 'Cancelled':
      return 'CANCELLED';
    default: {
      const _exhaustive: never = state;
      throw new Error('unknown state');
    }
  }
}

/**
 * R8, R17: when the prestation confirms itself automatically if the user does nothing (their
 * running window's due instant, absences included); null when no window runs.
 */
export function automaticConfirmationAt(state: ExistingPrestation): Instant | null {
  return (state.status === 'AwaitingCompany' || state.status === 'AwaitingUser') && state.user.status === 'Running' ? state.user.window.dueAt : null;
}

/**
 * R7, R8, R9, R18, R19: whether the user may confirm or contest at `now` (ISO-8601 instant, the
 * read instant): exactly when the decider would accept `ConfirmAsUser`/`ContestAsUser` then, a
 * window that has passed counting as lapsed whether or not the deadline service has fired it
 * (ADR 0012). Not before the prestation is open, never once confirmed, contested or cancelled.
 */
export function userMayDecide(state: ExistingPrestation, now: Instant, policy: DecisionPolicy = defaultPolicy): boolean {
  return userMayDecideIn(prestationAt(state, now, policy).state);
}

/** The same on a state already brought to the read instant (`prestationAt`): a caller that needs that state too folds it once. */
export function userMayDecideIn(current: ExistingPrestation): boolean {
  switch (current.status) {
    case 'AwaitingWorker':
    case 'AwaitingCompany':
    case 'AwaitingUser':
      return current.user.status !== 'Confirmed';
    default:
      return false;
  }
}

/**
 * R5, R6: whether the worker may still validate or contest at `now` (ISO-8601 instant): the
 * prestation awaits them and their deadline has not passed, fired or not (ADR 0012).
 */
export const workerMayDecide = (state: ExistingPrestation, now: Instant, policy: DecisionPolicy = defaultPolicy): boolean =>
  prestationAt(state, now, policy).state.status === 'AwaitingWorker';

/**
 * R6: the working days the worker still has after the day of `now` (Brussels), up to the day of
 * their deadline included (which ends at 23:59:59.999), by the policy's calendar; none once the
 * prestation no longer awaits them. Days rather than a count: a screen that shows them later
 * (the worker app offline) counts those after its own today.
 */
export function workerWorkingDaysLeft(state: ExistingPrestation, now: Instant, policy: DecisionPolicy = defaultPolicy): LocalDate[] {
  const current = prestationAt(state, now, policy).state;
  if (current.status !== 'AwaitingWorker') return [];
  const { calendar } = policy;
  return workingDaysAfter(calendar, localDateOf(calendar, now), localDateOf(calendar, current.workerDeadline.dueAt));
}

/**
 * R16: while a prestation the worker encoded awaits the company at `now`, the instant it is
 * validated automatically without the company (UTC) and the working days the company still has
 * after the day of `now` (Brussels), as for the worker's (R6); null and none otherwise.
 */
export function companyDeadlineAt(state: ExistingPrestation, now: Instant, policy: DecisionPolicy = defaultPolicy): { dueAt: Instant; workingDaysLeft: LocalDate[] } | null {
  const current = prestationAt(state, now, policy).state;
  if (current.status !== 'AwaitingCompany') return null;
  const { calendar } = policy;
  const { dueAt } = current.companyDeadline;
  return { dueAt, workingDaysLeft: workingDaysAfter(calendar, localDateOf(calendar, now), localDateOf(calendar, dueAt)) };
}

export const userStatusLabel = (status: UserStatus, language: Language): string => userLabels[status][language];

/** Whose decision a user's prestation waits for (`userAwaiting`). */
export const userAwaitings = ['WORKER', 'COMPANY', 'COMPANY_AFTER_WORKER_CONTEST', 'COMPANY_AFTER_USER_CONTEST'] as const;
export type UserAwaiting = (typeof userAwaitings)[number];

/**
 * Whose decision the prestation waits for, as the user's space says it beside its status: the
 * worker's validation (R2, R3; R7: the user may confirm meanwhile), the company's (R1, R16), or
 * the company's correction or cancellation after the worker's contest (R5) or the user's own (R18).
 * Null when it waits for nobody (confirmed, cancelled) or for the user alone, whose buttons say so.
 */
export function userAwaiting(state: ExistingPrestation): UserAwaiting | null {
  switch (state.status) {
    case 'AwaitingWorker':
      return 'WORKER';
    case 'AwaitingCompany':
      return 'COMPANY';
    case 'ContestedByWorker':
      return 'COMPANY_AFTER_WORKER_CONTEST';
    case 'ContestedByUser':
      return 'COMPANY_AFTER_USER_CONTEST';
    case 'AwaitingUser':
    case 'Validated':
    case 'Cancelled':
      return null;
    default: {
      const _exhaustive: never = state;
      throw new Error('unknown state');
    }
  }
}

// --- the worker's history (R12, R13) -----------------------------------------------------------


/** The colour in the worker's history; a cancelled prestation has none: it is never shown (R13). */
export function workerColour(state: ExistingPrestation): WorkerColour | undefined {
  switch (state.status) {
    case 'AwaitingCompany':
      return 'BLUE';
    case 'AwaitingWorker':
      return 'ORANGE';
    case 'AwaitingUser':
    case 'ContestedByWorker':
    case 'ContestedByUser':
      return 'YELLOW';
    case 'Validated':
      return 'GREEN';
    case 'Cancelled':
      return undefined;
    default: {
      const _exhaustive: never = state;
      throw new Error('unknown state');
    }
  }
}


export const workerColourLabel = (colour: WorkerColour, language: Language): string => colourLabels[colour][language];

/** The legend under the worker's history (R12), in the order of the notice. */
export const workerColourLegend = (language: Language): readonly { colour: WorkerColour; label: string }[] =>
  (['BLUE', 'YELLOW', 'ORANGE', 'GREEN'] as const).map((colour) => ({ colour, label: colourLabels[colour][language] }));


export const encodedByLabel = (encodedBy: EncodedBy, language: Language): string => encodedByLabels[encodedBy][language];

/**
 * R13: the last 3 months by service date, never a cancelled prestation; one still awaiting the
 * worker shows whatever its age. `today` is the worker's local date, given by the caller.
 */
export function showsInWorkerHistory(state: ExistingPrestation, today: LocalDate): boolean {
  if (state.status === 'Cancelled') return false;
  if (state.status === 'AwaitingWorker') return true;
  const threeMonthsAgo = DateTime.fromISO(today, { zone: 'utc' }).minus({ months: 3 }).toISODate() as LocalDate;
  return state.prestation.serviceDate >= threeMonthsAgo;
}

export interface WorkerHistoryEntry {
  readonly colour: WorkerColour;
  readonly label: string;
  readonly encodedBy: EncodedBy;
  /** Shown under the prestation (R13). */
  readonly encodedByLabel: string;
}

/** How one prestation appears in the worker's history, or `undefined` when it does not (R13). */
export function workerHistoryEntry(state: ExistingPrestation, today: LocalDate, language: Language): WorkerHistoryEntry | undefined {
  const colour = workerColour(state);
  if (colour === undefined || !showsInWorkerHistory(state, today)) return undefined;
  const { encodedBy } = state.prestation;
  return { colour, label: colourLabels[colour][language], encodedBy, encodedByLabel: encodedByLabels[encodedBy][language] };
}
