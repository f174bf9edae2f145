/** ISO-8601 instant, normalised to UTC with milliseconds: `2025-06-10T21:59:59.999Z`. */
export type Instant = string;
/** A calendar day, `YYYY-MM-DD`. */
export type LocalDate = string;

export const actorRoles = ['WORKER', 'COMPANY', 'USER', 'OPERATOR', 'SYSTEM'] as const;
export type ActorRole = (typeof actorRoles)[number];

/** Who caused an event or sends a command; for a company, `id` is the company's id. */
export interface Actor {
  readonly id: string;
  readonly role: ActorRole;
}

export const activities = ['HOUSEHOLD_HELP', 'SHOPPING', 'IRONING', 'TRANSPORT_REDUCED_MOBILITY'] as const;
export type Activity = (typeof activities)[number];

export const channels = ['APP', 'IVR', 'COMPANY'] as const;
export type Channel = (typeof channels)[number];
/** The worker's own channels; only `APP` is online (R5). */
export type WorkerChannel = Exclude<Channel, 'COMPANY'>;

export const encoders = ['WORKER', 'COMPANY'] as const;
export type EncodedBy = (typeof encoders)[number];

export const regions = ['BRUSSELS', 'WALLONIA', 'FLANDERS'] as const;
export type Region = (typeof regions)[number];

/** What the prestation is about; the company may correct `serviceDate`, `hours`, `activity`. */
export interface PrestationFacts {
  readonly companyId: string;
  /** 12 digits. */
  readonly workerId: string;
  /** 12 digits. */
  readonly userId: string;
  readonly serviceDate: LocalDate;
  /** Whole hours, 1 to 9 (1 voucher = 1 hour; the IVR accepts 1 to 9). */
  readonly hours: number;
  readonly activity: Activity;
}

/**
 * An automatic validation that falls due at `dueAt`. The id is unique within the prestation's
 * stream (step and version), so a deadline replaced by a correction cannot fire any more.
 */
export interface Deadline {
  readonly id: string;
  readonly dueAt: Instant;
}

/** The user's confirmation window: automatic confirmation at `dueAt`, reminders before it. */
export interface UserWindow extends Deadline {
  readonly opensAt: Instant;
  readonly unit: 'WORKING_DAYS' | 'CALENDAR_DAYS';
  readonly reminders: readonly Instant[];
}

/** What the decider returns: an event before the event store gives it an id and a position. */
export interface EventPayload<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly occurredAt: Instant;
  readonly actor: Actor;
}

/** What the event store adds when it records an event. */
export interface EnvelopeFields {
  readonly eventId: string;
  /** 1, 2, 3... within the stream. */
  readonly streamPosition: number;
  readonly schemaVersion: number;
  readonly correlationId: string | null;
  readonly causationId: string | null;
}
