/** Who caused an event: a worker, a company, a user, the platform itself. */
export interface EventActor {
  readonly id: string;
  readonly role: string;
}

/**
 * What every event carries besides its type and data. `occurredAt` comes from the command
 * (time as data); `recordedAt` is the database's own clock, for audit only.
 */
export interface EventMetadata {
  readonly actor: EventActor;
  /** ISO 8601 instant. */
  readonly occurredAt: string;
  readonly correlationId?: string | null;
  readonly causationId?: string | null;
}

export interface NewEvent extends EventMetadata {
  readonly type: string;
  readonly data: unknown;
  /** 1 unless the event's contract says otherwise. */
  readonly schemaVersion?: number;
  /** Given by the caller when it must be known in advance; a random UUID otherwise. */
  readonly eventId?: string;
}

/** An event as stored and as published on the event log (the Kafka value is this, as JSON). */
export interface RecordedEvent {
  readonly eventId: string;
  readonly streamId: string;
  /** 1, 2, 3... within its stream. */
  readonly streamPosition: number;
  /** Unique and increasing in insertion order; commit order is (transactionId, globalPosition). */
  readonly globalPosition: number;
  readonly transactionId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly actor: EventActor;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly correlationId: string | null;
  readonly causationId: string | null;
}

/** A place in the log's commit order; reading after it never skips a late commit. */
export interface LogPosition {
  readonly transactionId: string;
  readonly globalPosition: number;
}

export const START_OF_LOG: LogPosition = { transactionId: '0', globalPosition: 0 };
