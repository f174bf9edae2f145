import { type Activity, type ContestReason, type Instant, type PrestationEvent } from '@prestaflow/contracts';
import { type PrestationState, type UserAbsence, withDeclaredAbsences } from '@prestaflow/domain';

export type Audience = 'worker' | 'user' | 'company';

/** Why someone is told: one template per reason. */
export type Reason = 'WORKER_TO_VALIDATE' | 'USER_TO_CONFIRM' | 'USER_REMINDER' | 'USER_AUTO_VALIDATED' | 'COMPANY_WORKER_CONTESTED' | 'USER_WORKER_CONTESTED' | 'COMPANY_USER_CONTESTED';

/** What a template shows about the prestation. */
/** The names of a prestation's company, worker and user (the household); a missing one is told by role. */
export type Names = Partial<Readonly<Record<'company' | 'worker' | 'user', string>>>;

export interface PrestationDetails {
  readonly prestationId: string;
  readonly serviceDate: string;
  readonly hours: number;
  readonly activity: Activity;
  /** The instant the next step falls due (or, after an automatic validation, when it happened). */
  readonly instant: Instant;
  readonly reminder?: number;
  readonly contest?: { readonly reasonCode: ContestReason; readonly text: string; readonly proposedHours?: number };
  /** R18: the household's contest, and the reason it gave. */
  readonly userContest?: { readonly reason: string };
  /** R2, R3: what the company did that the worker must now validate, and the reason it gave (none for an import). */
  readonly companyChange?: { readonly kind: 'ENCODED' | 'CORRECTED'; readonly reason?: string };
  /** Who the prestation is about, by name as the reference data has them when it is planned (the planner's, not the event's). */
  readonly names?: Names;
}

export interface Notice {
  readonly audience: Audience;
  readonly reason: Reason;
  readonly details: PrestationDetails;
}

/**
 * Who is told what after `event`, given the prestation's state right after it and right before
 * it. Pure: the same event always gives the same notices, so a replay plans exactly what was
 * planned before.
 * R4 worker: a prestation awaits their validation (company encoding, correction, cut-over import).
 * R7/R8/R16 user: awaiting their confirmation, reminders, automatic validation done.
 * R5 company: a worker contest, at once; and the user too when they had confirmed it before the
 * worker decided (DOMAIN.md, decisions: "the contest wins and the user is told"). Not the
 * worker's words: they are for the company.
 * R18 company: a user contest, at once, with the user's reason: automation stopped, and only the
 * company can correct or cancel (newcomer trial: nobody was told).
 * R17: the date a user is given to confirm by counts `absences`, the user's declared absences, as
 * the deadline service applies them a moment later (`withDeclaredAbsences`); `needsAbsences` says
 * whether the notices of an event give such a date.
 */
export function noticesOf(
  prestationId: string,
  event: PrestationEvent & { occurredAt: Instant },
  after: PrestationState,
  before: PrestationState,
  absences: readonly UserAbsence[] = [],
): Notice[] {
  if (after.status === 'None') return [];
  const { serviceDate, hours, activity } = after.prestation;
  const details = (instant: Instant, extra: Partial<PrestationDetails> = {}): PrestationDetails => ({
    prestationId,
    serviceDate,
    hours,
    activity,
    instant,
    ...extra,
  });
  const toConfirm = (): Notice[] => {
    const applied = withDeclaredAbsences(prestationId, after, absences, event.occurredAt);
    return 'user' in applied && applied.user.status === 'Running' ? [{ audience: 'user', reason: 'USER_TO_CONFIRM', details: details(applied.user.window.dueAt) }] : [];
  };
  switch (event.type) {
    case 'PrestationEncoded':
    case 'LegacyPrestationImported':
    case 'PrestationCorrected':
      if (after.status === 'AwaitingWorker') {
        const companyChange =
          event.type === 'PrestationCorrected'
            ? { kind: 'CORRECTED' as const, reason: event.data.reason }
            : { kind: 'ENCODED' as const, reason: event.type === 'PrestationEncoded' && event.data.encodedBy === 'COMPANY' ? event.data.reason : undefined };
        return [{ audience: 'worker', reason: 'WORKER_TO_VALIDATE', details: details(after.workerDeadline.dueAt, { companyChange }) }];
      }
      return after.status === 'AwaitingCompany' ? toConfirm() : [];
    case 'WorkerValidated':
      return after.status === 'AwaitingUser' ? toConfirm() : [];
    case 'AutoValidated':
      if (event.data.step === 'USER') return [{ audience: 'user', reason: 'USER_AUTO_VALIDATED', details: details(event.occurredAt) }];
      return event.data.step === 'WORKER' && after.status === 'AwaitingUser' ? toConfirm() : [];
    case 'UserReminderTriggered':
      return after.status === 'AwaitingUser' || after.status === 'AwaitingCompany'
        ? after.user.status === 'Running'
          ? [{ audience: 'user', reason: 'USER_REMINDER', details: details(after.user.window.dueAt, { reminder: event.data.reminder }) }]
          : []
        : [];
    case 'WorkerContested': {
      const { reasonCode, text, proposedHours } = event.data;
      const company: Notice = { audience: 'company', reason: 'COMPANY_WORKER_CONTESTED', details: details(event.occurredAt, { contest: { reasonCode, text, proposedHours } }) };
      const confirmedEarly = before.status === 'AwaitingWorker' && before.user.status === 'Confirmed' && before.user.by === 'USER';
      return confirmedEarly ? [company, { audience: 'user', reason: 'USER_WORKER_CONTESTED', details: details(event.occurredAt) }] : [company];
    }
    case 'UserContested':
      return [{ audience: 'company', reason: 'COMPANY_USER_CONTESTED', details: details(event.occurredAt, { userContest: { reason: event.data.reason } }) }];
    default:
      return [];
  }
}

/** Whether these notices give the user a date to confirm by, which counts their declared absences (R17). */
export const needsAbsences = (notices: readonly Notice[]): boolean => notices.some((notice) => notice.reason === 'USER_TO_CONFIRM');
