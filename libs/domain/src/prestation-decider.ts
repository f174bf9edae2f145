import {
  addCalendarDays,
  calendarDayWindow,
  countCalendarDays,
  countWorkingDays,
  isLocalDate,
  localDateOf,
  toInstant,
  workingDayDeadline,
} from '@prestaflow/calendar';
import {
  activities,
  ConcurrencyError,
  contestReasons,
  ForbiddenError,
  IllegalStateError,
  legacyStatuses,
  NotFoundError,
  regions,
  ValidationError,
  type ErrorReason,
  type Actor,
  type ActorRole,
  type Deadline,
  type Decider,
  type Instant,
  type PrestationCommand,
  type PrestationEvent,
  type PrestationFacts,
  type Region,
  type UserWindow,
} from '@prestaflow/contracts';
import { DateTime } from 'luxon';
import { defaultPolicy, defaultRegion, type DecisionPolicy, type RegionProfile, type UserWindowRule } from './policy';
import { evolve, initialState, type ExistingPrestation, type PrestationState, type UserStep } from './prestation-state';
import { type UserAbsence } from './user-absences';

type Command<T extends PrestationCommand['type']> = Extract<PrestationCommand, { type: T }>;
type Open = Exclude<ExistingPrestation, { status: 'Validated' | 'Cancelled' }>;
type In<S extends PrestationState['status']> = Extract<PrestationState, { status: S }>;

/** What every decision needs: the normalised time and the actor of the command, and the rules. */
interface Context {
  readonly now: Instant;
  readonly actor: Actor;
  readonly policy: DecisionPolicy;
}

function emit<E extends PrestationEvent>(context: Context, type: E['type'], data: E['data']): PrestationEvent {
  return { type, data, occurredAt: context.now, actor: context.actor } as PrestationEvent;
}

// --- who may act -----------------------------------------------------------------------

function requireActor(context: Context, role: ActorRole, id?: string): void {
  if (context.actor.role !== role || (id !== undefined && context.actor.id !== id)) {
    throw new ForbiddenError(`only ${id === undefined ? 'the' : 'its own'} ${role.toLowerCase()} may do this`);
  }
}

/** R5: validating and contesting are online only; the IVR cannot. */
function requireOnline(channel: string): void {
  if (channel !== 'APP') throw new ForbiddenError('the worker validates or contests online only, in the app (R5)');
}

// --- which state allows it ---------------------------------------------------------------

function existing(state: PrestationState): ExistingPrestation {
  if (state.status === 'None') throw new NotFoundError('no such prestation');
  return state;
}

function open(state: PrestationState): Open {
  const current = existing(state);
  if (current.status === 'Cancelled') throw new IllegalStateError('the prestation is cancelled: nothing happens after');
  if (current.status === 'Validated') {
    throw new IllegalStateError(`the prestation is already validated${current.confirmedBy === 'AUTOMATIC' ? ': confirmed automatically' : ''}`);
  }
  return current;
}

/** The open statuses in the words a caller reads in a 409 (the code in brackets is the decider's, for operators). */
const openStatusWords: Readonly<Record<Open['status'], string>> = {
  AwaitingWorker: "awaiting the worker's validation",
  AwaitingCompany: "awaiting the company's validation",
  AwaitingUser: "awaiting the user's confirmation",
  ContestedByWorker: 'contested by the worker',
  ContestedByUser: 'contested by the user',
};

function requireStatus<S extends Open['status']>(state: PrestationState, ...statuses: S[]): In<S> {
  const current = open(state);
  if (!(statuses as string[]).includes(current.status)) {
    const allowed = statuses.map((status) => openStatusWords[status]).join(' or ');
    throw new IllegalStateError(`not possible while the prestation is ${openStatusWords[current.status]} (${current.status}); only while it is ${allowed}`);
  }
  return current as In<S>;
}

function requireVersion(state: ExistingPrestation, version: number): void {
  if (version !== state.version) {
    throw new ConcurrencyError(`decided on version ${version}, the prestation is at version ${state.version}`);
  }
}

