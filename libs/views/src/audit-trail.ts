import { ForbiddenError, NotFoundError } from '@prestaflow/contracts';
import { EventStore, type Sql } from '@prestaflow/event-store';
import { toPrestationEnvelope } from '@prestaflow/event-codecs';
import { type AuditTrail } from './view-answers';

/** Who may read a prestation's trail: its company, worker, user, or any operator. */
export interface Reader {
  readonly role: 'company' | 'worker' | 'user' | 'operator';
  readonly id: string;
}

/**
 * A prestation's audit trail, read from the event store itself (not a view): every event with
 * its position, time, actor and data. Ownership comes from the first event, which names the
 * company, worker and user; a stranger is refused (403), an unknown prestation is 404.
 */
export async function auditTrail(sql: Sql, prestationId: string, reader: Reader): Promise<AuditTrail> {
  const { events } = await new EventStore(sql).readStream(prestationId);
  const envelopes = events.map((event) => toPrestationEnvelope(event));
  const first = envelopes[0];
  if (!first || (first.type !== 'PrestationEncoded' && first.type !== 'LegacyPrestationImported')) throw new NotFoundError(`no prestation ${prestationId}`);
  const owner = { company: first.data.companyId, worker: first.data.workerId, user: first.data.userId, operator: reader.id }[reader.role];
  if (owner !== reader.id) throw new ForbiddenError(`prestation ${prestationId} is not yours`);
  return {
    prestationId,
    events: envelopes.map(({ eventId, streamPosition, type, occurredAt, actor, schemaVersion, correlationId, data }) => ({
      eventId,
      streamPosition,
      type,
      occurredAt,
      actor,
      schemaVersion,
      correlationId,
      // A plain object (interfaces have no index signature); each event's data schema is its contract's (docs/asyncapi).
      data: { ...data },
    })),
  };
}
