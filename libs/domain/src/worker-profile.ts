import { toInstant } from '@prestaflow/calendar';
import {
  emailPattern,
  ForbiddenError,
  IllegalStateError,
  ValidationError,
  type Decider,
  type WorkerProfileCommand,
  type WorkerProfileEvent,
} from '@prestaflow/contracts';

/**
 * The worker's e-mail, per worker identity across all their companies (R11). Its own stream:
 * a prestation does not own the address its notifications go to (R4).
 */
export interface WorkerProfileState {
  readonly email: string | null;
  /** Set once the worker changed the e-mail; companies may then no longer change it. */
  readonly lockedByWorker: boolean;
}

export const initialWorkerProfile = (): WorkerProfileState => ({ email: null, lockedByWorker: false });

export function evolveWorkerProfile(state: WorkerProfileState, event: WorkerProfileEvent): WorkerProfileState {
  switch (event.type) {
    case 'WorkerEmailChanged':
      return { email: event.data.email, lockedByWorker: state.lockedByWorker || event.data.changedBy === 'WORKER' };
    case 'WorkerEmailLockLifted':
      return { ...state, lockedByWorker: false };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

const emailAddress = new RegExp(emailPattern);

export function decideWorkerProfile(command: WorkerProfileCommand, state: WorkerProfileState): WorkerProfileEvent[] {
  const occurredAt = toInstant(command.metadata.now, 'metadata.now');
  const { actor } = command.metadata;
  switch (command.type) {
    case 'SetWorkerEmail': {
      const { email } = command.data;
      if (actor.role === 'WORKER') {
        if (actor.id !== command.workerId) throw new ForbiddenError('a worker changes only their own e-mail');
      } else if (actor.role === 'COMPANY') {
        if (state.lockedByWorker) throw new ForbiddenError('the worker changed their e-mail: the company no longer can (R11)');
      } else {
        throw new ForbiddenError('only the worker or their company sets the e-mail');
      }
      if (typeof email !== 'string' || email.length > 254 || !emailAddress.test(email)) {
        throw new ValidationError('data.email', 'must be an e-mail address');
      }
      // Setting the same address again changes nothing, so it does not lock it either.
      if (email === state.email) return [];
      return [{ type: 'WorkerEmailChanged', data: { email, changedBy: actor.role }, occurredAt, actor }];
    }
    case 'LiftWorkerEmailLock': {
      if (actor.role !== 'OPERATOR') throw new ForbiddenError('only an operator lifts the e-mail lock (R11)');
      if (!state.lockedByWorker) throw new IllegalStateError('the e-mail is not locked');
      const { reason } = command.data;
      if (typeof reason !== 'string' || reason.trim() === '') throw new ValidationError('data.reason', 'is required');
      return [{ type: 'WorkerEmailLockLifted', data: { reason }, occurredAt, actor }];
    }
    default: {
      const _exhaustive: never = command;
      throw new ValidationError('type', `unknown command ${(command as { type: unknown }).type}`);
    }
  }
}

export const workerProfileDecider: Decider<WorkerProfileCommand, WorkerProfileEvent, WorkerProfileState> = {
  initialState: initialWorkerProfile,
  evolve: evolveWorkerProfile,
  decide: decideWorkerProfile,
};
