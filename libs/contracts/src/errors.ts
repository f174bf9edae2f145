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

/**
 * What is wrong, as a stable word the web translates next to the field's label; the `problem`
 * text says it in English for support. Only the kinds a person can act on are named.
 */
export const errorReasons = ['UNKNOWN_REFERENCE', 'TOO_LONG', 'BLANK', 'TOO_EARLY', 'DATE_IN_FUTURE', 'DATE_IN_PAST', 'DATE_ORDER', 'PERIOD_TOO_LONG', 'TOO_FAR_AHEAD', 'ABSENCE_OVERLAP', 'UNREADABLE_TEXT'] as const;
export type ErrorReason = (typeof errorReasons)[number];

/**
 * A payload or command field is malformed; `field` names it (e.g. `data.hours`), `reason` what is wrong
 * when it is one of ErrorReason, and `limit` the bound it broke, so that the web can name it: characters
 * for TOO_LONG, calendar days for PERIOD_TOO_LONG and TOO_FAR_AHEAD (their policy's, R17).
 */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION';

  constructor(
    readonly field: string,
    readonly problem: string,
    readonly reason?: ErrorReason,
    readonly limit?: number,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** The command makes no sense in the current state (of a prestation, or of a user's absences); `reason` says which conflict when the web must name it. */
export class IllegalStateError extends DomainError {
  readonly code = 'ILLEGAL_STATE';

  constructor(
    message: string,
    readonly reason?: ErrorReason,
  ) {
    super(message);
  }
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
