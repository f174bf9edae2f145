import { NotFoundError } from '@prestaflow/contracts';
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
 * company, worker and user. An unknown prestation and another's get the same 404 NOT_FOUND
 * (like GET /company/prestations/{id}), which neither names the id nor says which it was.
 */
export async function auditTrail(sql: Sql, prestationId: string, reader: Reader): Promise<AuditTrail> {
  const { events } = await new EventStore(sql).readStream(prestationId);
  const envelopes = events.map((event) => toPrestationEnvelope(event));
  const first = envelopes[0];
  const encoded = first && (first.type === 'PrestationEncoded' || first.type === 'LegacyPrestationImported') ? first : undefined;
  const owner = encoded && { company: encoded.data.companyId, worker: encoded.data.workerId, user: encoded.data.userId, operator: reader.id }[reader.role];
  // Another's prestation answers as an unknown one, so that a stranger cannot tell it exists.
  if (!encoded || owner !== reader.id) throw new NotFoundError('no prestation you may read has this id');
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
