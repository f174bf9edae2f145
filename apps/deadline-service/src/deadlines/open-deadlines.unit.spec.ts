import { type PrestationCommand } from '@prestaflow/contracts';
import { defaultPolicy, prestationDecider, type PrestationState } from '@prestaflow/domain';
import {
  cancelPrestation,
  contestAsWorker,
  correctPrestation,
  encodePrestation,
  encodePrestationForWorker,
  importLegacyPrestation,
  reachUserDeadline,
  reachWorkerDeadline,
  remindUser,
  T0,
  validateAsWorker,
} from '@prestaflow/testing';
import { commandFor, openDeadlines } from './open-deadlines';

const decider = prestationDecider(defaultPolicy);
const P = 'prestation-1';

function stateAfter(commands: readonly PrestationCommand[]): PrestationState {
  let state = decider.initialState();
  for (const command of commands) state = decider.decide(command, state).reduce(decider.evolve, state);
  return state;
}

const summary = (commands: readonly PrestationCommand[]) =>
  openDeadlines(P, stateAfter(commands)).map(({ kind, deadlineId, reminder, dueAt }) => [kind, deadlineId, reminder, dueAt]);

// Tue 10 June 2025 + 5 working days = Tue 17 June, end of day in Brussels.
const WORKER_DUE = '2025-06-17T21:59:59.999Z';

describe('the deadlines a prestation has open', () => {
  it('R6 a company encoding opens the worker deadline, 5 working days later at the end of the day', () =>
    expect(summary([encodePrestationForWorker(T0)])).toEqual([['WORKER', 'worker-v1', null, WORKER_DUE]]));

  it('R10 a cut-over import opens the worker deadline too', () =>
    expect(summary([importLegacyPrestation(T0, { legacyStatus: 'ENREGISTREE', channel: 'COMPANY', encodedBy: 'COMPANY' })])).toEqual([
      ['WORKER', 'worker-v1', null, WORKER_DUE],
    ]));

  it('R8 a lapsed worker deadline opens the 60-day user window with reminders at day 20 and 40', () =>
    expect(summary([encodePrestationForWorker(T0), reachWorkerDeadline(WORKER_DUE)])).toEqual([
      ['REMINDER', 'user-v1', 1, '2025-07-07T21:59:59.999Z'],
      ['REMINDER', 'user-v1', 2, '2025-07-27T21:59:59.999Z'],
      ['USER', 'user-v1', null, '2025-08-16T21:59:59.999Z'],
    ]));

  it('R8 a reminder sent is no longer open', () =>
    expect(
      summary([encodePrestationForWorker(T0), reachWorkerDeadline(WORKER_DUE), remindUser('2025-07-07T21:59:59.999Z', 1)]).map(([kind, , n]) => [kind, n]),
    ).toEqual([
      ['REMINDER', 2],
      ['USER', null],
    ]));

  it('R16 a worker encoding opens the company deadline and the parallel user window', () =>
    expect(summary([encodePrestation(T0)]).map(([kind, id]) => [kind, id])).toEqual([
      ['COMPANY', 'company-v1'],
      ['USER', 'user-v1'],
    ]));

  it('R3 a correction replaces the worker deadline by the new version\'s', () =>
    expect(summary([encodePrestationForWorker(T0), correctPrestation('2025-06-12T08:00:00.000Z', { version: 1, hours: 3 })])).toEqual([
      ['WORKER', 'worker-v2', null, '2025-06-19T21:59:59.999Z'],
    ]));

  it('R5 a worker contest, a cancellation and a final validation leave nothing open', () => {
    expect(summary([encodePrestationForWorker(T0), contestAsWorker('2025-06-11T08:00:00.000Z')])).toEqual([]);
    expect(summary([encodePrestationForWorker(T0), cancelPrestation('2025-06-11T08:00:00.000Z')])).toEqual([]);
    expect(
      summary([encodePrestationForWorker(T0), reachWorkerDeadline(WORKER_DUE), reachUserDeadline('2025-08-16T21:59:59.999Z')]),
    ).toEqual([]);
  });

  it('R6 the worker validating by hand replaces the worker deadline by the user window', () =>
    expect(summary([encodePrestationForWorker(T0), validateAsWorker('2025-06-11T08:00:00.000Z')]).map(([kind]) => kind)).toEqual([
      'REMINDER',
      'REMINDER',
      'USER',
    ]));

  it('fires each deadline with the command of its kind, stamped with its due instant by the deadline service', () => {
    const [reminder] = openDeadlines(P, stateAfter([encodePrestationForWorker(T0), reachWorkerDeadline(WORKER_DUE)]));
    expect(commandFor(reminder!)).toEqual({
      type: 'RemindUser',
      prestationId: P,
      data: { deadlineId: 'user-v1', reminder: 1 },
      metadata: { now: '2025-07-07T21:59:59.999Z', actor: { id: 'deadline-service', role: 'SYSTEM' } },
    });
    const [worker] = openDeadlines(P, stateAfter([encodePrestationForWorker(T0)]));
    expect(commandFor(worker!)).toMatchObject({ type: 'ReachWorkerDeadline', data: { deadlineId: 'worker-v1' }, metadata: { now: WORKER_DUE } });
  });
});
