import {
  ConcurrencyError,
  ForbiddenError,
  IllegalStateError,
  NotFoundError,
  ValidationError,
  type PrestationCommand,
  type PrestationFacts,
} from '@prestaflow/contracts';
import { belgianCalendar } from '@prestaflow/calendar';
import {
  actors,
  cancelPrestation,
  confirmAsUser,
  contestAsUser,
  contestAsWorker,
  correctPrestation,
  encodePrestation,
  encodePrestationForWorker,
  eventsOf,
  extendUserDelayForAbsence,
  facts,
  importLegacyPrestation,
  reachCompanyDeadline,
  reachUserDeadline,
  reachWorkerDeadline,
  remindUser,
  specFor,
  stateAfter,
  T0,
  validateAsCompany,
  validateAsWorker,
} from '@prestaflow/testing';
import { defaultPolicy } from './policy';
import { prestationAt, prestationDecider, withDeclaredAbsences } from './prestation-decider';
import { evolve, initialState } from './prestation-state';

const decider = prestationDecider();
const given = specFor(decider);
const history = (...commands: PrestationCommand[]) => eventsOf(decider, commands);

/** End of Tuesday 17 June 2025 in Brussels: 5 working days after T0 (Tuesday 10 June). */
const DUE = '2025-06-17T21:59:59.999Z';
const T1 = '2025-06-12T08:00:00.000Z';
const companyEncoded = () => history(encodePrestationForWorker());
const workerEncoded = () => history(encodePrestation());
const lapsedWorkerDeadline = () => history(encodePrestationForWorker(), reachWorkerDeadline(DUE));

describe('R1 worker encoding needs no worker validation', () => {
  it('the app encoding goes to the company (R16), with the user window in parallel', () =>
    given([])
      .when(encodePrestation())
      .then([
        {
          type: 'PrestationEncoded',
          occurredAt: T0,
          actor: actors.worker,
          data: {
            companyId: facts.companyId,
            workerId: facts.workerId,
            userId: facts.userId,
            serviceDate: '2025-06-10',
            hours: 4,
            activity: 'HOUSEHOLD_HELP',
            region: 'WALLONIA',
            encodedBy: 'WORKER',
            channel: 'APP',
            companyDeadline: { id: 'company-v1', dueAt: DUE },
            userWindow: { id: 'user-v1', opensAt: T0, dueAt: DUE, unit: 'WORKING_DAYS', reminders: [] },
          },
        },
      ]));

  it('the IVR may encode', () =>
    given([])
      .when(encodePrestation(T0, { channel: 'IVR' }))
      .thenState((state) => expect(state).toMatchObject({ status: 'AwaitingCompany', prestation: { channel: 'IVR' } })));

  it('there is nothing for the worker to validate', () =>
    given(workerEncoded()).when(validateAsWorker(T1)).thenThrows(IllegalStateError, 'AwaitingCompany'));

  it('a worker encodes only their own prestations', () =>
    given([]).when(encodePrestation(T0, {}, { id: '980000000999', role: 'WORKER' })).thenThrows(ForbiddenError));

  it('the channel is the app or the IVR', () =>
    given([])
      .when(encodePrestation(T0, { channel: 'COMPANY' as never }))
      .thenThrows(ValidationError, 'data.channel'));
});

describe('R2 company encoding is exceptional', () => {
  it('says why, and awaits the worker with a 5-working-day deadline', () =>
    given([])
      .when(encodePrestationForWorker())
      .thenMatches([
        {
          type: 'PrestationEncoded',
          data: { encodedBy: 'COMPANY', channel: 'COMPANY', reason: 'worker had no network', workerDeadline: { id: 'worker-v1', dueAt: DUE } },
        },
      ]));

  it('refuses an encoding without a reason, naming the field', () =>
    given([]).when(encodePrestationForWorker(T0, { reason: ' ' })).thenThrows(ValidationError, 'data.reason'));

  it('the prestation is then to validate by the worker', () =>
    given([]).when(encodePrestationForWorker()).thenState((state) => expect(state.status).toBe('AwaitingWorker')));

  it('only its own company encodes for the worker', () =>
    given([]).when(encodePrestationForWorker(T0, {}, actors.otherCompany)).thenThrows(ForbiddenError));
});

describe('R3 company correction', () => {
  it('of a worker encoding: a new version back to the worker with a fresh deadline', () =>
    given(workerEncoded())
      .when(correctPrestation(T1, { hours: 3 }))
      .thenState((state, events) => {
        expect(events).toEqual([
          {
            type: 'PrestationCorrected',
            occurredAt: T1,
            actor: actors.company,
            data: {
              version: 2,
              serviceDate: '2025-06-10',
              hours: 3,
              activity: 'IRONING',
              reason: 'wrong hours',
              // Thursday 12 June -> Thursday 19 June.
              workerDeadline: { id: 'worker-v2', dueAt: '2025-06-19T21:59:59.999Z' },
            },
          },
        ]);
        expect(state).toMatchObject({ status: 'AwaitingWorker', version: 2, prestation: { hours: 3, encodedBy: 'WORKER' } });
      }));

  it('of a company encoding the worker contested', () =>
    given([...companyEncoded(), ...history(encodePrestationForWorker(), contestAsWorker(T1)).slice(1)])
      .when(correctPrestation(T1, { reason: undefined }))
      .thenMatches([{ type: 'PrestationCorrected', data: { version: 2 } }]));

  it('the replaced deadline can no longer fire', () =>
    given(history(encodePrestationForWorker(), correctPrestation(T1)))
      .when(reachWorkerDeadline(DUE, 'worker-v1'))
      .thenThrows(IllegalStateError, 'stale'));

  it('the user confirms the new version again', () =>
    given(history(encodePrestationForWorker(), confirmAsUser(T0), correctPrestation(T1)))
      .when(confirmAsUser(T1, 2))
      .thenMatches([{ type: 'UserConfirmed', data: { version: 2, beforeWorkerDecision: true } }]));

  it('refuses a correction of a version that is no longer current', () =>
    given(history(encodePrestationForWorker(), correctPrestation(T1))).when(correctPrestation(T1, { version: 1 })).thenThrows(ConcurrencyError));

  it('refuses a correction with an empty reason or in the future', () => {
    given(companyEncoded()).when(correctPrestation(T1, { reason: '' })).thenThrows(ValidationError, 'data.reason');
    given(companyEncoded()).when(correctPrestation(T1, { serviceDate: '2025-06-13' })).thenThrows(ValidationError, 'future');
  });

  it('only the prestation company corrects', () =>
    given(companyEncoded()).when(correctPrestation(T1, {}, actors.otherCompany)).thenThrows(ForbiddenError));
});

