import { countCalendarDays, isLocalDate, localDateOf, toInstant } from '@prestaflow/calendar';
import {
  ForbiddenError,
  IllegalStateError,
  ValidationError,
  type Decider,
  type Instant,
  type LocalDate,
  type UserAbsenceCommand,
  type UserAbsenceEvent,
} from '@prestaflow/contracts';
import { defaultPolicy, type DecisionPolicy } from './policy';

/** One declared absence (R17); `declaredAt` decides which windows it may still extend. */
export interface UserAbsence {
  readonly absenceId: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly declaredAt: Instant;
}

/**
 * The user's planned absences (R17). Their own stream, per user: an absence is a fact about the
 * user, which every prestation of theirs whose window it overlaps takes into account.
 */
export interface UserAbsencesState {
  readonly absences: readonly UserAbsence[];
}

export const initialUserAbsences = (): UserAbsencesState => ({ absences: [] });

export function evolveUserAbsences(state: UserAbsencesState, event: UserAbsenceEvent): UserAbsencesState {
  switch (event.type) {
    case 'UserAbsenceDeclared':
      return { absences: [...state.absences, { ...event.data, declaredAt: event.occurredAt }] };
    default: {
      const _exhaustive: never = event.type;
      return state;
    }
  }
}

/** The period is the absence's identity: declaring it again changes nothing. */
const absenceIdOf = (from: LocalDate, to: LocalDate) => `${from}/${to}`;

export function decideUserAbsences(command: UserAbsenceCommand, state: UserAbsencesState, policy: DecisionPolicy = defaultPolicy): UserAbsenceEvent[] {
  const occurredAt = toInstant(command.metadata.now, 'metadata.now');
  const { actor } = command.metadata;
  switch (command.type) {
    case 'DeclareUserAbsence': {
      if (actor.role !== 'USER' || actor.id !== command.userId) throw new ForbiddenError('only the user declares their own absence (R17)');
      const { from, to } = command.data;
      if (!isLocalDate(from)) throw new ValidationError('data.from', 'must be a date YYYY-MM-DD');
      if (!isLocalDate(to)) throw new ValidationError('data.to', 'must be a date YYYY-MM-DD');
      if (to < from) throw new ValidationError('data.to', 'must not be before data.from', 'DATE_ORDER');
      const days = countCalendarDays(from, to);
      if (days > policy.maxAbsenceDays) throw new ValidationError('data.to', `an absence lasts at most ${policy.maxAbsenceDays} days; this one lasts ${days}`, 'PERIOD_TOO_LONG', policy.maxAbsenceDays);
      const today = localDateOf(policy.calendar, occurredAt);
      if (to < today) throw new ValidationError('data.to', `the absence is over (today is ${today}): only a current or planned absence counts`, 'DATE_IN_PAST');
      // R17 sets no horizon; a plan further than this is a typing slip (9999-12-01), not an absence.
      const lead = countCalendarDays(today, from) - 1;
      if (lead > policy.maxAbsenceLeadDays) throw new ValidationError('data.from', `an absence starts at most ${policy.maxAbsenceLeadDays} days ahead (today is ${today})`, 'TOO_FAR_AHEAD', policy.maxAbsenceLeadDays);
      const absenceId = absenceIdOf(from, to);
      if (state.absences.some((absence) => absence.absenceId === absenceId)) return [];
      // Two overlapping absences would extend a window twice for the same days.
      const overlapping = state.absences.find((absence) => absence.from <= to && absence.to >= from);
      if (overlapping) throw new IllegalStateError(`overlaps the absence already declared from ${overlapping.from} to ${overlapping.to}`, 'ABSENCE_OVERLAP');
      return [{ type: 'UserAbsenceDeclared', data: { absenceId, from, to }, occurredAt, actor }];
    }
    default: {
      const _exhaustive: never = command.type;
      throw new ValidationError('type', `unknown command ${(command as { type: unknown }).type}`);
    }
  }
}

/** The user-absence decider with its policy bound (R17), in the shape the event store runs. */
export function userAbsenceDecider(policy: DecisionPolicy = defaultPolicy): Decider<UserAbsenceCommand, UserAbsenceEvent, UserAbsencesState> {
  return { initialState: initialUserAbsences, evolve: evolveUserAbsences, decide: (command, state) => decideUserAbsences(command, state, policy) };
}
