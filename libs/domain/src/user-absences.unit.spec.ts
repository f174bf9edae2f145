import { ForbiddenError, IllegalStateError, ValidationError, type Actor, type DeclareUserAbsence } from '@prestaflow/contracts';
import { actors, eventsOf, ids, specFor, T0 } from '@prestaflow/testing';
import { defaultPolicy } from './policy';
import { evolveUserAbsences, initialUserAbsences, userAbsenceDecider } from './user-absences';

const decider = userAbsenceDecider(defaultPolicy);
const given = specFor(decider);
const declare = (from: string, to: string, now = T0, by: Actor = actors.user): DeclareUserAbsence => ({
  type: 'DeclareUserAbsence',
  userId: ids.user,
  data: { from, to },
  metadata: { now, actor: by },
});
const history = (...commands: DeclareUserAbsence[]) => eventsOf(decider, commands);

describe('R17 the user declares a planned absence in their secure space', () => {
  it('records it, the period being its identity; when it was declared is the event time', () =>
    given([])
      .when(declare('2025-07-01', '2025-07-10'))
      .then([{ type: 'UserAbsenceDeclared', occurredAt: T0, actor: actors.user, data: { absenceId: '2025-07-01/2025-07-10', from: '2025-07-01', to: '2025-07-10' } }]));

  it('the same absence declared again changes nothing', () =>
    given(history(declare('2025-07-01', '2025-07-10'))).when(declare('2025-07-01', '2025-07-10', '2025-06-11T08:00:00.000Z')).then([]));

  it('keeps every absence with its declaration instant', () =>
    given(history(declare('2025-07-01', '2025-07-10')))
      .when(declare('2025-08-01', '2025-08-02', '2025-06-11T08:00:00.000Z'))
      .thenState((state) =>
        expect(state.absences).toEqual([
          { absenceId: '2025-07-01/2025-07-10', from: '2025-07-01', to: '2025-07-10', declaredAt: T0 },
          { absenceId: '2025-08-01/2025-08-02', from: '2025-08-01', to: '2025-08-02', declaredAt: '2025-06-11T08:00:00.000Z' },
        ]),
      ));

  it('refuses an absence overlapping one already declared: the same days would count twice', () =>
    given(history(declare('2025-07-01', '2025-07-10'))).when(declare('2025-07-10', '2025-07-12')).thenThrows(IllegalStateError, '2025-07-01 to 2025-07-10'));

  it('may have begun, but not be over (Brussels today); at most 92 days', () => {
    given([]).when(declare('2025-06-01', '2025-06-10')).thenMatches([{ type: 'UserAbsenceDeclared' }]);
    given([]).when(declare('2025-06-01', '2025-06-09')).thenThrows(ValidationError, 'data.to: the absence is over');
    given([]).when(declare('2025-07-01', '2025-09-30')).thenMatches([{ data: { to: '2025-09-30' } }]);
    given([]).when(declare('2025-07-01', '2025-10-01')).thenThrows(ValidationError, 'at most 92 days; this one lasts 93');
  });

  it('starts at most a year ahead (R17 sets no horizon: policy.maxAbsenceLeadDays, 366 days)', () => {
    given([]).when(declare('2026-06-11', '2026-06-12')).thenMatches([{ type: 'UserAbsenceDeclared' }]);
    given([]).when(declare('2026-06-12', '2026-06-13')).thenThrows(ValidationError, 'data.from: an absence starts at most 366 days ahead');
    given([]).when(declare('9999-12-01', '9999-12-31')).thenThrows(ValidationError, 'data.from');
  });

  it.each([
    [declare('2025-07-10', '2025-07-01'), 'DATE_ORDER', undefined],
    [declare('2025-07-01', '2025-10-01'), 'PERIOD_TOO_LONG', 92],
    [declare('2025-06-01', '2025-06-09'), 'DATE_IN_PAST', undefined],
    [declare('9999-12-01', '9999-12-31'), 'TOO_FAR_AHEAD', 366],
    [declare('2025-07-10', '2025-07-12'), 'ABSENCE_OVERLAP', undefined],
  ])('gives the web the reason to translate, and the bound broken in days (R17, the policy’s): %j -> %s, %s', (command, reason, limit) => {
    const state = history(declare('2025-07-01', '2025-07-10')).reduce(evolveUserAbsences, initialUserAbsences());
    let refusal: unknown;
    try {
      decider.decide(command, state);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ reason });
    expect((refusal as { limit?: number }).limit).toBe(limit);
  });

  it('names the malformed field', () => {
    given([]).when(declare('01/07/2025', '2025-07-10')).thenThrows(ValidationError, 'data.from');
    given([]).when(declare('2025-07-10', '2025-07-01')).thenThrows(ValidationError, 'data.to');
    given([]).when(declare('2025-07-01', '2025-02-30')).thenThrows(ValidationError, 'data.to');
  });

  it('only the user, for themselves', () => {
    given([]).when(declare('2025-07-01', '2025-07-10', T0, { id: '100000000043', role: 'USER' })).thenThrows(ForbiddenError, 'R17');
    given([]).when(declare('2025-07-01', '2025-07-10', T0, actors.company)).thenThrows(ForbiddenError);
  });

  it('an unknown command', () =>
    given([]).when({ type: 'Forget', userId: ids.user, metadata: { now: T0, actor: actors.user } } as never).thenThrows(ValidationError, 'Forget'));
});

describe('user absences replay', () => {
  it('ignores an event type from a newer producer', () => {
    const state = initialUserAbsences();
    expect(evolveUserAbsences(state, { type: 'UserAbsenceCancelled' } as never)).toBe(state);
  });
});