describe('R4 notification is not needed for the deadline to run', () => {
  it('the worker deadline is set whether or not the worker has an e-mail or the app', () =>
    given([]).when(encodePrestationForWorker()).thenMatches([{ data: { workerDeadline: { dueAt: DUE } } }]));
});

describe('R5 worker decision, online only', () => {
  it('validation opens the user window of 60 days with reminders after 20 and 40', () =>
    given(companyEncoded())
      .when(validateAsWorker(T1))
      .then([
        {
          type: 'WorkerValidated',
          occurredAt: T1,
          actor: actors.worker,
          data: {
            version: 1,
            userWindow: {
              id: 'user-v1',
              opensAt: T1,
              dueAt: '2025-08-11T08:00:00.000Z',
              unit: 'CALENDAR_DAYS',
              reminders: ['2025-07-02T08:00:00.000Z', '2025-07-22T08:00:00.000Z'],
            },
          },
        },
      ]));

  it('a contest with a reason goes back to the company', () =>
    given(companyEncoded())
      .when(contestAsWorker(T1, { proposedHours: 3 }))
      .thenState((state, events) => {
        expect(events).toEqual([
          {
            type: 'WorkerContested',
            occurredAt: T1,
            actor: actors.worker,
            data: { version: 1, reasonCode: 'WRONG_HOURS', text: 'I worked 3 hours', proposedHours: 3 },
          },
        ]);
        expect(state.status).toBe('ContestedByWorker');
      }));

  it('the IVR can neither validate nor contest', () => {
    given(companyEncoded()).when(validateAsWorker(T1, { channel: 'IVR' })).thenThrows(ForbiddenError, 'R5');
    given(companyEncoded()).when(contestAsWorker(T1, { channel: 'IVR' })).thenThrows(ForbiddenError, 'R5');
  });

  it('a contest needs a reason', () => {
    given(companyEncoded()).when(contestAsWorker(T1, { text: '' })).thenThrows(ValidationError, 'data.text');
    given(companyEncoded()).when(contestAsWorker(T1, { reasonCode: 'BORED' as never })).thenThrows(ValidationError, 'data.reasonCode');
    given(companyEncoded()).when(contestAsWorker(T1, { proposedHours: 12 })).thenThrows(ValidationError, 'data.proposedHours');
  });

  it('only the prestation worker decides, once', () => {
    given(companyEncoded()).when(validateAsWorker(T1, {}, { id: '980000000999', role: 'WORKER' })).thenThrows(ForbiddenError);
    given(history(encodePrestationForWorker(), validateAsWorker(T1))).when(contestAsWorker(T1)).thenThrows(IllegalStateError);
  });

  it('the company may cancel a contested prestation', () =>
    given(history(encodePrestationForWorker(), contestAsWorker(T1)))
      .when(cancelPrestation(T1))
      .thenState((state) => expect(state.status).toBe('Cancelled')));
});

describe('R6 worker deadline: 5 working days, then validated automatically', () => {
  it('at the due instant the worker step is validated automatically and the R8 window opens', () =>
    given(companyEncoded())
      .when(reachWorkerDeadline(DUE))
      .thenMatches([{ type: 'AutoValidated', actor: actors.system, data: { step: 'WORKER', deadlineId: 'worker-v1' } }]));

  it('is refused before the due instant', () =>
    given(companyEncoded()).when(reachWorkerDeadline('2025-06-17T21:59:59.998Z')).thenThrows(IllegalStateError, 'due at'));

  it('only the platform reaches a deadline', () =>
    given(companyEncoded()).when(reachWorkerDeadline(DUE, 'worker-v1', actors.company)).thenThrows(ForbiddenError));

  it('no deadline runs once the worker decided', () =>
    given(history(encodePrestationForWorker(), validateAsWorker(T1))).when(reachWorkerDeadline(DUE)).thenThrows(IllegalStateError));
});

describe('R7 parallel visibility: the user may confirm before the worker decides', () => {
  it('the confirmation is recorded', () =>
    given(companyEncoded())
      .when(confirmAsUser(T1))
      .then([{ type: 'UserConfirmed', occurredAt: T1, actor: actors.user, data: { version: 1, beforeWorkerDecision: true } }]));

  it('then the worker validation validates the prestation, with no user window', () =>
    given(history(encodePrestationForWorker(), confirmAsUser(T0)))
      .when(validateAsWorker(T1))
      .thenState((state, events) => {
        expect(events).toEqual([{ type: 'WorkerValidated', occurredAt: T1, actor: actors.worker, data: { version: 1 } }]);
        expect(state).toMatchObject({ status: 'Validated', confirmedBy: 'USER' });
      }));

  it('then the lapsed worker deadline validates the prestation', () =>
    given(history(encodePrestationForWorker(), confirmAsUser(T0)))
      .when(reachWorkerDeadline(DUE))
      .thenState((state, events) => {
        expect(events[0].data).toEqual({ step: 'WORKER', deadlineId: 'worker-v1' });
        expect(state.status).toBe('Validated');
      }));

  it("the worker's contest wins and the user is told", () =>
    given(history(encodePrestationForWorker(), confirmAsUser(T0)))
      .when(contestAsWorker(T1))
      .thenMatches([{ type: 'WorkerContested' }, { type: 'UserConfirmationSuperseded', data: { version: 1 } }]));

  it('the user confirms only once', () =>
    given(history(encodePrestationForWorker(), confirmAsUser(T0))).when(confirmAsUser(T1)).thenThrows(IllegalStateError, 'already'));
});

