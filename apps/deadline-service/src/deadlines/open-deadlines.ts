import { type Actor, type PrestationCommand, type UserWindow } from '@prestaflow/contracts';
import { type PrestationState } from '@prestaflow/domain';

export type DeadlineKind = 'WORKER' | 'COMPANY' | 'USER' | 'REMINDER';

/** One deadline or reminder still to fire, as a row of the deadlines table. */
export interface OpenDeadline {
  readonly id: string;
  readonly prestationId: string;
  /** The prestation's user, whose declared absences (R17) a user deadline waits for. */
  readonly userId: string;
  readonly kind: DeadlineKind;
  /** The decider's id (`worker-v2`, `user-v1`...): a command for another one is refused as stale. */
  readonly deadlineId: string;
  readonly reminder: number | null;
  readonly dueAt: string;
}

export const deadlineServiceActor: Actor = { id: 'deadline-service', role: 'SYSTEM' };

/** The decider's refusals: the deadline is stale (replaced, already done, prestation final), the absence does not apply. */
const refusals = new Set(['ILLEGAL_STATE', 'VALIDATION', 'NOT_FOUND']);

export function isRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && refusals.has(code);
}

interface Owner {
  readonly prestationId: string;
  readonly userId: string;
}

function deadline(owner: Owner, kind: Exclude<DeadlineKind, 'REMINDER'>, { id, dueAt }: { id: string; dueAt: string }): OpenDeadline {
  return { id: `${owner.prestationId}/${id}`, ...owner, kind, deadlineId: id, reminder: null, dueAt };
}

function userWindow(owner: Owner, window: UserWindow, remindersSent: readonly number[]): OpenDeadline[] {
  const reminders = window.reminders.flatMap((dueAt, index): OpenDeadline[] => {
    const reminder = index + 1;
    if (remindersSent.includes(reminder) || dueAt >= window.dueAt) return [];
    return [{ id: `${owner.prestationId}/${window.id}/reminder-${reminder}`, ...owner, kind: 'REMINDER', deadlineId: window.id, reminder, dueAt }];
  });
  return [...reminders, deadline(owner, 'USER', window)];
}

/**
 * The deadlines a prestation has open in `state`: the worker's (R6, R10), the company's (R16),
 * the user's window and its reminders (R8). A final, contested or not yet existing prestation
 * has none, so a cancellation, validation or contest removes them and a correction replaces them.
 */
export function openDeadlines(prestationId: string, state: PrestationState): OpenDeadline[] {
  if (state.status === 'None') return [];
  const owner = { prestationId, userId: state.prestation.userId };
  switch (state.status) {
    case 'AwaitingWorker':
      return [deadline(owner, 'WORKER', state.workerDeadline)];
    case 'AwaitingCompany':
      return [
        deadline(owner, 'COMPANY', state.companyDeadline),
        ...(state.user.status === 'Running' ? userWindow(owner, state.user.window, state.user.remindersSent) : []),
      ];
    case 'AwaitingUser':
      return userWindow(owner, state.user.window, state.user.remindersSent);
    default:
      return [];
  }
}

/** The command that fires `deadline`, stamped with its due instant (not the time it is fired). */
export function commandFor(deadline: OpenDeadline): PrestationCommand {
  const base = { prestationId: deadline.prestationId, metadata: { now: deadline.dueAt, actor: deadlineServiceActor } };
  switch (deadline.kind) {
    case 'WORKER':
      return { ...base, type: 'ReachWorkerDeadline', data: { deadlineId: deadline.deadlineId } };
    case 'COMPANY':
      return { ...base, type: 'ReachCompanyDeadline', data: { deadlineId: deadline.deadlineId } };
    case 'USER':
      return { ...base, type: 'ReachUserDeadline', data: { deadlineId: deadline.deadlineId } };
    case 'REMINDER':
      return { ...base, type: 'RemindUser', data: { deadlineId: deadline.deadlineId, reminder: deadline.reminder ?? 0 } };
    default: {
      const _exhaustive: never = deadline.kind;
      throw new Error(`unknown deadline kind ${String(_exhaustive)}`);
    }
  }
}
