import { addCalendarDays, belgianCalendar, isWorkingDay, localDateOf, toInstant, type WorkingDayCalendar } from '@prestaflow/calendar';
import {
  DomainError,
  parsePrestationEvent,
  type Deadline,
  type PrestationCommand,
  type PrestationEvent,
  type Region,
} from '@prestaflow/contracts';
import fc from 'fast-check';
import {
  cancelPrestation,
  confirmAsUser,
  contestAsUser,
  contestAsWorker,
  correctPrestation,
  encodePrestation,
  encodePrestationForWorker,
  extendUserDelayForAbsence,
  importLegacyPrestation,
  reachCompanyDeadline,
  reachUserDeadline,
  reachWorkerDeadline,
  remindUser,
  validateAsCompany,
  validateAsWorker,
} from '@prestaflow/testing';
import { defaultPolicy } from './policy';
import { decide } from './prestation-decider';
import { evolve, initialState, isFinal, type PrestationState } from './prestation-state';
import { userMayDecide, workerMayDecide } from './statuses';

const kinds = [
  'encodeByWorker',
  'encodeByCompany',
  'importLegacy',
  'correct',
  'cancel',
  'validateAsCompany',
  'validateAsWorker',
  'contestAsWorker',
  'confirmAsUser',
  'contestAsUser',
  'workerDeadline',
  'companyDeadline',
  'userDeadline',
  'remindUser',
  'absence',
] as const;

const step = fc.record({
  kind: fc.constantFrom(...kinds),
  minutesLater: fc.integer({ min: 0, max: 30 * 24 * 60 }),
  atDue: fc.boolean(),
  variant: fc.integer({ min: 1, max: 3 }),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const scenario = fc.record({
  // 2024-01-01 to 2032-06-01: every holiday and DST switch of the range can be crossed.
  start: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 5, 1) }),
  region: fc.constantFrom<Region>('WALLONIA', 'FLANDERS', 'BRUSSELS'),
  workingWeek: fc.constantFrom('MONDAY_TO_FRIDAY', 'MONDAY_TO_SATURDAY' as const),
  steps: fc.array(step, { minLength: 1, maxLength: 25 }),
});

function currentDeadline(state: PrestationState, kind: 'workerDeadline' | 'companyDeadline' | 'userDeadline'): Deadline | undefined {
  if (kind === 'workerDeadline') return state.status === 'AwaitingWorker' ? state.workerDeadline : undefined;
  if (kind === 'companyDeadline') return state.status === 'AwaitingCompany' ? state.companyDeadline : undefined;
  return 'user' in state && state.user.status === 'Running' ? state.user.window : undefined;
}

/** Builds the concrete command of a step from the current state, as the real services would. */
function commandFor(s: Step, state: PrestationState, now: string, region: Region, calendar: WorkingDayCalendar): [PrestationCommand, string] {
  const version = 'version' in state ? state.version : 1;
  const today = localDateOf(calendar, now);
  const stale = s.variant === 3;
  switch (s.kind) {
    case 'encodeByWorker':
      return [encodePrestation(now, { serviceDate: today, region, channel: s.variant === 1 ? 'IVR' : 'APP' }), now];
    case 'encodeByCompany':
      return [encodePrestationForWorker(now, { serviceDate: today, region }), now];
    case 'importLegacy':
      return [importLegacyPrestation(now, { serviceDate: today, region }), now];
    case 'correct':
      return [correctPrestation(now, { version: stale ? version + 1 : version, serviceDate: today, hours: s.variant }), now];
    case 'cancel':
      return [cancelPrestation(now), now];
    case 'validateAsCompany':
      return [validateAsCompany(now, version), now];
    case 'validateAsWorker':
      return [validateAsWorker(now, { version, channel: stale ? 'IVR' : 'APP' }), now];
    case 'contestAsWorker':
      return [contestAsWorker(now, { version }), now];
    case 'confirmAsUser':
      return [confirmAsUser(now, version), now];
    case 'contestAsUser':
      return [contestAsUser(now, { version }), now];
    case 'workerDeadline':
    case 'companyDeadline':
    case 'userDeadline': {
      const deadline = currentDeadline(state, s.kind);
      const at = s.atDue && deadline && deadline.dueAt > now ? deadline.dueAt : now;
      const id = deadline && !stale ? deadline.id : `${s.kind.replace('Deadline', '')}-v1`;
      const build = { workerDeadline: reachWorkerDeadline, companyDeadline: reachCompanyDeadline, userDeadline: reachUserDeadline }[s.kind];
      return [build(at, id), at];
    }
    case 'remindUser': {
      const window = currentDeadline(state, 'userDeadline');
      const dueAt = window?.dueAt && 'reminders' in window ? (window.reminders as string[])[s.variant - 1] : undefined;
      const at = s.atDue && dueAt && dueAt > now ? dueAt : now;
      return [remindUser(at, s.variant, window?.id ?? 'user-v1'), at];
    }
    case 'absence': {
      const to = localDateOf(calendar, addCalendarDays(calendar, now, s.variant * 4));
      return [extendUserDelayForAbsence(now, today, to, `absence-${s.variant}`), now];
    }
  }
}