describe('R8 user window after a lapsed worker deadline: 60 calendar days, reminders after 20 and 40', () => {
  it('counts from the lapsed deadline, at the same Brussels wall-clock time', () =>
    given(companyEncoded())
      .when(reachWorkerDeadline('2025-06-18T06:00:00.000Z'))
      .thenMatches([
        {
          data: {
            userWindow: {
              id: 'user-v1',
              opensAt: DUE,
              dueAt: '2025-08-16T21:59:59.999Z',
              unit: 'CALENDAR_DAYS',
              reminders: ['2025-07-07T21:59:59.999Z', '2025-07-27T21:59:59.999Z'],
            },
          },
        },
      ]));

  it('reminds the user after 20 days, once', () => {
    given(lapsedWorkerDeadline())
      .when(remindUser('2025-07-07T21:59:59.999Z', 1))
      .then([
        {
          type: 'UserReminderTriggered',
          occurredAt: '2025-07-07T21:59:59.999Z',
          actor: actors.system,
          data: { deadlineId: 'user-v1', reminder: 1, dueAt: '2025-07-07T21:59:59.999Z' },
        },
      ]);
    given(history(encodePrestationForWorker(), reachWorkerDeadline(DUE), remindUser('2025-07-08T00:00:00.000Z', 1)))
      .when(remindUser('2025-07-09T00:00:00.000Z', 1))
      .thenThrows(IllegalStateError, 'already');
  });

  it('reminds after 40 days, not before', () => {
    given(lapsedWorkerDeadline()).when(remindUser('2025-07-27T21:59:59.999Z', 2)).thenMatches([{ data: { reminder: 2 } }]);
    given(lapsedWorkerDeadline()).when(remindUser('2025-07-20T00:00:00.000Z', 2)).thenThrows(IllegalStateError, 'due at');
    given(lapsedWorkerDeadline()).when(remindUser('2025-08-20T00:00:00.000Z', 3)).thenThrows(IllegalStateError, 'no reminder 3');
  });

  it('after 60 days it is validated automatically', () =>
    given(lapsedWorkerDeadline())
      .when(reachUserDeadline('2025-08-16T21:59:59.999Z'))
      .thenState((state, events) => {
        expect(events).toEqual([
          {
            type: 'AutoValidated',
            occurredAt: '2025-08-16T21:59:59.999Z',
            actor: actors.system,
            data: { step: 'USER', deadlineId: 'user-v1' },
          },
        ]);
        expect(state).toMatchObject({ status: 'Validated', confirmedBy: 'AUTOMATIC' });
      }));

  it('the user may still confirm by hand within the window', () =>
    given(lapsedWorkerDeadline())
      .when(confirmAsUser('2025-07-01T10:00:00.000Z'))
      .thenState((state) => expect(state).toMatchObject({ status: 'Validated', confirmedBy: 'USER' })));

  it('a user deadline is refused early, or when no window runs', () => {
    given(lapsedWorkerDeadline()).when(reachUserDeadline('2025-08-15T21:59:59.999Z')).thenThrows(IllegalStateError, 'due at');
    given(companyEncoded()).when(reachUserDeadline('2025-08-16T21:59:59.999Z')).thenThrows(IllegalStateError, 'AwaitingWorker');
  });
});

describe('R9 no contest after automatic confirmation', () => {
  it('refuses a user contest once auto-validated at the user step', () =>
    given(history(encodePrestationForWorker(), reachWorkerDeadline(DUE), reachUserDeadline('2025-08-16T21:59:59.999Z')))
      .when(contestAsUser('2025-08-17T10:00:00.000Z'))
      .thenThrows(IllegalStateError, 'R9'));

  it('refuses it while the company step is still open (worker encoding), and the company can no longer correct', () => {
    const autoConfirmed = history(encodePrestation(), reachUserDeadline(DUE));
    given(autoConfirmed).when(contestAsUser(DUE)).thenThrows(IllegalStateError, 'R9');
    given(autoConfirmed).when(correctPrestation(DUE)).thenThrows(IllegalStateError, 'confirmed automatically');
  });

  it('a contest after the worker validated by hand is still allowed', () =>
    given(history(encodePrestationForWorker(), validateAsWorker(T1)))
      .when(contestAsUser('2025-07-01T10:00:00.000Z'))
      .thenMatches([{ type: 'UserContested', data: { version: 1, reason: 'not done' } }]));

  it('nor after the user confirmed by hand', () =>
    given(history(encodePrestationForWorker(), validateAsWorker(T1), confirmAsUser(T1)))
      .when(contestAsUser(T1))
      .thenThrows(IllegalStateError, 'already confirmed'));
});

