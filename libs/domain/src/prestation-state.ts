import type {
  Deadline,
  EncodedBy,
  Channel,
  PrestationEvent,
  PrestationFacts,
  Region,
  UserWindow,
  WorkerContestedData,
} from '@prestaflow/contracts';

export interface Prestation extends PrestationFacts {
  readonly region: Region;
  readonly channel: Channel;
  readonly encodedBy: EncodedBy;
}

/** The user's step: not started while the worker decides (R7), running in a window, or done. */
export type UserStep =
  | { readonly status: 'NotStarted' }
  | {
      readonly status: 'Running';
      readonly window: UserWindow;
      /** Reminder numbers (1-based) already triggered: each fires once. */
      readonly remindersSent: readonly number[];
      /** Absences already applied (R17), so a repeated declaration extends only once. */
      readonly absenceIds: readonly string[];
    }
  | { readonly status: 'Confirmed'; readonly by: 'USER' | 'AUTOMATIC' };

type Running = Extract<UserStep, { status: 'Running' }>;
type Confirmed = Extract<UserStep, { status: 'Confirmed' }>;

/** Who closed the step before the user's: the worker or the company, by hand or by deadline. */
export type ValidatedBy = 'WORKER' | 'WORKER_DEADLINE' | 'COMPANY' | 'COMPANY_DEADLINE';

interface Versioned {
  readonly prestation: Prestation;
  /** 1 at encoding, +1 per correction (R3). */
  readonly version: number;
}

export type PrestationState =
  | { readonly status: 'None' }
  /** R2, R3, R10: to validate by the worker; the user may already confirm (R7). */
  | (Versioned & {
      readonly status: 'AwaitingWorker';
      readonly workerDeadline: Deadline;
      readonly user: { readonly status: 'NotStarted' } | Confirmed;
    })
  /** R1, R16: encoded by the worker, to validate by the company; the user's window runs in parallel. */
  | (Versioned & { readonly status: 'AwaitingCompany'; readonly companyDeadline: Deadline; readonly user: Running | Confirmed })
  /** Worker or company step done; the user's window runs (R8). */
  | (Versioned & { readonly status: 'AwaitingUser'; readonly validatedBy: ValidatedBy; readonly user: Running })
  /** R5: back to the company, which corrects or cancels; no automation. */
  | (Versioned & { readonly status: 'ContestedByWorker'; readonly contest: WorkerContestedData })
  /** R18: back to the company, which corrects or cancels; no automation. */
  | (Versioned & { readonly status: 'ContestedByUser'; readonly reason: string })
  /** Final: every step done. */
  | (Versioned & { readonly status: 'Validated'; readonly confirmedBy: 'USER' | 'AUTOMATIC' })
  /** Final: nothing happens after a cancellation. */
  | (Versioned & { readonly status: 'Cancelled'; readonly reason: string });

export type PrestationStatus = PrestationState['status'];
export type ExistingPrestation = Exclude<PrestationState, { status: 'None' }>;
type In<S extends PrestationStatus> = Extract<PrestationState, { status: S }>;

export const initialState = (): PrestationState => ({ status: 'None' });

export const isFinal = (state: PrestationState): boolean => state.status === 'Validated' || state.status === 'Cancelled';

const running = (window: UserWindow): Running => ({ status: 'Running', window, remindersSent: [], absenceIds: [] });

/** Applies `change` when the state is one of `statuses`; a stream is ordered, so otherwise it is kept. */
function inStatus<S extends PrestationStatus>(
  state: PrestationState,
  statuses: readonly S[],
  change: (state: In<S>) => PrestationState,
): PrestationState {
  return (statuses as readonly PrestationStatus[]).includes(state.status) ? change(state as In<S>) : state;
}

/** The worker's or the company's step is done: the user's step decides what comes next. */
function upstreamValidated(
  state: In<'AwaitingWorker' | 'AwaitingCompany'>,
  validatedBy: ValidatedBy,
  window?: UserWindow,
): PrestationState {
  const { prestation, version, user } = state;
  if (user.status === 'Confirmed') return { status: 'Validated', prestation, version, confirmedBy: user.by };
  return { status: 'AwaitingUser', prestation, version, validatedBy, user: user.status === 'Running' ? user : running(window as UserWindow) };
}

