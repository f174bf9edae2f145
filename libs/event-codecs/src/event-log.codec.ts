import {
  currentSchemaVersion,
  parsePrestationEvent,
  parseUserAbsenceEvent,
  parseWorkerProfileEvent,
  prestationEventContracts,
  userAbsenceEventContracts,
  userIdOfAbsenceStream,
  type PrestationEvent,
  type PrestationEventEnvelope,
  type UserAbsenceEvent,
  type UserAbsenceEventEnvelope,
  type WorkerProfileEvent,
  type WorkerProfileEventEnvelope,
} from '@prestaflow/contracts';
import { decodeRecordedEvent, type EventCodec, type PendingEvent, type RecordedEvent } from '@prestaflow/event-store';

const prestationEventTypes = new Set<string>(prestationEventContracts.map((contract) => contract.type));
const userAbsenceEventTypes = new Set<string>(userAbsenceEventContracts.map((contract) => contract.type));

/**
 * The contracts' envelope of a recorded (or about to be appended) event, validated and upcast:
 * `streamKey` names its stream id.
 */
function envelope(recorded: PendingEvent, streamKey: 'prestationId' | 'workerId' | 'userId', streamKeyValue = recorded.streamId) {
  const { eventId, streamPosition, occurredAt, actor, schemaVersion, correlationId, causationId, type, data } = recorded;
  return { eventId, [streamKey]: streamKeyValue, streamPosition, occurredAt, actor, schemaVersion, correlationId, causationId, type, data };
}

// Each is also its stream's AppendContract: the event store appends nothing these refuse (ADR 0013).
export const toPrestationEnvelope = (recorded: PendingEvent): PrestationEventEnvelope => parsePrestationEvent(envelope(recorded, 'prestationId'));
export const toWorkerProfileEnvelope = (recorded: PendingEvent): WorkerProfileEventEnvelope =>
  parseWorkerProfileEvent(envelope(recorded, 'workerId'));
export const toUserAbsenceEnvelope = (recorded: PendingEvent): UserAbsenceEventEnvelope =>
  parseUserAbsenceEvent(envelope(recorded, 'userId', userIdOfAbsenceStream(recorded.streamId)));

/** One message of the event log, checked against the contracts: which stream it belongs to and its event. */
export type EventLogEntry =
  | { readonly stream: 'prestation'; readonly recorded: RecordedEvent; readonly event: PrestationEventEnvelope }
  | { readonly stream: 'workerProfile'; readonly recorded: RecordedEvent; readonly event: WorkerProfileEventEnvelope }
  | { readonly stream: 'userAbsence'; readonly recorded: RecordedEvent; readonly event: UserAbsenceEventEnvelope };

/** What every consumer of the event-log topic calls first; throws ValidationError on a bad message. */
export function decodeEventLogEntry(payload: unknown): EventLogEntry {
  const recorded = decodeRecordedEvent(payload);
  if (prestationEventTypes.has(recorded.type)) return { stream: 'prestation', recorded, event: toPrestationEnvelope(recorded) };
  if (userAbsenceEventTypes.has(recorded.type)) return { stream: 'userAbsence', recorded, event: toUserAbsenceEnvelope(recorded) };
  return { stream: 'workerProfile', recorded, event: toWorkerProfileEnvelope(recorded) };
}

/** Stored with the latest schema version; read back through the contracts (upcast, validated). */
export const prestationCodec: EventCodec<PrestationEvent> = {
  encode: ({ type, data }) => ({ type, data, schemaVersion: currentSchemaVersion(type) }),
  decode: (stored) => toPrestationEnvelope(stored as RecordedEvent),
};

export const workerProfileCodec: EventCodec<WorkerProfileEvent> = {
  encode: ({ type, data }) => ({ type, data, schemaVersion: currentSchemaVersion(type) }),
  decode: (stored) => toWorkerProfileEnvelope(stored as RecordedEvent),
};

export const userAbsenceCodec: EventCodec<UserAbsenceEvent> = {
  encode: ({ type, data }) => ({ type, data, schemaVersion: currentSchemaVersion(type) }),
  decode: (stored) => toUserAbsenceEnvelope(stored as RecordedEvent),
};