describe('R10 cut-over: legacy prestations in flight need the worker validation', () => {
  it('imported before go-live, the deadline counts from the cut-over (1 June 2025)', () =>
    given([])
      .when(importLegacyPrestation('2025-05-30T20:00:00.000Z'))
      .thenState((state, events) => {
        // Sunday 1 June -> Monday 2 ... Friday 6 June.
        expect(events).toMatchObject([
          { type: 'LegacyPrestationImported', data: { legacyStatus: 'ENREGISTREE', workerDeadline: { id: 'worker-v1', dueAt: '2025-06-06T21:59:59.999Z' } } },
        ]);
        expect(state).toMatchObject({ status: 'AwaitingWorker', prestation: { encodedBy: 'COMPANY' } });
      }));

  it('imported after go-live, it counts from the import', () =>
    given([]).when(importLegacyPrestation(T0, { legacyStatus: 'CORRIGEE' })).thenMatches([{ data: { workerDeadline: { dueAt: DUE } } }]));

  it('a worker-encoded prestation the company modified needs it too', () =>
    given([])
      .when(importLegacyPrestation(T0, { legacyStatus: 'MODIFIEE', encodedBy: 'WORKER', channel: 'IVR' }))
      .thenMatches([{ data: { encodedBy: 'WORKER', channel: 'IVR' } }]));

  it('"validée" needs it only when the company encoded it', () =>
    given([])
      .when(importLegacyPrestation(T0, { legacyStatus: 'VALIDEE', encodedBy: 'WORKER', channel: 'APP' }))
      .thenThrows(ValidationError, 'data.encodedBy'));

  it('refuses other legacy statuses and inconsistent channels', () => {
    given([]).when(importLegacyPrestation(T0, { legacyStatus: 'PAYEE' as never })).thenThrows(ValidationError, 'data.legacyStatus');
    given([]).when(importLegacyPrestation(T0, { channel: 'APP' })).thenThrows(ValidationError, 'data.channel');
  });

  it('refuses a service after the cut-over day, naming the field; the cut-over day itself comes in', () => {
    given([]).when(importLegacyPrestation(T0, { serviceDate: '2025-06-02' })).thenThrows(ValidationError, 'data.serviceDate');
    given([]).when(importLegacyPrestation(T0, { serviceDate: '2025-06-01' })).thenMatches([{ type: 'LegacyPrestationImported' }]);
  });

  it('only an operator imports, once', () => {
    given([]).when(importLegacyPrestation(T0, {}, actors.company)).thenThrows(ForbiddenError);
    given(history(importLegacyPrestation(T0))).when(importLegacyPrestation(T0)).thenThrows(IllegalStateError, 'already exists');
  });

  it('the worker validates the migrated prestation like any other', () =>
    given(history(importLegacyPrestation(T0))).when(validateAsWorker(T1)).thenMatches([{ type: 'WorkerValidated' }]));
});

describe('R16 company validation of a worker encoding', () => {
  it('the company validates by hand; the user window keeps running', () =>
    given(workerEncoded())
      .when(validateAsCompany(T1))
      .thenState((state, events) => {
        expect(events).toEqual([{ type: 'CompanyValidated', occurredAt: T1, actor: actors.company, data: { version: 1 } }]);
        expect(state).toMatchObject({ status: 'AwaitingUser', validatedBy: 'COMPANY', user: { window: { id: 'user-v1', dueAt: DUE } } });
      }));

  it('without it, validated automatically after 5 working days', () =>
    given(workerEncoded())
      .when(reachCompanyDeadline(DUE))
      .thenState((state, events) => {
        expect(events).toEqual([{ type: 'AutoValidated', occurredAt: DUE, actor: actors.system, data: { step: 'COMPANY', deadlineId: 'company-v1' } }]);
        expect(state).toMatchObject({ status: 'AwaitingUser', validatedBy: 'COMPANY_DEADLINE' });
      }));

  it('in parallel the user confirms; both done means validated', () =>
    given(history(encodePrestation(), confirmAsUser(T1)))
      .when(validateAsCompany(T1))
      .thenState((state) => expect(state).toMatchObject({ status: 'Validated', confirmedBy: 'USER' })));

  it('the user window lapsing first confirms the user step automatically', () =>
    given(history(encodePrestation(), reachUserDeadline(DUE)))
      .when(reachCompanyDeadline(DUE))
      .thenState((state) => expect(state).toMatchObject({ status: 'Validated', confirmedBy: 'AUTOMATIC' })));

  it('a user confirmation in parallel is not "before the worker decision"', () =>
    given(workerEncoded()).when(confirmAsUser(T1)).thenMatches([{ data: { beforeWorkerDecision: false } }]));

  it('the company validates only what awaits it, at the current version', () => {
    // R16: said in a caller's words, what it is and what it must be (newcomer trial: "while the prestation is AwaitingWorker").
    given(companyEncoded())
      .when(validateAsCompany(T1))
      .thenThrows(IllegalStateError, "not possible while the prestation is awaiting the worker's validation (AwaitingWorker); only while it is awaiting the company's validation");
    given(workerEncoded()).when(validateAsCompany(T1, 2)).thenThrows(ConcurrencyError);
    given(workerEncoded()).when(reachCompanyDeadline(DUE, 'company-v0')).thenThrows(IllegalStateError, 'stale');
  });
});

