import { ConcurrencyError, DomainError, IllegalStateError } from '@prestaflow/contracts';

/**
 * The platform's ConcurrencyError (code CONCURRENCY), raised by an append whose expected
 * version is stale, with the stream's details: reload, decide again.
 */
export class StreamVersionConflictError extends ConcurrencyError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId}: expected version ${expectedVersion}, found ${actualVersion}`);
  }
}

/** An operator action that the projection's state does not allow (e.g. a swap to a table that is behind). */
export class ProjectionStateError extends IllegalStateError {}

/** A message on the event log that is not a recorded event (wrong shape or not JSON): poison, never retried. */
export class EventDecodingError extends DomainError {
  readonly code = 'VALIDATION';
}
