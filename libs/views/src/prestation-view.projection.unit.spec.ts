import { type PrestationCommand, prestationEventContracts } from '@prestaflow/contracts';
import { type PrestationState } from '@prestaflow/domain';
import { type RecordedEvent } from '@prestaflow/event-store';
import {
  cancelPrestation,
  confirmAsUser,
  correctPrestation,
  encodePrestation,
  encodePrestationForWorker,
  ids,
  reachUserDeadline,
  reachWorkerDeadline,
  recordedPrestationEvents,
  T0,
  validateAsWorker,
} from '@prestaflow/testing';
import { prestationViewProjection, type PrestationViewRow } from './prestation-view.projection';

/** The events the commands decide, as the store records them. */
const recorded = (commands: PrestationCommand[]) => recordedPrestationEvents(commands);

const project = (events: RecordedEvent[]) =>
  events.reduce<PrestationViewRow | null>((row, event) => prestationViewProjection.evolve(row && JSON.parse(JSON.stringify(row)), event), null);

describe('prestation views projection: given events, the row', () => {
  it('R2, R7, R12: a company encoding is to validate by the worker, awaiting validation for the user, orange, with its deadline and reason', () =>
    expect(project(recorded([encodePrestationForWorker(T0)]))).toMatchObject({
      prestation_id: ids.prestation,
      company_status: 'TO_VALIDATE_BY_WORKER',
      user_status: 'AWAITING_VALIDATION',
      worker_colour: 'ORANGE',
      worker_deadline: '2025-06-17T21:59:59.999Z',
      encoded_by: 'COMPANY',
      encoding_reason: 'worker had no network',
      encoded_at: T0,
      version: 1,
    }));

  it('R1, R15: a worker encoding is to validate by the company, blue, encoded by the worker, no worker deadline', () =>
    expect(project(recorded([encodePrestation(T0)]))).toMatchObject({
      company_status: 'TO_VALIDATE_BY_COMPANY',
      user_status: 'TO_CONFIRM',
      worker_colour: 'BLUE',
      worker_deadline: null,
      encoded_by: 'WORKER',
      encoding_reason: null,
    }));

  it('R3: a correction keeps the encoding reason beside its own; a later correction without one has none', () => {
    const corrected = recorded([encodePrestationForWorker(T0), correctPrestation('2025-06-11T08:00:00.000Z')]);
    expect(project(corrected)).toMatchObject({ encoding_reason: 'worker had no network', correction_reason: 'wrong hours', version: 2 });
    const again = recorded([encodePrestationForWorker(T0), correctPrestation('2025-06-11T08:00:00.000Z'), correctPrestation('2025-06-12T08:00:00.000Z', { version: 2, reason: undefined })]);
    expect(project(again)).toMatchObject({ encoding_reason: 'worker had no network', correction_reason: null, version: 3 });
    expect(project(recorded([encodePrestationForWorker(T0)]))).toMatchObject({ correction_reason: null });
  });

  it('R5, R7: validated by the worker, then confirmed by the user: green, no contest any more', () => {
    const events = recorded([encodePrestationForWorker(T0), validateAsWorker('2025-06-11T08:00:00.000Z'), confirmAsUser('2025-06-12T08:00:00.000Z')]);
    expect(project(events.slice(0, 2))).toMatchObject({ company_status: 'VALIDATED_BY_WORKER', user_status: 'TO_CONFIRM', worker_colour: 'YELLOW', worker_deadline: null });
    expect(project(events)).toMatchObject({ company_status: 'CONFIRMED', user_status: 'CONFIRMED', worker_colour: 'GREEN', updated_at: '2025-06-12T08:00:00.000Z' });
  });

  it('R9: confirmed automatically, the user may no longer contest', () => {
    const lapsed = '2025-06-17T21:59:59.999Z';
    const events = recorded([encodePrestationForWorker(T0), reachWorkerDeadline(lapsed)]);
    const window = (project(events)!.state as Extract<PrestationState, { status: 'AwaitingUser' }>).user.window;
    expect(project(events)).toMatchObject({ company_status: 'VALIDATED_AUTOMATICALLY' });
    expect(project(recorded([encodePrestationForWorker(T0), reachWorkerDeadline(lapsed), reachUserDeadline(window.dueAt, window.id)]))).toMatchObject({
      company_status: 'CONFIRMED',
     
    });
  });

  it('ADR 0012: the row keeps no action flag (the API decides at the read instant from the state)', () =>
    expect(project(recorded([encodePrestationForWorker(T0)]))).not.toHaveProperty('user_may_contest'));

  it('R13: a cancelled prestation has no colour (the worker history never shows it)', () =>
    expect(project(recorded([encodePrestation(T0), cancelPrestation('2025-06-11T08:00:00.000Z', 'never happened', { id: ids.company, role: 'COMPANY' })]))).toMatchObject({
      company_status: 'CANCELLED',
      worker_colour: null,
     
    }));

  it('handles every prestation event type and no worker profile event', () => {
    expect(prestationViewProjection.handles).toEqual(prestationEventContracts.map((contract) => contract.type));
    expect(prestationViewProjection.handles).not.toContain('WorkerEmailChanged');
  });
});