describe('R17 user planned absence extends the automatic-confirmation delay', () => {
  it('a 60-day window: by the calendar days of the absence; pending reminders move too', () =>
    given(history(encodePrestationForWorker(), reachWorkerDeadline(DUE), remindUser('2025-07-07T21:59:59.999Z', 1)))
      .when(extendUserDelayForAbsence('2025-07-10T10:00:00.000Z', '2025-07-14', '2025-07-23'))
      .then([
        {
          type: 'UserDelayExtended',
          occurredAt: '2025-07-10T10:00:00.000Z',
          actor: actors.user,
          data: {
            deadlineId: 'user-v1',
            absenceId: 'absence-1',
            absenceFrom: '2025-07-14',
            absenceTo: '2025-07-23',
            dueAt: '2025-08-26T21:59:59.999Z',
            reminders: ['2025-07-07T21:59:59.999Z', '2025-08-06T21:59:59.999Z'],
          },
        },
      ]));

  it('a working-day window: by the working days of the absence (21 July is a holiday)', () =>
    given(workerEncoded())
      .when(extendUserDelayForAbsence(T1, '2025-06-16', '2025-06-22'))
      // 16-20 June: 5 working days after Tuesday 17 June -> Tuesday 24 June.
      .thenMatches([{ data: { dueAt: '2025-06-24T21:59:59.999Z' } }]));

  it('the old due instant no longer confirms automatically', () =>
    given(history(encodePrestation(), extendUserDelayForAbsence(T1, '2025-06-16', '2025-06-22')))
      .when(reachUserDeadline(DUE))
      .thenThrows(IllegalStateError, 'due at'));

  it('an absence counts once, and only when it overlaps the window', () => {
    given(history(encodePrestation(), extendUserDelayForAbsence(T1, '2025-06-16', '2025-06-22')))
      .when(extendUserDelayForAbsence(T1, '2025-06-16', '2025-06-22'))
      .then([]);
    given(workerEncoded()).when(extendUserDelayForAbsence(T1, '2025-09-01', '2025-09-05', 'absence-2')).then([]);
    given(workerEncoded()).when(extendUserDelayForAbsence(T1, '2025-06-14', '2025-06-15', 'weekend')).then([]);
  });

  it('refuses a lapsed window, a malformed absence, someone else', () => {
    given(workerEncoded()).when(extendUserDelayForAbsence(DUE, '2025-06-16', '2025-06-22')).thenThrows(IllegalStateError, 'lapsed');
    given(workerEncoded()).when(extendUserDelayForAbsence(T1, '2025-06-22', '2025-06-16')).thenThrows(ValidationError, 'data.to');
    given(workerEncoded()).when(extendUserDelayForAbsence(T1, '16/06/2025', '2025-06-22')).thenThrows(ValidationError, 'data.from');
    given(workerEncoded()).when(extendUserDelayForAbsence(T1, '2025-06-16', '2025-06-22', '')).thenThrows(ValidationError, 'data.absenceId');
    given(workerEncoded())
      .when(extendUserDelayForAbsence(T1, '2025-06-16', '2025-06-22', 'a', { id: '100000000043', role: 'USER' }))
      .thenThrows(ForbiddenError);
  });

  it('no window runs while the worker decides', () =>
    given(companyEncoded()).when(extendUserDelayForAbsence(T1, '2025-06-16', '2025-06-22')).thenThrows(IllegalStateError));

  // The deadline service applies the user's recorded declaration, at the instant it processes.
  const applied = (now: string, declaredAt: string) => {
    const command = extendUserDelayForAbsence(now, '2025-06-16', '2025-06-22', 'absence-1', actors.system);
    return { ...command, data: { ...command.data, declaredAt } };
  };

  it('the deadline service applies a declaration made before the window lapsed, even at the due instant', () =>
    given(workerEncoded())
      .when(applied(DUE, T1))
      .thenMatches([{ type: 'UserDelayExtended', actor: actors.system, occurredAt: DUE, data: { dueAt: '2025-06-24T21:59:59.999Z' } }]));

  it('a declaration made once the window had lapsed extends nothing, and none comes from the future', () => {
    given(workerEncoded()).when(applied('2025-06-18T08:00:00.000Z', '2025-06-18T07:00:00.000Z')).thenThrows(IllegalStateError, 'lapsed');
    given(workerEncoded()).when(applied(T1, DUE)).thenThrows(ValidationError, 'data.declaredAt');
  });

  it('no company or worker applies an absence', () =>
    given(workerEncoded()).when(extendUserDelayForAbsence(T1, '2025-06-16', '2025-06-22', 'a', actors.company)).thenThrows(ForbiddenError));

  describe('withDeclaredAbsences: the window a notice must give before the deadline service applies the absences', () => {
    const state = () => history(encodePrestation()).reduce(evolve, initialState());
    const dueOf = (prestation: ReturnType<typeof state>) => ('user' in prestation && prestation.user.status === 'Running' ? prestation.user.window.dueAt : undefined);
    const absence = (absenceId: string, from: string, to: string, declaredAt = T0) => ({ absenceId, from, to, declaredAt });

    it('the same due instant as the deadline service applying each absence', () => {
      const absences = [absence('a', '2025-06-16', '2025-06-22'), absence('b', '2025-06-23', '2025-06-24')];
      const byTheService = stateAfter(decider, history(encodePrestation()), [applied(T1, T0), { ...applied(T1, T0), data: { absenceId: 'b', from: '2025-06-23', to: '2025-06-24', declaredAt: T0 } }]);
      expect(dueOf(withDeclaredAbsences('p-1', state(), absences, T1))).toBe(dueOf(byTheService));
      expect(dueOf(byTheService)).not.toBe(dueOf(state()));
    });

    it('one that overlaps only the window another moved counts too, whatever the order they were declared in (review)', () => {
      // Due 17 June end of day (working days); absent 18-20 June only overlaps once 16-17 June has moved it.
      const later = absence('late', '2025-06-18', '2025-06-20');
      const earlier = absence('early', '2025-06-16', '2025-06-17');
      const byTheService = stateAfter(decider, history(encodePrestation()), [
        { ...applied(T1, T0), data: { absenceId: 'early', from: '2025-06-16', to: '2025-06-17', declaredAt: T0 } },
        { ...applied(T1, T0), data: { absenceId: 'late', from: '2025-06-18', to: '2025-06-20', declaredAt: T0 } },
      ]);
      expect(dueOf(withDeclaredAbsences('p-1', state(), [later, earlier], T1))).toBe(dueOf(byTheService));
      expect(dueOf(withDeclaredAbsences('p-1', state(), [earlier, later], T1))).toBe(dueOf(byTheService));
      expect(dueOf(byTheService)).not.toBe(dueOf(withDeclaredAbsences('p-1', state(), [earlier], T1)));
    });

    it('leaves out one declared after `now`, one outside the window, one applied already; no window, nothing', () => {
      expect(dueOf(withDeclaredAbsences('p-1', state(), [absence('a', '2025-06-16', '2025-06-22', '2025-06-13T08:00:00.000Z')], T1))).toBe(dueOf(state()));
      expect(dueOf(withDeclaredAbsences('p-1', state(), [absence('a', '2025-09-01', '2025-09-05')], T1))).toBe(dueOf(state()));
      const once = withDeclaredAbsences('p-1', state(), [absence('a', '2025-06-16', '2025-06-22')], T1);
      expect(withDeclaredAbsences('p-1', once, [absence('a', '2025-06-16', '2025-06-22')], T1)).toEqual(once);
      const waiting = companyEncoded().reduce(evolve, initialState());
      expect(withDeclaredAbsences('p-1', waiting, [absence('a', '2025-06-16', '2025-06-22')], T1)).toBe(waiting);
    });
  });
});

