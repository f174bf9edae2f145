/**
 * The few typed errors every layer shares (house-style.md, section 5). The `code` is stable:
 * the gateway maps it to an HTTP status, consumers log it and dead-letter poison messages.
 */
export type ErrorCode = 'VALIDATION' | 'ILLEGAL_STATE' | 'NOT_FOUND' | 'CONCURRENCY' | 'FORBIDDEN';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A payload or command field is malformed; `field` names it (e.g. `data.hours`). */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION';

  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** The command makes no sense in the prestation's current state. */
export class IllegalStateError extends DomainError {
  readonly code = 'ILLEGAL_STATE';
}

/** The command addresses something that does not exist (yet). */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

/** The actor decided on another version than the current one: reload and decide again. */
export class ConcurrencyError extends DomainError {
  readonly code = 'CONCURRENCY';
}

/** This actor (or channel) may not do this. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}