/** Deadline commands come at the due instant: refused when early or for a replaced deadline. */
function requireDue(context: Context, commandDeadlineId: string, deadline: Deadline): void {
  if (commandDeadlineId !== deadline.id) {
    throw new IllegalStateError(`deadline ${commandDeadlineId} is stale: the current one is ${deadline.id}`);
  }
  if (context.now < deadline.dueAt) throw new IllegalStateError(`deadline ${deadline.id} is due at ${deadline.dueAt}`);
}

// --- the prestation at the command's instant ------------------------------------------------

/** The deadline service's actor, for the firings that `prestationAt` folds in (never emitted). */
const deadlineService: Actor = { id: 'deadline-service', role: 'SYSTEM' };

/** A deadline that had lapsed at an instant, named for a person (a refusal says which and when). */
export interface Lapse {
  readonly what: "the worker's deadline" | "the company's deadline" | "the user's window";
  readonly deadline: Deadline;
}

/** The earliest deadline running in `state` that is due at `now`, with the command that fires it. */
function dueFiring(state: PrestationState, now: Instant, prestationId: string): { lapse: Lapse; command: PrestationCommand } | undefined {
  const running: Array<[Lapse['what'], 'ReachWorkerDeadline' | 'ReachCompanyDeadline' | 'ReachUserDeadline', Deadline]> = [];
  if (state.status === 'AwaitingWorker') running.push(["the worker's deadline", 'ReachWorkerDeadline', state.workerDeadline]);
  if (state.status === 'AwaitingCompany') running.push(["the company's deadline", 'ReachCompanyDeadline', state.companyDeadline]);
  if ((state.status === 'AwaitingCompany' || state.status === 'AwaitingUser') && state.user.status === 'Running') {
    running.push(["the user's window", 'ReachUserDeadline', state.user.window]);
  }
  const due = running.filter(([, , deadline]) => deadline.dueAt <= now).sort(([, , a], [, , b]) => a.dueAt.localeCompare(b.dueAt))[0];
  if (due === undefined) return undefined;
  const [what, type, deadline] = due;
  const metadata = { now: deadline.dueAt, actor: deadlineService };
  return { lapse: { what, deadline }, command: { type, prestationId, data: { deadlineId: deadline.id }, metadata } };
}

/**
 * The prestation as it stands at `now` (an `Instant`: ISO-8601 UTC with milliseconds, compared
 * as text like every instant on the events): every deadline due by then (worker R6/R10, company
 * R16, user window R8/R19, as moved by absences R17) has lapsed, whether or not the deadline
 * service has fired it yet. Folds in what the deadline service decides when it
 * fires them, in due order, stamped with their due instants (ADR 0012); `lapsed` lists them.
 * Reminders are left out: they decide nothing a person could do.
 */
export function prestationAt<S extends PrestationState>(
  state: S,
  now: Instant,
  policy: DecisionPolicy = defaultPolicy,
  prestationId = '',
): { readonly state: S | ExistingPrestation; readonly lapsed: readonly Lapse[] } {
  const lapsed: Lapse[] = [];
  let current: PrestationState = state;
  for (let firing = dueFiring(current, now, prestationId); firing !== undefined; firing = dueFiring(current, now, prestationId)) {
    current = decide(firing.command, current, policy).reduce(evolve, current);
    lapsed.push(firing.lapse);
  }
  // Only an existing prestation has deadlines: `current` is `state`, or what its firings made of it.
  return { state: current as S | ExistingPrestation, lapsed };
}

const brusselsTime = (context: Context, instant: Instant): string =>
  DateTime.fromISO(instant).setZone(context.policy.calendar.zone).toFormat('yyyy-MM-dd HH:mm:ss');

/**
 * A person's command is decided on the prestation as it stands at the command's own instant
 * (`prestationAt`), not as the deadline service has left it: a late command cannot win over a
 * deadline that has passed, and the outcome is the same whether the deadline fires before or
 * after it (ADR 0012). Its events are its own; a refusal caused by a lapse names the deadline
 * and when it lapsed (409 ILLEGAL_STATE).
 */