describe('R18 a user contest stops automation', () => {
  it('during the worker delay: the worker deadline no longer fires', () => {
    given(companyEncoded())
      .when(contestAsUser(T1))
      .thenState((state) => expect(state).toMatchObject({ status: 'ContestedByUser', reason: 'not done' }));
    given(history(encodePrestationForWorker(), contestAsUser(T1))).when(reachWorkerDeadline(DUE)).thenThrows(IllegalStateError);
  });

  it('during the company and user delays: neither fires', () => {
    const contested = history(encodePrestation(), contestAsUser(T1));
    given(contested).when(reachCompanyDeadline(DUE)).thenThrows(IllegalStateError);
    given(contested).when(reachUserDeadline(DUE)).thenThrows(IllegalStateError);
  });

  it('the company corrects, and the usual validations follow', () =>
    given(history(encodePrestation(), contestAsUser(T1), correctPrestation(T1)))
      .when(validateAsWorker(T1, { version: 2 }))
      .thenMatches([{ type: 'WorkerValidated', data: { version: 2, userWindow: { id: 'user-v2' } } }]));

  it('a contested prestation awaits the company: no second contest or confirmation', () => {
    given(history(encodePrestation(), contestAsUser(T1))).when(confirmAsUser(T1)).thenThrows(IllegalStateError, 'contested');
    given(history(encodePrestationForWorker(), contestAsWorker(T1))).when(contestAsUser(T1)).thenThrows(IllegalStateError, 'contested');
  });

  it('a contest needs a reason and the right user', () => {
    given(companyEncoded()).when(contestAsUser(T1, { reason: '' })).thenThrows(ValidationError, 'data.reason');
    given(companyEncoded()).when(contestAsUser(T1, {}, { id: '100000000043', role: 'USER' })).thenThrows(ForbiddenError);
  });
});

describe('R19 regions with their own delays', () => {
  it('Flanders: 5 working days for the user after the worker validated', () =>
    given(history(encodePrestationForWorker(T0, { region: 'FLANDERS' })))
      .when(validateAsWorker(T1))
      .thenMatches([{ data: { userWindow: { dueAt: '2025-06-19T21:59:59.999Z', unit: 'WORKING_DAYS', reminders: [] } } }]));

  it('Flanders: 5 working days for the user after a lapsed worker deadline too', () =>
    given(history(encodePrestationForWorker(T0, { region: 'FLANDERS' })))
      .when(reachWorkerDeadline(DUE))
      .thenMatches([{ data: { userWindow: { dueAt: '2025-06-24T21:59:59.999Z', unit: 'WORKING_DAYS' } } }]));

  it('Brussels follows the notice like Wallonia', () =>
    given(history(encodePrestationForWorker(T0, { region: 'BRUSSELS' })))
      .when(validateAsWorker(T1))
      .thenMatches([{ data: { userWindow: { dueAt: '2025-08-11T08:00:00.000Z', unit: 'CALENDAR_DAYS' } } }]));

  it('without a region, the Walloon default profile', () =>
    given([])
      .when(encodePrestation(T0, { region: undefined }))
      .thenMatches([{ data: { region: 'WALLONIA' } }]));

  it('refuses an unknown region', () =>
    given([]).when(encodePrestation(T0, { region: 'LUXEMBOURG' as never })).thenThrows(ValidationError, 'data.region'));

  it('delays and the working week are configuration', () => {
    const saturdays = prestationDecider({ ...defaultPolicy, calendar: belgianCalendar('MONDAY_TO_SATURDAY') });
    // Saturday 14 June counts: Wed 11, Thu 12, Fri 13, Sat 14, Mon 16.
    expect(saturdays.decide(encodePrestationForWorker(), initialState())[0]).toMatchObject({
      data: { workerDeadline: { dueAt: '2025-06-16T21:59:59.999Z' } },
    });
  });
});

