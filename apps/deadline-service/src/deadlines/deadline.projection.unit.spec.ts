import { type PrestationCommand } from '@prestaflow/contracts';
import { type RecordedEvent } from '@prestaflow/event-store';
import { cancelPrestation, encodePrestation, encodePrestationForWorker, reachUserDeadline, reachWorkerDeadline, recordedPrestationEvents, remindUser, T0 } from '@prestaflow/testing';
import { deadlineProjection, type DeadlineRow, openDeadlinesInOrder } from './deadline.projection';

const P = 'prestation-1';
const WORKER_DUE = '2025-06-17T21:59:59.999Z';
const REMINDER_1 = '2025-07-07T21:59:59.999Z';
const USER_DUE = '2025-08-16T21:59:59.999Z';

/** The events the commands decide, as the store records them, in the stream P. */
const recorded = (commands: readonly PrestationCommand[]) => recordedPrestationEvents(commands, P);

/** Folds the events one at a time, through JSON as the row goes through PostgreSQL. */
const fold = (events: readonly RecordedEvent[], from: DeadlineRow | null = null) =>
  events.reduce<DeadlineRow | null>((row, event) => {
    const next = deadlineProjection.evolve(row, event);
    return next && (JSON.parse(JSON.stringify(next)) as DeadlineRow);
  }, from);

const next = (row: DeadlineRow | null) => row && [row.kind, row.deadline_id, row.reminder, row.due_at];

describe('the deadlines projection: one row per open prestation, naming its earliest deadline (ADR 0026)', () => {
  it('R6 a company encoding: the row names the worker deadline, 5 working days later', () => {
    const row = fold(recorded([encodePrestationForWorker(T0)]));
    expect(next(row)).toEqual(['WORKER', 'worker-v1', null, WORKER_DUE]);
    expect(row).toMatchObject({ prestation_id: P, id: `${P}/worker-v1`, user_window: false, lease: null, lease_until: null });
  });

  it('R16 a worker encoding: the company deadline comes before the parallel window\'s first reminder, and the window runs (R17)', () => {
    const row = fold(recorded([encodePrestation(T0)]));
    expect(row?.kind).toBe('COMPANY');
    expect(row?.user_window).toBe(true);
    expect(openDeadlinesInOrder(P, row!.state).map((d) => d.kind)).toEqual(['COMPANY', 'USER']);
  });

  it('R8 folding each event onto the row gives what the whole stream gives: the reminders in their order, then the user deadline', () => {
    const commands = [encodePrestationForWorker(T0), reachWorkerDeadline(WORKER_DUE)];
    expect(next(fold(recorded(commands)))).toEqual(['REMINDER', 'user-v1', 1, REMINDER_1]);
    const reminded = fold(recorded([...commands, remindUser(REMINDER_1, 1)]));
    expect(next(reminded)).toEqual(['REMINDER', 'user-v1', 2, '2025-07-27T21:59:59.999Z']);
    expect(openDeadlinesInOrder(P, reminded!.state).map((d) => d.id)).toEqual([`${P}/user-v1/reminder-2`, `${P}/user-v1`]);
  });

  it('a claim under way keeps its lease while the row names the same deadline; the fired deadline\'s event frees the row for the next one', () => {
    const events = recorded([encodePrestationForWorker(T0), reachWorkerDeadline(WORKER_DUE), remindUser(REMINDER_1, 1)]);
    const open = fold(events.slice(0, 2))!;
    const claimed: DeadlineRow = { ...open, lease: 'token', lease_until: '2025-07-08T00:00:00+00:00' };
    // The same event delivered again is the Projector's to skip; folded, it changes no deadline.
    expect(deadlineProjection.evolve(claimed, events[1]!)).toMatchObject({ lease: 'token', lease_until: '2025-07-08T00:00:00+00:00' });
    const fired: DeadlineRow = { ...open, due_at: null };
    expect(deadlineProjection.evolve(fired, events[2]!)).toMatchObject({ reminder: 2, due_at: '2025-07-27T21:59:59.999Z', lease: null, lease_until: null });
    expect(deadlineProjection.evolve(claimed, events[2]!)).toMatchObject({ reminder: 2, lease: null, lease_until: null });
  });

  it('a final prestation (validated, cancelled) has no row', () => {
    const lapsed = [encodePrestationForWorker(T0), reachWorkerDeadline(WORKER_DUE)];
    expect(fold(recorded(lapsed))).not.toBeNull();
    expect(fold(recorded([...lapsed, reachUserDeadline(USER_DUE)]))).toBeNull();
    expect(fold(recorded([encodePrestationForWorker(T0), cancelPrestation('2025-06-11T08:00:00.000Z')]))).toBeNull();
  });
});