function userConfirmed(state: PrestationState, by: 'USER' | 'AUTOMATIC'): PrestationState {
  return inStatus(state, ['AwaitingWorker', 'AwaitingCompany', 'AwaitingUser'], (current) =>
    current.status === 'AwaitingUser'
      ? { status: 'Validated', prestation: current.prestation, version: current.version, confirmedBy: by }
      : ({ ...current, user: { status: 'Confirmed', by } } as PrestationState),
  );
}

function withRunningUser(state: PrestationState, change: (user: Running) => Running): PrestationState {
  return inStatus(state, ['AwaitingCompany', 'AwaitingUser'], (current) =>
    current.user.status === 'Running' ? ({ ...current, user: change(current.user) } as PrestationState) : current,
  );
}

export function evolve(state: PrestationState, event: PrestationEvent): PrestationState {
  switch (event.type) {
    case 'PrestationEncoded': {
      const { data } = event;
      const prestation: Prestation = {
        companyId: data.companyId,
        workerId: data.workerId,
        userId: data.userId,
        serviceDate: data.serviceDate,
        hours: data.hours,
        activity: data.activity,
        region: data.region,
        channel: data.channel,
        encodedBy: data.encodedBy,
      };
      return data.encodedBy === 'WORKER'
        ? { status: 'AwaitingCompany', prestation, version: 1, companyDeadline: data.companyDeadline, user: running(data.userWindow) }
        : { status: 'AwaitingWorker', prestation, version: 1, workerDeadline: data.workerDeadline, user: { status: 'NotStarted' } };
    }
    case 'LegacyPrestationImported': {
      const { legacyStatus: _legacyStatus, workerDeadline, ...prestation } = event.data;
      return { status: 'AwaitingWorker', prestation, version: 1, workerDeadline, user: { status: 'NotStarted' } };
    }
    case 'PrestationCorrected': {
      const { version, serviceDate, hours, activity, workerDeadline } = event.data;
      return state.status === 'None'
        ? state
        : {
            status: 'AwaitingWorker',
            prestation: { ...state.prestation, serviceDate, hours, activity },
            version,
            workerDeadline,
            user: { status: 'NotStarted' },
          };
    }
    case 'PrestationCancelled':
      return state.status === 'None'
        ? state
        : { status: 'Cancelled', prestation: state.prestation, version: state.version, reason: event.data.reason };
    case 'CompanyValidated':
      return inStatus(state, ['AwaitingCompany'], (current) => upstreamValidated(current, 'COMPANY'));
    case 'WorkerValidated':
      return inStatus(state, ['AwaitingWorker'], (current) => upstreamValidated(current, 'WORKER', event.data.userWindow));
    case 'WorkerContested':
      return inStatus(state, ['AwaitingWorker'], ({ prestation, version }) => ({
        status: 'ContestedByWorker',
        prestation,
        version,
        contest: event.data,
      }));
    case 'AutoValidated':
      switch (event.data.step) {
        case 'WORKER':
          return inStatus(state, ['AwaitingWorker'], (current) =>
            upstreamValidated(current, 'WORKER_DEADLINE', event.data.userWindow),
          );
        case 'COMPANY':
          return inStatus(state, ['AwaitingCompany'], (current) => upstreamValidated(current, 'COMPANY_DEADLINE'));
        case 'USER':
          return userConfirmed(state, 'AUTOMATIC');
        default: {
          const _exhaustive: never = event.data.step;
          return state;
        }
      }
    case 'UserConfirmed':
      return userConfirmed(state, 'USER');
    case 'UserContested':
      return inStatus(state, ['AwaitingWorker', 'AwaitingCompany', 'AwaitingUser'], ({ prestation, version }) => ({
        status: 'ContestedByUser',
        prestation,
        version,
        reason: event.data.reason,
      }));
    case 'UserConfirmationSuperseded':
      // Only tells the user; the worker's contest already moved the prestation.
      return state;
    case 'UserReminderTriggered':
      return withRunningUser(state, (user) => ({ ...user, remindersSent: [...user.remindersSent, event.data.reminder] }));
    case 'UserDelayExtended':
      return withRunningUser(state, (user) => ({
        ...user,
        window: { ...user.window, dueAt: event.data.dueAt, reminders: event.data.reminders },
        absenceIds: [...user.absenceIds, event.data.absenceId],
      }));
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
