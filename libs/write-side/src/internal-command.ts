import { type Actor, actorRoles, prestationIdPattern, ValidationError } from '@prestaflow/contracts';

/**
 * The body of an internal command call (gateway -> encoding/validation service, ADR 0006):
 * who acts, as the gateway verified it, and the command's data. The service trusts the actor
 * (the internal network is not public) and lets the decider check ownership against the stream.
 */
export interface InternalCommand {
  readonly actor: Actor;
  readonly data: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseInternalCommand(body: unknown): InternalCommand {
  if (!isObject(body)) throw new ValidationError('body', 'must be a JSON object');
  const { actor, data } = body;
  if (!isObject(actor)) throw new ValidationError('actor', 'is required');
  if (typeof actor['id'] !== 'string' || actor['id'].length === 0) throw new ValidationError('actor.id', 'is required');
  if (!(actorRoles as readonly unknown[]).includes(actor['role'])) throw new ValidationError('actor.role', `must be one of ${actorRoles.join(', ')}`);
  if (!isObject(data)) throw new ValidationError('data', 'must be a JSON object');
  return { actor: { id: actor['id'], role: actor['role'] as Actor['role'] }, data };
}

const uuid = new RegExp(prestationIdPattern);

/** Prestation ids are chosen by the client (the idempotency of an encoding): a UUID. */
export function prestationId(value: unknown, field = 'prestationId'): string {
  if (typeof value !== 'string' || !uuid.test(value)) throw new ValidationError(field, 'must be a UUID chosen by the client');
  return value.toLowerCase();
}
