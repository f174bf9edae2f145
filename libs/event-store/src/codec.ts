import { type Message } from 'kafkajs';
import { EventDecodingError } from './errors';
import { type RecordedEvent } from './events';

/** The Kafka message of a recorded event: keyed by stream id, the event as JSON value. */
export function toMessage(event: RecordedEvent): Message {
  return {
    key: event.streamId,
    value: JSON.stringify(event),
    headers: { 'x-event-type': event.type, 'x-event-id': event.eventId, 'x-schema-version': String(event.schemaVersion) },
  };
}

const required: ReadonlyArray<[keyof RecordedEvent, string]> = [
  ['eventId', 'string'],
  ['streamId', 'string'],
  ['streamPosition', 'number'],
  ['globalPosition', 'number'],
  ['transactionId', 'string'],
  ['type', 'string'],
  ['schemaVersion', 'number'],
  ['actor', 'object'],
  ['occurredAt', 'string'],
  ['recordedAt', 'string'],
];

/** A message value (a Buffer, its JSON text, or the parsed object) back into a recorded event. */
export function decodeRecordedEvent(value: unknown): RecordedEvent {
  let parsed: unknown = value;
  try {
    if (Buffer.isBuffer(parsed)) parsed = parsed.toString('utf8');
    if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  } catch (error) {
    throw new EventDecodingError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new EventDecodingError('not a recorded event: not an object');
  for (const [field, type] of required) {
    const actual = (parsed as Record<string, unknown>)[field];
    if (typeof actual !== type || actual === null) throw new EventDecodingError(`not a recorded event: ${field} is not a ${type}`);
  }
  return parsed as RecordedEvent;
}
