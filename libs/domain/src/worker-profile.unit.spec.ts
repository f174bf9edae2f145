import { ForbiddenError, IllegalStateError, ValidationError } from '@prestaflow/contracts';
import { actors, eventsOf, liftWorkerEmailLock, setWorkerEmail, specFor, T0 } from '@prestaflow/testing';
import { evolveWorkerProfile, initialWorkerProfile, workerProfileDecider } from './worker-profile';

const given = specFor(workerProfileDecider);
const history = (...commands: Parameters<typeof workerProfileDecider.decide>[0][]) => eventsOf(workerProfileDecider, commands);

describe('R11 worker e-mail', () => {
  it('the worker sets it in the app', () =>
    given([])
      .when(setWorkerEmail(T0, 'ana@example.be'))
      .then([{ type: 'WorkerEmailChanged', occurredAt: T0, actor: actors.worker, data: { email: 'ana@example.be', changedBy: 'WORKER' } }]));

  it('a company sets it while the worker has not changed it', () =>
    given(history(setWorkerEmail(T0, 'old@example.be', actors.company)))
      .when(setWorkerEmail(T0, 'new@example.be', actors.otherCompany))
      .thenState((state) => expect(state).toEqual({ email: 'new@example.be', lockedByWorker: false })));

  it('once the worker changed it, no company can', () =>
    given(history(setWorkerEmail(T0, 'old@example.be', actors.company), setWorkerEmail(T0, 'ana@example.be')))
      .when(setWorkerEmail(T0, 'boss@example.be', actors.company))
      .thenThrows(ForbiddenError, 'R11'));

  it('only an operator lifts the lock, and then a company can again', () => {
    const locked = history(setWorkerEmail(T0, 'ana@example.be'));
    given(locked).when(liftWorkerEmailLock(T0, 'lost phone', actors.company)).thenThrows(ForbiddenError);
    given(locked).when(liftWorkerEmailLock(T0, ' ')).thenThrows(ValidationError, 'data.reason');
    given([...locked, ...history(setWorkerEmail(T0, 'ana@example.be'), liftWorkerEmailLock(T0)).slice(1)])
      .when(setWorkerEmail(T0, 'boss@example.be', actors.company))
      .thenMatches([{ data: { changedBy: 'COMPANY' } }]);
  });

  it('there is no lock to lift before the worker changed it', () =>
    given([]).when(liftWorkerEmailLock(T0)).thenThrows(IllegalStateError));

  it('the same address again changes nothing', () =>
    given(history(setWorkerEmail(T0, 'ana@example.be'))).when(setWorkerEmail(T0, 'ana@example.be')).then([]));

  it('refuses a malformed address, another worker, a user', () => {
    given([]).when(setWorkerEmail(T0, 'ana-at-example')).thenThrows(ValidationError, 'data.email');
    given([]).when(setWorkerEmail(T0, 'ana@example.be', { id: '980000000999', role: 'WORKER' })).thenThrows(ForbiddenError);
    given([]).when(setWorkerEmail(T0, 'ana@example.be', actors.user)).thenThrows(ForbiddenError);
  });

  it('an unknown command', () =>
    given([]).when({ type: 'Forget', metadata: { now: T0, actor: actors.operator } } as never).thenThrows(ValidationError, 'Forget'));
});

describe('worker profile replay', () => {
  it('ignores an event type from a newer producer', () => {
    const state = initialWorkerProfile();
    expect(evolveWorkerProfile(state, { type: 'WorkerPhoneChanged' } as never)).toBe(state);
  });
});
