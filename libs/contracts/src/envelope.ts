import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EnvelopeFields } from './common';
import { ValidationError } from './errors';
import { schemaMessage } from './schema-messages';
import {
  prestationEventContracts,
  userAbsenceEventContracts,
  workerProfileEventContracts,
  type EventContract,
  type PrestationEvent,
  type UserAbsenceEvent,
  type WorkerProfileEvent,
} from './events';
import { actorSchema, idSchema, instantSchema, localDateSchema } from './schema';
import { requireStorableText } from './storable-text';

/** A prestation event as recorded and published: the decided payload plus what the store adds. */
export type PrestationEventEnvelope<E extends PrestationEvent = PrestationEvent> = E &
  EnvelopeFields & { readonly prestationId: string };

/** A worker profile event as recorded and published. */
export type WorkerProfileEventEnvelope<E extends WorkerProfileEvent = WorkerProfileEvent> = E &
  EnvelopeFields & { readonly workerId: string };

/** A user-absence event as recorded and published; `userId` is the user's, not the stream id. */
export type UserAbsenceEventEnvelope<E extends UserAbsenceEvent = UserAbsenceEvent> = E &
  EnvelopeFields & { readonly userId: string };

const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false });
addFormats(ajv);

const validateLocalDate = ajv.compile(localDateSchema);
/** Whether `value` is a day the contracts take (`localDateSchema`): for the date filters of the views. */
export const isPlatformDate = (value: unknown): value is string => validateLocalDate(value);

function envelopeSchema(streamKey: string, types: readonly string[]) {
  const nullableId = { anyOf: [idSchema, { type: 'null' }] };
  return {
    type: 'object',
    required: [
      'eventId',
      streamKey,
      'streamPosition',
      'occurredAt',
      'actor',
      'schemaVersion',
      'correlationId',
      'causationId',
      'type',
      'data',
    ],
    additionalProperties: false,
    properties: {
      eventId: idSchema,
      [streamKey]: idSchema,
      streamPosition: { type: 'integer', minimum: 1 },
      occurredAt: instantSchema,
      actor: actorSchema,
      schemaVersion: { type: 'integer', minimum: 1 },
      correlationId: nullableId,
      causationId: nullableId,
      type: { type: 'string', enum: types },
      data: { type: 'object' },
    },
  };
}

/** `/data/hours` + "must be <= 9" -> `data.hours: must be <= 9`, so the message names the field. */
function toValidationError(error: ErrorObject, prefix: string): ValidationError {
  const path = [prefix, ...error.instancePath.split('/').filter(Boolean)].filter(Boolean);
  if (error.keyword === 'required') {
    return new ValidationError([...path, error.params['missingProperty']].join('.'), 'is required');
  }
  if (error.keyword === 'additionalProperties') {
    return new ValidationError([...path, error.params['additionalProperty']].join('.'), 'is not allowed');
  }
  const allowed = error.keyword === 'enum' ? ` ${JSON.stringify(error.params['allowedValues'])}` : '';
  return new ValidationError(path.join('.') || 'event', `${schemaMessage(error)}${allowed}`);
}

function check(validate: ValidateFunction, value: unknown, prefix: string): void {
  if (!validate(value)) throw toValidationError((validate.errors as ErrorObject[])[0], prefix);
}

type Parsed = Record<string, unknown> & { type: string; schemaVersion: number; data: Record<string, unknown> };

/**
 * A parser for one stream's events: validates the envelope and that PostgreSQL can store every
 * text in it, upcasts the data from its schema version to the latest one, then validates the
 * data against the latest schema.
 */
function eventParser<Result>(streamKey: string, contracts: readonly EventContract[]): (raw: unknown) => Result {
  const validateEnvelope = ajv.compile(envelopeSchema(streamKey, contracts.map((contract) => contract.type)));
  const byType = new Map(contracts.map((contract) => [contract.type, { contract, validate: ajv.compile(contract.schema) }]));
  return (raw) => {
    check(validateEnvelope, raw, '');
    requireStorableText(raw, '');
    const event = raw as Parsed;
    const { contract, validate } = byType.get(event.type) as { contract: EventContract; validate: ValidateFunction };
    if (event.schemaVersion > contract.schemaVersion) {
      throw new ValidationError('schemaVersion', `must be <= ${contract.schemaVersion} for ${contract.type}`);
    }
    let data = event.data;
    for (let version = event.schemaVersion; version < contract.schemaVersion; version += 1) {
      data = contract.upcasters[version](data);
    }
    check(validate, data, 'data');
    return { ...event, schemaVersion: contract.schemaVersion, data } as Result;
  };
}

/** Validates a prestation event from any boundary; throws a `ValidationError` naming the field. */
export const parsePrestationEvent: (raw: unknown) => PrestationEventEnvelope = eventParser(
  'prestationId',
  prestationEventContracts,
);

/** Validates a worker profile event from any boundary; throws a `ValidationError` naming the field. */
export const parseWorkerProfileEvent: (raw: unknown) => WorkerProfileEventEnvelope = eventParser(
  'workerId',
  workerProfileEventContracts,
);

/** Validates a user-absence event from any boundary (R17); throws a `ValidationError` naming the field. */
export const parseUserAbsenceEvent: (raw: unknown) => UserAbsenceEventEnvelope = eventParser('userId', userAbsenceEventContracts);

/** The latest schema version of an event type, for the event store to stamp on new events. */
export function currentSchemaVersion(type: PrestationEvent['type'] | WorkerProfileEvent['type'] | UserAbsenceEvent['type']): number {
  return [...prestationEventContracts, ...workerProfileEventContracts, ...userAbsenceEventContracts].find((contract) => contract.type === type)
    ?.schemaVersion as number;
}
