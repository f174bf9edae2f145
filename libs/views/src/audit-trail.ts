import { type Actor, NotFoundError } from '@prestaflow/contracts';
import { EventStore, type Sql } from '@prestaflow/event-store';
import { toPrestationEnvelope } from '@prestaflow/event-codecs';
import { type AuditTrail } from './view-answers';

/** Who may read a prestation's trail: its company, worker, user, or any operator. */
export interface Reader {
  readonly role: 'company' | 'worker' | 'user' | 'operator';
  readonly id: string;
}

/**
 * The reference data's names of the companies, workers and users among the actors, keyed
 * `ROLE:id` (issue 11: "by Aïcha", not "by the worker"), looked up when read like the views'
 * (ADR 0028). Operators and the system have none.
 */
async function actorNames(sql: Sql, actors: readonly Actor[]): Promise<Map<string, string>> {
  const ids = (role: Actor['role']) => [...new Set(actors.filter((actor) => actor.role === role).map((actor) => actor.id))];
  const rows = (await sql.query(
    `SELECT 'COMPANY' AS role, company_id AS id, name FROM companies WHERE company_id = ANY($1)
     UNION ALL SELECT 'WORKER', worker_id, name FROM workers WHERE worker_id = ANY($2)
     UNION ALL SELECT 'USER', user_id, name FROM users WHERE user_id = ANY($3)`,
    [ids('COMPANY'), ids('WORKER'), ids('USER')],
  )) as Array<{ role: string; id: string; name: string }>;
  return new Map(rows.map((row) => [`${row.role}:${row.id}`, row.name]));
}

/**
 * A prestation's audit trail, read from the event store itself (not a view): every event with
 * its position, time, actor (with the reference data's name, or null) and data. Ownership comes from the first event, which names the
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
  const names = await actorNames(sql, envelopes.map((envelope) => envelope.actor));
  return {
    prestationId,
    events: envelopes.map(({ eventId, streamPosition, type, occurredAt, actor, schemaVersion, correlationId, data }) => ({
      eventId,
      streamPosition,
      type,
      occurredAt,
      actor: { ...actor, name: names.get(`${actor.role}:${actor.id}`) ?? null },
      schemaVersion,
      correlationId,
      // A plain object (interfaces have no index signature); each event's data schema is its contract's (docs/asyncapi).
      data: { ...data },
    })),
  };
}