describe('a decision depends on the instant it carries, not on when the deadline service fires (issue #10, ADR 0012)', () => {
  // Wednesday 19 August 2026, 10:00 in Brussels; 5 working days: Wednesday 26 August, 23:59:59.999.
  const ENCODED = '2026-08-19T08:00:00.000Z';
  const LAPSED = '2026-08-26T21:59:59.999Z';
  const NEXT_MORNING = '2026-08-27T06:00:00.000Z';
  const byCompany = () => history(encodePrestationForWorker(ENCODED));
  const byWorker = () => history(encodePrestation(ENCODED));
  /** The prestation after `commands`, in that order, each refused one writing nothing. */
  const after = (events: ReturnType<typeof history>, ...commands: PrestationCommand[]) => stateAfter(decider, events, commands);

  describe('R6 the worker deadline', () => {
    it('a worker validation the morning after the deadline is refused, naming the deadline and when it lapsed', () =>
      given(byCompany())
        .when(validateAsWorker(NEXT_MORNING))
        .thenThrows(IllegalStateError, "too late: the worker's deadline worker-v1 lapsed at 2026-08-26T21:59:59.999Z (2026-08-26 23:59:59 Brussels time)"));

    it('so is a worker contest; one millisecond before the deadline both are still on time', () => {
      given(byCompany()).when(contestAsWorker(NEXT_MORNING)).thenThrows(IllegalStateError, 'worker-v1 lapsed');
      given(byCompany()).when(validateAsWorker(LAPSED)).thenThrows(IllegalStateError, 'worker-v1 lapsed');
      given(byCompany()).when(validateAsWorker('2026-08-26T21:59:59.998Z')).thenMatches([{ type: 'WorkerValidated' }]);
      given(byCompany()).when(contestAsWorker('2026-08-26T21:59:59.998Z')).thenMatches([{ type: 'WorkerContested' }]);
    });

    it('the deadline fired late (stamped with its due instant) and the late validation give the same prestation in either order', () => {
      const automatic = after(byCompany(), reachWorkerDeadline(LAPSED), validateAsWorker(NEXT_MORNING));
      expect(automatic).toMatchObject({ status: 'AwaitingUser', validatedBy: 'WORKER_DEADLINE', user: { window: { opensAt: LAPSED } } });
      expect(after(byCompany(), validateAsWorker(NEXT_MORNING), reachWorkerDeadline(LAPSED))).toEqual(automatic);
    });
  });

  describe('R8 R9 the user window', () => {
    // R8: 60 calendar days from the lapsed worker deadline, at the same Brussels wall-clock time (after the DST switch of 25 October).
    const WINDOW_LAPSED = '2026-10-25T22:59:59.999Z';
    const NINE_HOURS_LATER = '2026-10-26T07:59:59.999Z';
    const inWindow = () => history(encodePrestationForWorker(ENCODED), reachWorkerDeadline(LAPSED));

    it('R9 a user contest 9 hours after the 60-day window lapsed is refused: it was confirmed automatically', () =>
      given(inWindow())
        .when(contestAsUser(NINE_HOURS_LATER))
        .thenThrows(IllegalStateError, /user's window user-v1 lapsed at 2026-10-25T22:59:59.999Z \(2026-10-25 23:59:59 Brussels time\); .*\(R9\)/));

    it('R8 so is a user confirmation, and a company correction (R9: it would reopen the contest)', () => {
      given(inWindow()).when(confirmAsUser(NINE_HOURS_LATER)).thenThrows(IllegalStateError, 'user-v1 lapsed');
      given(inWindow()).when(correctPrestation(NINE_HOURS_LATER)).thenThrows(IllegalStateError, 'confirmed automatically');
      given(inWindow()).when(contestAsUser('2026-10-25T22:59:59.998Z')).thenMatches([{ type: 'UserContested' }]);
    });

    it('R8 R9 after a worker deadline that never fired, the user may confirm in the window it opened (the same outcome in either order), not after: both lapses are named', () => {
      const late = '2026-09-01T08:00:00.000Z';
      const fired = after(byCompany(), reachWorkerDeadline(LAPSED), confirmAsUser(late));
      expect(fired).toMatchObject({ status: 'Validated', confirmedBy: 'USER' });
      expect(after(byCompany(), confirmAsUser(late), reachWorkerDeadline(LAPSED))).toEqual(fired);
      given(byCompany())
        .when(contestAsUser(NINE_HOURS_LATER))
        .thenThrows(IllegalStateError, "the worker's deadline worker-v1 lapsed at 2026-08-26T21:59:59.999Z (2026-08-26 23:59:59 Brussels time), then the user's window user-v1 lapsed at 2026-10-25T22:59:59.999Z");
    });

    it('R9 the late contest and the automatic confirmation give the same prestation in either order', () => {
      const automatic = after(inWindow(), reachUserDeadline(WINDOW_LAPSED), contestAsUser(NINE_HOURS_LATER));
      expect(automatic).toMatchObject({ status: 'Validated', confirmedBy: 'AUTOMATIC' });
      expect(after(inWindow(), contestAsUser(NINE_HOURS_LATER), reachUserDeadline(WINDOW_LAPSED))).toEqual(automatic);
    });
  });

  describe('R16 the company deadline', () => {
    it('a company validation after its deadline is refused: the company step and the parallel user window lapsed', () =>
      given(byWorker())
        .when(validateAsCompany(NEXT_MORNING))
        .thenThrows(IllegalStateError, "too late: the company's deadline company-v1 lapsed at 2026-08-26T21:59:59.999Z (2026-08-26 23:59:59 Brussels time), then the user's window user-v1"));

    it('also when the user had confirmed in time; the same prestation in either order', () => {
      const confirmed = history(encodePrestation(ENCODED), confirmAsUser('2026-08-20T08:00:00.000Z'));
      given(confirmed).when(validateAsCompany(NEXT_MORNING)).thenThrows(IllegalStateError, 'company-v1 lapsed');
      const automatic = after(confirmed, reachCompanyDeadline(LAPSED), validateAsCompany(NEXT_MORNING));
      expect(automatic).toMatchObject({ status: 'Validated', confirmedBy: 'USER' });
      expect(after(confirmed, validateAsCompany(NEXT_MORNING), reachCompanyDeadline(LAPSED))).toEqual(automatic);
    });

    it('nor may the company cancel what its lapsed deadline validated', () =>
      given(history(encodePrestation(ENCODED), confirmAsUser('2026-08-20T08:00:00.000Z')))
        .when(cancelPrestation(NEXT_MORNING))
        .thenThrows(IllegalStateError, 'company-v1 lapsed'));
  });

  describe('R19 Flanders: 5 working days for the user', () => {
    it('a user confirmation after the 5 working days is refused', () => {
      // The worker validated on Thursday 20 August: Friday 21 ... Thursday 27 August, 23:59:59.999 Brussels.
      const validated = history(encodePrestationForWorker(ENCODED, { region: 'FLANDERS' }), validateAsWorker('2026-08-20T08:00:00.000Z'));
      given(validated).when(confirmAsUser('2026-08-28T06:00:00.000Z')).thenThrows(IllegalStateError, "the user's window user-v1 lapsed at 2026-08-27T21:59:59.999Z");
      given(validated).when(confirmAsUser('2026-08-27T21:59:59.998Z')).thenMatches([{ type: 'UserConfirmed' }]);
    });
  });

  describe('R17 a window moved by an absence', () => {
    // Worker encoding on Wednesday 19 August: the user's 5 working days end on the 26th; an absence
    // of Thursday 20 to Friday 21 August (2 working days) moves them to Friday 28 August.
    const extended = () => history(encodePrestation(ENCODED), extendUserDelayForAbsence('2026-08-19T09:00:00.000Z', '2026-08-20', '2026-08-21'));

    it('the user may confirm after the original end, until the moved one', () => {
      expect(extended()[1]).toMatchObject({ type: 'UserDelayExtended', data: { dueAt: '2026-08-28T21:59:59.999Z' } });
      given(extended()).when(confirmAsUser(NEXT_MORNING)).thenMatches([{ type: 'UserConfirmed' }]);
      given(extended()).when(contestAsUser('2026-08-29T08:00:00.000Z')).thenThrows(IllegalStateError, "the user's window user-v1 lapsed at 2026-08-28T21:59:59.999Z");
    });
  });

  describe('prestationAt: the prestation as it stands at an instant', () => {
    it('folds in what the deadline service decides, stamped with the due instants, and names what lapsed', () => {
      const state = byCompany().reduce(evolve, initialState());
      const { state: atNow, lapsed } = prestationAt(state, '2026-10-26T00:00:00.000Z');
      expect(atNow).toEqual(after(byCompany(), reachWorkerDeadline(LAPSED), reachUserDeadline('2026-10-25T22:59:59.999Z')));
      expect(lapsed.map(({ what, deadline }) => [what, deadline.id])).toEqual([
        ["the worker's deadline", 'worker-v1'],
        ["the user's window", 'user-v1'],
      ]);
      expect(prestationAt(state, '2026-08-26T21:59:59.998Z')).toEqual({ state, lapsed: [] });
    });
  });
});

describe('cancellation: nothing happens after', () => {
  const cancelled = () => history(encodePrestationForWorker(), cancelPrestation(T1));

  it('the company cancels with a reason', () => {
    given(companyEncoded())
      .when(cancelPrestation(T1))
      .then([{ type: 'PrestationCancelled', occurredAt: T1, actor: actors.company, data: { reason: 'never happened' } }]);
    given(companyEncoded()).when(cancelPrestation(T1, '')).thenThrows(ValidationError, 'data.reason');
  });

  it.each<[string, PrestationCommand]>([
    ['a worker validation', validateAsWorker(T1)],
    ['the worker deadline', reachWorkerDeadline(DUE)],
    ['a user confirmation', confirmAsUser(T1)],
    ['a user contest', contestAsUser(T1)],
    ['a correction', correctPrestation(T1)],
    ['a second cancellation', cancelPrestation(T1)],
  ])('refuses %s', (_name, command) => given(cancelled()).when(command).thenThrows(IllegalStateError, 'cancelled'));

  it('a validated prestation is no longer cancelled or corrected', () =>
    given(history(encodePrestationForWorker(), confirmAsUser(T0), validateAsWorker(T1)))
      .when(cancelPrestation(T1))
      .thenThrows(IllegalStateError, 'already validated'));
});

describe('commands that do not fit', () => {
  it('a prestation that does not exist', () => given([]).when(validateAsWorker(T1)).thenThrows(NotFoundError));

  it('a command without a proper instant', () =>
    given([]).when(encodePrestation('2025-06-10 09:00')).thenThrows(ValidationError, 'metadata.now'));

  it.each<[string, Partial<PrestationFacts>, string]>([
    ['hours above 9', { hours: 10 }, 'data.hours'],
    ['half hours', { hours: 2.5 }, 'data.hours'],
    ['a short worker id', { workerId: '98000' }, 'data.workerId'],
    ['a short user id', { userId: '1' }, 'data.userId'],
    ['no company', { companyId: '' }, 'data.companyId'],
    ['a service date in the future', { serviceDate: '2025-06-11' }, 'data.serviceDate'],
    ['an impossible date', { serviceDate: '2025-02-30' }, 'data.serviceDate'],
    ['an unknown activity', { activity: 'GARDENING' as never }, 'data.activity'],
  ])('refuses %s, naming the field', (_name, data, field) =>
    given([])
      .when(encodePrestationForWorker(T0, { ...data, companyId: data.companyId ?? facts.companyId }, { id: data.companyId ?? facts.companyId, role: 'COMPANY' }))
      .thenThrows(ValidationError, field));

  it('an unknown command', () =>
    given([]).when({ type: 'Teleport', metadata: { now: T0, actor: actors.worker } } as never).thenThrows(ValidationError, 'Teleport'));

  it('an event that does not fit the state leaves it unchanged (evolve is total)', () => {
    const [validated] = history(encodePrestationForWorker(), validateAsWorker(T1)).slice(1);
    expect(evolve(initialState(), validated)).toEqual(initialState());
    const [cancelledEvent] = history(encodePrestationForWorker(), cancelPrestation(T1)).slice(1);
    expect(evolve(initialState(), cancelledEvent)).toEqual(initialState());
  });

  it('an event type or step from a newer producer is ignored, not fatal', () => {
    const state = history(encodePrestationForWorker()).reduce(evolve, initialState());
    expect(evolve(state, { type: 'PrestationTeleported' } as never)).toBe(state);
    expect(evolve(state, { type: 'AutoValidated', data: { step: 'OPERATOR', deadlineId: 'x' } } as never)).toBe(state);
  });
});