function atItsInstant<C extends PrestationCommand>(decision: (command: C, state: PrestationState, context: Context) => PrestationEvent[]) {
  return (command: C, state: PrestationState, context: Context): PrestationEvent[] => {
    const { state: atNow, lapsed } = prestationAt(state, context.now, context.policy, command.prestationId);
    if (lapsed.length === 0) return decision(command, state, context);
    try {
      return decision(command, atNow, context);
    } catch (error) {
      if (!(error instanceof IllegalStateError)) throw error;
      const lapses = lapsed.map(({ what, deadline }) => `${what} ${deadline.id} lapsed at ${deadline.dueAt} (${brusselsTime(context, deadline.dueAt)} Brussels time)`);
      throw new IllegalStateError(`too late: ${lapses.join(', then ')}; ${error.message}`);
    }
  };
}

function runningUserWindow(state: PrestationState): Extract<UserStep, { status: 'Running' }> {
  const current = requireStatus(state, 'AwaitingCompany', 'AwaitingUser');
  if (current.user.status !== 'Running') throw new IllegalStateError('the user step is already done');
  return current.user;
}

// --- what is well formed -----------------------------------------------------------------

function requireThat(condition: boolean, field: string, problem: string, reason?: ErrorReason): void {
  if (!condition) throw new ValidationError(field, problem, reason);
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const isHours = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 9;

function checkCorrectable(context: Context, data: Pick<PrestationFacts, 'serviceDate' | 'hours' | 'activity'>): void {
  requireThat(isLocalDate(data.serviceDate), 'data.serviceDate', 'must be a date YYYY-MM-DD');
  requireThat(
    data.serviceDate <= localDateOf(context.policy.calendar, context.now),
    'data.serviceDate',
    'must not be in the future',
    'DATE_IN_FUTURE',
  );
  requireThat(isHours(data.hours), 'data.hours', 'must be a whole number of hours from 1 to 9');
  requireThat(activities.includes(data.activity), 'data.activity', `must be one of ${activities.join(', ')}`);
}

function checkFacts(context: Context, data: PrestationFacts & { readonly region?: Region }): Region {
  requireThat(isText(data.companyId), 'data.companyId', 'is required');
  requireThat(/^\d{12}$/.test(data.workerId), 'data.workerId', 'must be 12 digits');
  requireThat(/^\d{12}$/.test(data.userId), 'data.userId', 'must be 12 digits');
  checkCorrectable(context, data);
  const region = data.region ?? defaultRegion;
  requireThat(regions.includes(region), 'data.region', `must be one of ${regions.join(', ')}`);
  return region;
}

const factsOf = ({ companyId, workerId, userId, serviceDate, hours, activity }: PrestationFacts): PrestationFacts => ({
  companyId,
  workerId,
  userId,
  serviceDate,
  hours,
  activity,
});

// --- deadlines ---------------------------------------------------------------------------

const profileOf = (context: Context, region: Region): RegionProfile => context.policy.regions[region];

function workingDaysDeadline(context: Context, kind: 'worker' | 'company', version: number, from: Instant, days: number): Deadline {
  return { id: `${kind}-v${version}`, dueAt: workingDayDeadline(context.policy.calendar, from, days) };
}

function openUserWindow(context: Context, rule: UserWindowRule, version: number, from: Instant): UserWindow {
  const { calendar } = context.policy;
  const { dueAt, reminders } = calendarDayWindow(calendar, from, rule.length, rule.remindersAfterDays);
  return {
    id: `user-v${version}`,
    opensAt: from,
    dueAt: rule.unit === 'WORKING_DAYS' ? workingDayDeadline(calendar, from, rule.length) : dueAt,
    unit: rule.unit,
    reminders,
  };
}

// --- the decisions -----------------------------------------------------------------------

function encodePrestation(command: Command<'EncodePrestation'>, state: PrestationState, context: Context) {
  if (state.status !== 'None') throw new IllegalStateError('the prestation already exists');
  const { data } = command;
  requireActor(context, 'WORKER', data.workerId);
  requireThat(data.channel === 'APP' || data.channel === 'IVR', 'data.channel', 'must be APP or IVR');
  const region = checkFacts(context, data);
  const profile = profileOf(context, region);
  return [
    emit(context, 'PrestationEncoded', {
      ...factsOf(data),
      region,
      encodedBy: 'WORKER',
      channel: data.channel,
      companyDeadline: workingDaysDeadline(context, 'company', 1, context.now, profile.companyValidationWorkingDays),
      userWindow: openUserWindow(context, profile.userWindow.parallelToCompany, 1, context.now),
    }),
  ];
}

function encodePrestationForWorker(command: Command<'EncodePrestationForWorker'>, state: PrestationState, context: Context) {
  if (state.status !== 'None') throw new IllegalStateError('the prestation already exists');
  const { data } = command;
  requireActor(context, 'COMPANY', data.companyId);
  requireThat(isText(data.reason), 'data.reason', 'is required: a company encodes only exceptionally (R2)');
  const region = checkFacts(context, data);
  const days = profileOf(context, region).workerValidationWorkingDays;
  return [
    emit(context, 'PrestationEncoded', {
      ...factsOf(data),
      region,
      encodedBy: 'COMPANY',
      channel: 'COMPANY',
      reason: data.reason,
      workerDeadline: workingDaysDeadline(context, 'worker', 1, context.now, days),
    }),
  ];
}

function importLegacyPrestation(command: Command<'ImportLegacyPrestation'>, state: PrestationState, context: Context) {
  if (state.status !== 'None') throw new IllegalStateError('the prestation already exists');
  const { data } = command;
  requireActor(context, 'OPERATOR');
  requireThat(legacyStatuses.includes(data.legacyStatus), 'data.legacyStatus', `must be one of ${legacyStatuses.join(', ')}`);
  // The notice lists "enregistrée" and "validée" only for prestations the company encoded.
  const needsCompanyEncoding = data.legacyStatus === 'ENREGISTREE' || data.legacyStatus === 'VALIDEE';
  requireThat(
    data.encodedBy === 'COMPANY' || (data.encodedBy === 'WORKER' && !needsCompanyEncoding),
    'data.encodedBy',
    `must be COMPANY for ${data.legacyStatus}, or WORKER for MODIFIEE and CORRIGEE (R10)`,
  );
  requireThat(
    data.encodedBy === 'COMPANY' ? data.channel === 'COMPANY' : data.channel === 'APP' || data.channel === 'IVR',
    'data.channel',
    'must be COMPANY when the company encoded it, APP or IVR when the worker did',
  );
  const region = checkFacts(context, data);
  // Only what was in flight at the cut-over comes in (R10): a later service was encoded on the platform.
  const cutOverDay = localDateOf(context.policy.calendar, context.policy.cutOver);
  requireThat(data.serviceDate <= cutOverDay, 'data.serviceDate', `must not be after the cut-over day ${cutOverDay} (R10: only prestations in flight at the cut-over)`);
  // The window starts at go-live, so nothing is validated automatically on day one (R10).
  const start = context.now > context.policy.cutOver ? context.now : context.policy.cutOver;
  return [
    emit(context, 'LegacyPrestationImported', {
      ...factsOf(data),
      region,
      channel: data.channel,
      encodedBy: data.encodedBy,
      legacyStatus: data.legacyStatus,
      workerDeadline: workingDaysDeadline(context, 'worker', 1, start, profileOf(context, region).workerValidationWorkingDays),
    }),
  ];
}

function correctPrestation(command: Command<'CorrectPrestation'>, state: PrestationState, context: Context) {
  const current = open(state);
  const { data } = command;
  requireActor(context, 'COMPANY', current.prestation.companyId);
  requireVersion(current, data.version);
  if ('user' in current && current.user.status === 'Confirmed' && current.user.by === 'AUTOMATIC') {
    // A new version would reopen the contest the user lost by the automatic confirmation (R9).
    throw new IllegalStateError('the user step is confirmed automatically: the prestation can no longer be corrected');
  }
  checkCorrectable(context, data);
  requireThat(data.reason === undefined || isText(data.reason), 'data.reason', 'must not be empty');
  const version = current.version + 1;
  const days = profileOf(context, current.prestation.region).workerValidationWorkingDays;
  return [
    emit(context, 'PrestationCorrected', {
      version,
      serviceDate: data.serviceDate,
      hours: data.hours,
      activity: data.activity,
      ...(data.reason === undefined ? {} : { reason: data.reason }),
      workerDeadline: workingDaysDeadline(context, 'worker', version, context.now, days),
    }),
  ];
}

function cancelPrestation(command: Command<'CancelPrestation'>, state: PrestationState, context: Context) {
  const current = open(state);
  requireActor(context, 'COMPANY', current.prestation.companyId);
  requireThat(isText(command.data.reason), 'data.reason', 'is required');
  return [emit(context, 'PrestationCancelled', { reason: command.data.reason })];
}

function validateAsCompany(command: Command<'ValidateAsCompany'>, state: PrestationState, context: Context) {
  const current = requireStatus(state, 'AwaitingCompany');
  requireActor(context, 'COMPANY', current.prestation.companyId);
  requireVersion(current, command.data.version);
  return [emit(context, 'CompanyValidated', { version: current.version })];
}

function awaitingThisWorker(command: Command<'ValidateAsWorker' | 'ContestAsWorker'>, state: PrestationState, context: Context) {
  const current = requireStatus(state, 'AwaitingWorker');
  requireActor(context, 'WORKER', current.prestation.workerId);
  requireOnline(command.data.channel);
  requireVersion(current, command.data.version);
  return current;
}

function validateAsWorker(command: Command<'ValidateAsWorker'>, state: PrestationState, context: Context) {
  const current = awaitingThisWorker(command, state, context);
  const rule = profileOf(context, current.prestation.region).userWindow.afterWorkerValidated;
  return [
    emit(context, 'WorkerValidated', {
      version: current.version,
      ...(current.user.status === 'Confirmed' ? {} : { userWindow: openUserWindow(context, rule, current.version, context.now) }),
    }),
  ];
}

function contestAsWorker(command: Command<'ContestAsWorker'>, state: PrestationState, context: Context) {
  const current = awaitingThisWorker(command, state, context);
  const { reasonCode, text, proposedHours } = command.data;
  requireThat(contestReasons.includes(reasonCode), 'data.reasonCode', `must be one of ${contestReasons.join(', ')}`);
  requireThat(isText(text), 'data.text', 'is required');
  requireThat(proposedHours === undefined || isHours(proposedHours), 'data.proposedHours', 'must be a whole number of hours from 1 to 9');
  const contested = emit(context, 'WorkerContested', {
    version: current.version,
    reasonCode,
    text,
    ...(proposedHours === undefined ? {} : { proposedHours }),
  });
  // The worker's contest wins over an earlier confirmation, and the user must be told.
  return current.user.status === 'Confirmed'
    ? [contested, emit(context, 'UserConfirmationSuperseded', { version: current.version })]
    : [contested];
}

/** The user's step as the user sees it, in every state where the user can act on the prestation. */
function userStepFor(state: PrestationState, context: Context, version: number): { current: ExistingPrestation; step: UserStep } {
  const current = existing(state);
  if (current.status === 'Cancelled') throw new IllegalStateError('the prestation is cancelled: nothing happens after');
  requireActor(context, 'USER', current.prestation.userId);
  requireVersion(current, version);
  if (current.status === 'Validated') return { current, step: { status: 'Confirmed', by: current.confirmedBy } };
  if (current.status === 'ContestedByWorker' || current.status === 'ContestedByUser') {
    throw new IllegalStateError('the prestation is contested: the company corrects or cancels it first');
  }
  return { current, step: current.user };
}

function confirmAsUser(command: Command<'ConfirmAsUser'>, state: PrestationState, context: Context) {
  const { current, step } = userStepFor(state, context, command.data.version);
  if (step.status === 'Confirmed') throw new IllegalStateError('the prestation is already confirmed');
  return [
    emit(context, 'UserConfirmed', { version: current.version, beforeWorkerDecision: current.status === 'AwaitingWorker' }),
  ];
}

function contestAsUser(command: Command<'ContestAsUser'>, state: PrestationState, context: Context) {
  const { current, step } = userStepFor(state, context, command.data.version);
  if (step.status === 'Confirmed') {
    throw new IllegalStateError(
      step.by === 'AUTOMATIC'
        ? 'confirmed automatically: the user can no longer contest it (R9)'
        : 'the user already confirmed it',
    );
  }
  requireThat(isText(command.data.reason), 'data.reason', 'is required');
  return [emit(context, 'UserContested', { version: current.version, reason: command.data.reason })];
}

function reachWorkerDeadline(command: Command<'ReachWorkerDeadline'>, state: PrestationState, context: Context) {
  requireActor(context, 'SYSTEM');
  const current = requireStatus(state, 'AwaitingWorker');
  requireDue(context, command.data.deadlineId, current.workerDeadline);
  const rule = profileOf(context, current.prestation.region).userWindow.afterWorkerDeadline;
  return [
    emit(context, 'AutoValidated', {
      step: 'WORKER',
      deadlineId: current.workerDeadline.id,
      // R8: the user's window counts from the lapsed deadline, not from when the command came.
      ...(current.user.status === 'Confirmed'
        ? {}
        : { userWindow: openUserWindow(context, rule, current.version, current.workerDeadline.dueAt) }),
    }),
  ];
}

function reachCompanyDeadline(command: Command<'ReachCompanyDeadline'>, state: PrestationState, context: Context) {
  requireActor(context, 'SYSTEM');
  const current = requireStatus(state, 'AwaitingCompany');
  requireDue(context, command.data.deadlineId, current.companyDeadline);
  return [emit(context, 'AutoValidated', { step: 'COMPANY', deadlineId: current.companyDeadline.id })];
}

function reachUserDeadline(command: Command<'ReachUserDeadline'>, state: PrestationState, context: Context) {
  requireActor(context, 'SYSTEM');
  const { window } = runningUserWindow(state);
  requireDue(context, command.data.deadlineId, window);
  return [emit(context, 'AutoValidated', { step: 'USER', deadlineId: window.id })];
}

function remindUser(command: Command<'RemindUser'>, state: PrestationState, context: Context) {
  requireActor(context, 'SYSTEM');
  const { window, remindersSent } = runningUserWindow(state);
  const { deadlineId, reminder } = command.data;
  const dueAt = window.reminders[reminder - 1];
  if (dueAt === undefined) throw new IllegalStateError(`window ${window.id} has no reminder ${reminder}`);
  if (remindersSent.includes(reminder)) throw new IllegalStateError(`reminder ${reminder} was already sent`);
  requireDue(context, deadlineId, { id: window.id, dueAt });
  return [emit(context, 'UserReminderTriggered', { deadlineId, reminder, dueAt })];
}

/**
 * R17: the user's absence pushes the automatic confirmation back by its length, counted the way
 * the window counts (working or calendar days), so a working-day deadline stays on a working day.
 * The user, or the deadline service applying the user's recorded declaration (also to a window
 * that opened after it); the absence counts if the window had not lapsed when it was declared.
 */
function extendUserDelayForAbsence(command: Command<'ExtendUserDelayForAbsence'>, state: PrestationState, context: Context) {
  const current = existing(state);
  if (context.actor.role !== 'SYSTEM') requireActor(context, 'USER', current.prestation.userId);
  const { window, remindersSent, absenceIds } = runningUserWindow(state);
  const { absenceId, from, to } = command.data;
  const { calendar } = context.policy;
  requireThat(isText(absenceId), 'data.absenceId', 'is required');
  requireThat(isLocalDate(from), 'data.from', 'must be a date YYYY-MM-DD');
  requireThat(isLocalDate(to) && to >= from, 'data.to', 'must be a date YYYY-MM-DD, not before data.from');
  const declaredAt = command.data.declaredAt === undefined ? context.now : toInstant(command.data.declaredAt, 'data.declaredAt');
  requireThat(declaredAt <= context.now, 'data.declaredAt', 'must not be after metadata.now');
  if (declaredAt >= window.dueAt) throw new IllegalStateError(`the user window ${window.id} had lapsed when the absence was declared`);
  const overlaps = from <= localDateOf(calendar, window.dueAt) && to >= localDateOf(calendar, window.opensAt);
  if (!overlaps || absenceIds.includes(absenceId)) return [];
  const calendarDays = countCalendarDays(from, to);
  const dueAt =
    window.unit === 'WORKING_DAYS'
      ? workingDayDeadline(calendar, window.dueAt, countWorkingDays(calendar, from, to))
      : addCalendarDays(calendar, window.dueAt, calendarDays);
  // An absence with no working day in it leaves a working-day window where it was.
  if (dueAt === window.dueAt) return [];
  const reminders = window.reminders.map((reminder, index) =>
    remindersSent.includes(index + 1) ? reminder : addCalendarDays(calendar, reminder, calendarDays),
  );
  return [
    emit(context, 'UserDelayExtended', { deadlineId: window.id, absenceId, absenceFrom: from, absenceTo: to, dueAt, reminders }),
  ];
}

/**
 * What a command decides, given the prestation's state. Pure: time and actor come on the
 * command, delays from the policy, so deciding again gives the same events.
 */
export function decide(
  command: PrestationCommand,
  state: PrestationState,
  policy: DecisionPolicy = defaultPolicy,
): PrestationEvent[] {
  const context: Context = { now: toInstant(command.metadata.now, 'metadata.now'), actor: command.metadata.actor, policy };
  switch (command.type) {
    case 'EncodePrestation':
      return encodePrestation(command, state, context);
    case 'EncodePrestationForWorker':
      return encodePrestationForWorker(command, state, context);
    case 'ImportLegacyPrestation':
      return importLegacyPrestation(command, state, context);
    case 'CorrectPrestation':
      return atItsInstant(correctPrestation)(command, state, context);
    case 'CancelPrestation':
      return atItsInstant(cancelPrestation)(command, state, context);
    case 'ValidateAsCompany':
      return atItsInstant(validateAsCompany)(command, state, context);
    case 'ValidateAsWorker':
      return atItsInstant(validateAsWorker)(command, state, context);
    case 'ContestAsWorker':
      return atItsInstant(contestAsWorker)(command, state, context);
    case 'ConfirmAsUser':
      return atItsInstant(confirmAsUser)(command, state, context);
    case 'ContestAsUser':
      return atItsInstant(contestAsUser)(command, state, context);
    case 'ReachWorkerDeadline':
      return reachWorkerDeadline(command, state, context);
    case 'ReachCompanyDeadline':
      return reachCompanyDeadline(command, state, context);
    case 'ReachUserDeadline':
      return reachUserDeadline(command, state, context);
    case 'RemindUser':
      return remindUser(command, state, context);
    case 'ExtendUserDelayForAbsence':
      return extendUserDelayForAbsence(command, state, context);
    default: {
      const _exhaustive: never = command;
      throw new ValidationError('type', `unknown command ${(command as { type: unknown }).type}`);
    }
  }
}

/**
 * R17: the prestation as it stands once the user's declared absences (those declared by `now`) are
 * applied to its running user window, as the deadline service applies them (ExtendUserDelayForAbsence,
 * ADR 0008): what a notice sent before those events arrive must already tell the user (newcomer trial:
 * the e-mail gave a date 11 days before the screen's). Absences that do not apply change nothing.
 */
export function withDeclaredAbsences(
  prestationId: string,
  state: PrestationState,
  absences: readonly UserAbsence[],
  now: Instant,
  policy: DecisionPolicy = defaultPolicy,
): PrestationState {
  const declared = absences.filter((absence) => absence.declaredAt <= now);
  const pass = (start: PrestationState) =>
    declared.reduce((current, { absenceId, from, to, declaredAt }) => {
      try {
        const command: PrestationCommand = { type: 'ExtendUserDelayForAbsence', prestationId, data: { absenceId, from, to, declaredAt }, metadata: { now, actor: absencesApplier } };
        return decide(command, current, policy).reduce(evolve, current);
      } catch (error) {
        // No window runs, or it had lapsed when the absence was declared: the deadline service is refused alike.
        if (error instanceof IllegalStateError) return current;
        throw error;
      }
    }, start);
  // Again while a pass extends the window: an absence may overlap only the window an earlier pass moved,
  // as the deadline service applies them again on each UserDelayExtended (review). Each absence counts once.
  let current = state;
  for (let passes = 0; passes <= declared.length; passes += 1) {
    const next = pass(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}

const absencesApplier: Actor = { id: 'deadline-service', role: 'SYSTEM' };

/** The prestation decider with its policy bound, in the shape the event store runs. */
export function prestationDecider(
  policy: DecisionPolicy = defaultPolicy,
): Decider<PrestationCommand, PrestationEvent, PrestationState> {
  return { initialState, evolve, decide: (command, state) => decide(command, state, policy) };
}
