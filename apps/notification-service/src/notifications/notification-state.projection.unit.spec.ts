import { type RecordedEvent } from '@prestaflow/event-store';
import { toPrestationEnvelope } from '@prestaflow/event-codecs';
import {
  cancelPrestation,
  contestAsWorker,
  encodePrestation,
  encodePrestationForWorker,
  ids,
  reachWorkerDeadline,
  recordedPrestationEvents,
  T0,
  validateAsWorker,
} from '@prestaflow/testing';
import { notificationStateProjection, type NotificationStateRow } from './notification-state.projection';
import { type Contact, planNotifications } from './planner';
import { noticesOf } from './reasons';

const WORKER_DUE = '2025-06-17T21:59:59.999Z';

/** Folds the events one at a time, through JSON as the row goes through PostgreSQL. */
const fold = (events: readonly RecordedEvent[]) =>
  events.reduce<NotificationStateRow | null>((row, event) => {
    const next = notificationStateProjection.evolve(row, event);
    return next && (JSON.parse(JSON.stringify(next)) as NotificationStateRow);
  }, null);

const contact = (overrides: Partial<Contact> = {}): Contact => ({ id: ids.worker, language: 'nl', email: 'worker@example.be', appInstalled: false, devices: 0, ...overrides });

describe('the notification states projection: one row per prestation, the state its notifications are planned from (ADR 0029)', () => {
  it('R14 a company encoding awaits the worker: the row is on the digest list with the worker deadline', () => {
    expect(fold(recordedPrestationEvents([encodePrestationForWorker(T0)]))).toMatchObject({
      prestation_id: ids.prestation,
      company_id: ids.company,
      awaiting_worker_until: WORKER_DUE,
      state: { status: 'AwaitingWorker' },
    });
  });

  it('R14 the prestation leaves the digest list once it no longer awaits its worker: validated, contested, lapsed, cancelled; a worker encoding is never on it', () => {
    const encoded = encodePrestationForWorker(T0);
    for (const next of [validateAsWorker('2025-06-11T08:00:00.000Z'), contestAsWorker('2025-06-11T08:00:00.000Z'), reachWorkerDeadline(WORKER_DUE), cancelPrestation('2025-06-11T08:00:00.000Z')]) {
      const row = fold(recordedPrestationEvents([encoded, next]));
      expect(row).not.toBeNull();
      expect(row?.awaiting_worker_until).toBeNull();
    }
    expect(fold(recordedPrestationEvents([encodePrestation(T0)]))?.awaiting_worker_until).toBeNull();
  });

  it('keeps a final prestation\'s row with its final state, so the notices of its last event are planned from it', () => {
    const row = fold(recordedPrestationEvents([encodePrestationForWorker(T0), cancelPrestation('2025-06-11T08:00:00.000Z')]));
    expect(row?.state.status).toBe('Cancelled');
  });

  it('R8 the last event\'s notices come from the folded state: the worker deadline lapsed, the user is asked to confirm', () => {
    const events = recordedPrestationEvents([encodePrestationForWorker(T0), reachWorkerDeadline(WORKER_DUE)]);
    const row = fold(events)!;
    const last = toPrestationEnvelope(events.at(-1)!);
    const before = fold(events.slice(0, -1))!;
    expect(noticesOf(ids.prestation, last, row.state, before.state).map((notice) => [notice.audience, notice.reason])).toEqual([['user', 'USER_TO_CONFIRM']]);
  });
});

describe('planNotifications: a pure function of the event, the state after it and the contacts', () => {
  const events = recordedPrestationEvents([encodePrestationForWorker(T0)]);
  const event = toPrestationEnvelope(events[0]!);
  const { state } = fold(events)!;
  const [notice] = noticesOf(ids.prestation, event, state, { status: 'None' });
  const plan = (who: Contact) => planNotifications('https://prestaflow.example', event, state, [{ notice: notice!, contact: who }]);

  it('R4 one row per channel the worker has, with a stable message id per event, recipient and channel', () => {
    const rows = plan(contact({ devices: 1 }));
    expect(rows.map((row) => [row.channel, row.status, row.address, row.messageId])).toEqual([
      ['EMAIL', 'PENDING', 'worker@example.be', `<${event.eventId}.worker-${ids.worker}.email@prestaflow.local>`],
      ['PUSH', 'PENDING', null, `<${event.eventId}.worker-${ids.worker}.push@prestaflow.local>`],
    ]);
    expect(rows[0]).toMatchObject({ reason: 'WORKER_TO_VALIDATE', prestationId: ids.prestation, companyId: ids.company, language: 'nl' });
    expect(plan(contact({ devices: 1 }))).toEqual(rows);
  });

  it('R4 a worker with no e-mail and no push subscription is one NOT_NOTIFIABLE row saying why', () => {
    expect(plan(contact({ email: null, appInstalled: true }))).toMatchObject([{ channel: 'NONE', status: 'NOT_NOTIFIABLE', lastError: 'no e-mail address; the app has no push subscription' }]);
    expect(plan(contact({ email: null }))).toMatchObject([{ channel: 'NONE', lastError: 'no e-mail address and no app' }]);
  });
});