function workingDayDeadlines(event: PrestationEvent): Deadline[] {
  const data = event.data as Partial<Record<'workerDeadline' | 'companyDeadline' | 'userWindow', Deadline & { unit?: string }>>;
  const windows = data.userWindow?.unit === 'WORKING_DAYS' ? [data.userWindow] : [];
  return [data.workerDeadline, data.companyDeadline, ...windows].filter((deadline): deadline is Deadline => deadline !== undefined);
}

describe('invariants over random valid command sequences', () => {
  it('nothing after a final outcome, at most one, no contest after automatic confirmation, deadlines on working days, replay reproduces the state', () => {
    fc.assert(
      fc.property(scenario, ({ start, region, workingWeek, steps }) => {
        const calendar = belgianCalendar(workingWeek);
        const policy = { ...defaultPolicy, calendar };
        let state = initialState();
        let now = toInstant(new Date(start).toISOString());
        const events: PrestationEvent[] = [];
        let finals = 0;
        let autoConfirmed = false;
        for (const s of steps) {
          now = toInstant(new Date(Date.parse(now) + s.minutesLater * 60_000).toISOString());
          const [command, at] = commandFor(s, state, now, region, calendar);
          now = at;
          let decided: PrestationEvent[];
          try {
            decided = decide(command, state, policy);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          expect(isFinal(state)).toBe(false);
          // Pure: the same command on the same state decides the same events.
          expect(decide(command, state, policy)).toEqual(decided);
          for (const event of decided) {
            if (event.type === 'UserContested') expect(autoConfirmed).toBe(false);
            if (event.type === 'AutoValidated' && event.data.step === 'USER') autoConfirmed = true;
            for (const deadline of workingDayDeadlines(event)) {
              expect(isWorkingDay(calendar, localDateOf(calendar, deadline.dueAt))).toBe(true);
              expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', timeStyle: 'medium' }).format(Date.parse(deadline.dueAt))).toBe('23:59:59');
            }
          }
          const before = isFinal(state);
          state = decided.reduce(evolve, state);
          if (!before && isFinal(state)) finals += 1;
          events.push(...decided);
        }
        expect(finals).toBeLessThanOrEqual(1);
        // Replay through the contracts, as a consumer would read them from the event log.
        const replayed = events
          .map((event, index) =>
            parsePrestationEvent(
              JSON.parse(
                JSON.stringify({
                  ...event,
                  eventId: `event-${index + 1}`,
                  prestationId: 'prestation-1',
                  streamPosition: index + 1,
                  schemaVersion: event.type === 'PrestationEncoded' ? 2 : 1,
                  correlationId: null,
                  causationId: null,
                }),
              ),
            ),
          )
          .reduce(evolve, initialState());
        expect(replayed).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('the generator reaches every final outcome (the property is not vacuous)', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(scenario, ({ start, region, steps }) => {
        let state = initialState();
        let now = toInstant(new Date(start).toISOString());
        for (const s of steps) {
          now = toInstant(new Date(Date.parse(now) + s.minutesLater * 60_000).toISOString());
          const [command, at] = commandFor(s, state, now, region, defaultPolicy.calendar);
          now = at;
          try {
            state = decide(command, state).reduce(evolve, state);
          } catch {
            // refused commands are part of the random walk
          }
        }
        reached.add(state.status === 'Validated' ? `Validated/${state.confirmedBy}` : state.status);
      }),
      // A fixed seed: what the generator reaches is a fact about the generator, and a random seed
      // missed an outcome about one run in ten; the properties themselves run on random seeds.
      { numRuns: 300, seed: 20261130 },
    );
    expect([...reached]).toEqual(expect.arrayContaining(['Validated/USER', 'Validated/AUTOMATIC', 'Cancelled', 'AwaitingUser']));
  });
});

// --- issue #10 item 1, ADR 0012: a late command and the deadline service, in either order ---------

const lateKinds = ['correct', 'cancel', 'validateAsCompany', 'validateAsWorker', 'contestAsWorker', 'confirmAsUser', 'contestAsUser'] as const;

const lateCommand = fc.record({
  kind: fc.constantFrom(...lateKinds),
  variant: fc.integer({ min: 1, max: 3 }),
  /** Which running deadline the command comes after, and how long after it (0: at its due instant). */
  deadline: fc.nat(),
  minutesAfterDue: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 * 60 }), fc.integer({ min: 1, max: 75 * 24 * 60 })),
});

/** What the deadline service has open in a state: deadlines and unsent reminders, with the command that fires each. */
function deadlineServiceRows(state: PrestationState): Array<{ key: string; dueAt: string; fire: (now: string) => PrestationCommand }> {
  const rows: Array<{ key: string; dueAt: string; fire: (now: string) => PrestationCommand }> = [];
  if (state.status === 'AwaitingWorker') rows.push({ key: state.workerDeadline.id, dueAt: state.workerDeadline.dueAt, fire: (now) => reachWorkerDeadline(now, state.workerDeadline.id) });
  if (state.status === 'AwaitingCompany') rows.push({ key: state.companyDeadline.id, dueAt: state.companyDeadline.dueAt, fire: (now) => reachCompanyDeadline(now, state.companyDeadline.id) });
  if ((state.status === 'AwaitingCompany' || state.status === 'AwaitingUser') && state.user.status === 'Running') {
    const { window, remindersSent } = state.user;
    rows.push({ key: window.id, dueAt: window.dueAt, fire: (now) => reachUserDeadline(now, window.id) });
    window.reminders.forEach((dueAt, index) => {
      if (!remindersSent.includes(index + 1) && dueAt < window.dueAt) rows.push({ key: `${window.id}/${index + 1}`, dueAt, fire: (now) => remindUser(now, index + 1, window.id) });
    });
  }
  return rows;
}

/** The deadline service catching up to `until`: every row due by then, oldest first, stamped with its due instant. */
function deadlineServiceUntil(state: PrestationState, until: string, policy: typeof defaultPolicy): PrestationState {
  const done = new Set<string>();
  for (;;) {
    const [next] = deadlineServiceRows(state)
      .filter((row) => row.dueAt <= until && !done.has(row.key))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    if (next === undefined) return state;
    done.add(next.key);
    state = answer(next.fire(next.dueAt), state, policy).state;
  }
}

/** A command's answer as the services give it: its events applied, or the refusal's code and nothing written. */
function answer(command: PrestationCommand, state: PrestationState, policy: typeof defaultPolicy): { state: PrestationState; refused?: { code: string; message: string } } {
  try {
    return { state: decide(command, state, policy).reduce(evolve, state) };
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { state, refused: { code: (error as DomainError).code, message: (error as DomainError).message } };
  }
}

describe('a decision depends on the instant it carries (issue #10, ADR 0012)', () => {
  it('for random histories, a late command and the deadline service give the same answer and the same prestation in either order', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenario, lateCommand, ({ start, region, workingWeek, steps }, late) => {
        const calendar = belgianCalendar(workingWeek);
        const policy = { ...defaultPolicy, calendar };
        let state = initialState();
        let now = toInstant(new Date(start).toISOString());
        for (const s of steps) {
          now = toInstant(new Date(Date.parse(now) + s.minutesLater * 60_000).toISOString());
          const [command, at] = commandFor(s, state, now, region, calendar);
          now = at;
          state = answer(command, state, policy).state;
        }
        const running = deadlineServiceRows(state).filter((row) => !row.key.includes('/'));
        fc.pre(running.length > 0);
        const { dueAt } = running[late.deadline % running.length];
        const at = toInstant(new Date(Math.max(Date.parse(now), Date.parse(dueAt)) + late.minutesAfterDue * 60_000).toISOString());
        const [command] = commandFor({ kind: late.kind, variant: late.variant, minutesLater: 0, atDue: false }, state, at, region, calendar);

        const serviceFirst = answer(command, deadlineServiceUntil(state, at, policy), policy);
        const personFirst = answer(command, state, policy);
        expect(personFirst.refused?.code).toEqual(serviceFirst.refused?.code);
        expect(deadlineServiceUntil(personFirst.state, at, policy)).toEqual(deadlineServiceUntil(serviceFirst.state, at, policy));
        seen.add(personFirst.refused === undefined ? 'accepted' : personFirst.refused.message.startsWith('too late') ? 'too late' : 'refused');
      }),
      // Seeded so that the non-vacuity check below cannot miss a kind by chance (as it did on random seeds).
      { numRuns: 300, seed: 20261130 },
    );
    // Not vacuous: late commands accepted, refused for a lapse, refused for another reason.
    expect([...seen].sort()).toEqual(['accepted', 'refused', 'too late']);
  });

  it('for random histories and instants, the views offer the worker and the user exactly what the decider would accept then', () => {
    const offered = new Set<string>();
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 90 * 24 * 60 }), ({ start, region, workingWeek, steps }, minutesLater) => {
        const calendar = belgianCalendar(workingWeek);
        const policy = { ...defaultPolicy, calendar };
        let state = initialState();
        let now = toInstant(new Date(start).toISOString());
        for (const s of steps) {
          now = toInstant(new Date(Date.parse(now) + s.minutesLater * 60_000).toISOString());
          const [command, at] = commandFor(s, state, now, region, calendar);
          now = at;
          state = answer(command, state, policy).state;
        }
        fc.pre(state.status !== 'None');
        const at = toInstant(new Date(Date.parse(now) + minutesLater * 60_000).toISOString());
        const accepted = (command: PrestationCommand) => answer(command, state, policy).refused === undefined;
        const user = userMayDecide(state, at, policy);
        expect(accepted(confirmAsUser(at, state.version))).toBe(user);
        expect(accepted(contestAsUser(at, { version: state.version }))).toBe(user);
        const worker = workerMayDecide(state, at, policy);
        expect(accepted(validateAsWorker(at, { version: state.version }))).toBe(worker);
        offered.add(`user ${user}`).add(`worker ${worker}`);
      }),
      { numRuns: 300 },
    );
    expect([...offered].sort()).toEqual(['user false', 'user true', 'worker false', 'worker true']);
  });
});
