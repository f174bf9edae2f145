import { type Actor, ForbiddenError, NotFoundError, type Region, ValidationError } from '@prestaflow/contracts';
import { type Sql } from '@prestaflow/event-store';
import { preparedStatement } from '@prestaflow/platform';

// Asked before every encoding and every command on a prestation: named prepared statements, so each
// connection plans them once (planning was most of the encoding's check, bench/README.md "Where item 6 ends").
const ENCODING_REFERENCES = `SELECT c.region,
        EXISTS (SELECT 1 FROM workers w WHERE w.worker_id = $2) AS worker_known,
        EXISTS (SELECT 1 FROM worker_employments e WHERE e.worker_id = $2 AND e.company_id = $1) AS employed,
        EXISTS (SELECT 1 FROM users u WHERE u.user_id = $3) AS user_known
 FROM (SELECT $1::text AS company_id) q LEFT JOIN companies c ON c.company_id = q.company_id`;
const PRESTATION_OWNERS = `SELECT data->>'companyId' AS company, data->>'workerId' AS worker, data->>'userId' AS user
 FROM events WHERE stream_id = $1 AND stream_position = 1`;

/**
 * The checks a command needs from the reference data (libs/reference-data's tables) before it
 * is decided: the people exist and the worker works for the company. Each refusal names the
 * field of the request, so nothing is written for an unknown or foreign worker, user, company.
 */
export class ReferenceChecks {
  private readonly encodingReferences: (values: unknown[]) => Promise<unknown>;
  private readonly prestationOwners: (values: unknown[]) => Promise<unknown>;

  constructor(private readonly sql: Sql) {
    this.encodingReferences = preparedStatement(sql, 'encoding_references', ENCODING_REFERENCES);
    this.prestationOwners = preparedStatement(sql, 'prestation_owners', PRESTATION_OWNERS);
  }

  /**
   * For an encoding: returns the company's region (R19). `chosen`: the field the one encoding picked,
   * which a refusal for a worker the company does not employ names: the company for a worker's
   * encoding, the worker for a company's (the default, and an import's).
   */
  async forEncoding(data: { companyId: unknown; workerId: unknown; userId: unknown }, chosen: 'data.companyId' | 'data.workerId' = 'data.workerId'): Promise<Region> {
    const [row] = (await this.encodingReferences([String(data.companyId ?? ''), String(data.workerId ?? ''), String(data.userId ?? '')])) as Array<{
      region: Region | null;
      worker_known: boolean;
      employed: boolean;
      user_known: boolean;
    }>;
    if (!row?.region) throw new ValidationError('data.companyId', `no company "${String(data.companyId ?? '')}" is known`, 'UNKNOWN_REFERENCE');
    if (!row.worker_known) throw new ValidationError('data.workerId', `no worker "${String(data.workerId ?? '')}" is known`, 'UNKNOWN_REFERENCE');
    if (!row.employed) throw new ValidationError(chosen, `worker ${String(data.workerId)} does not work for company ${String(data.companyId)}`);
    if (!row.user_known) throw new ValidationError('data.userId', `no user "${String(data.userId ?? '')}" is known`, 'UNKNOWN_REFERENCE');
    return row.region;
  }

  /**
   * A company, worker or user acts only on its own prestation (R5, R7): checked before the
   * decider, so a stranger learns nothing of the prestation's state (403, never a 409 or 412).
   * Who owns it is in its first event (an encoding or a legacy import).
   */
  async requireOwnPrestation(prestationId: string, actor: Actor): Promise<void> {
    const [owners] = (await this.prestationOwners([prestationId])) as Array<{ company: string; worker: string; user: string }>;
    if (!owners) throw new NotFoundError(`no prestation ${prestationId}`);
    const owner = { COMPANY: owners.company, WORKER: owners.worker, USER: owners.user }[actor.role as 'COMPANY' | 'WORKER' | 'USER'];
    if (actor.role !== 'OPERATOR' && actor.role !== 'SYSTEM' && owner !== actor.id) throw new ForbiddenError('this prestation is not yours');
  }

  /** A worker's profile command (R11) is for a worker the reference data knows: 404 NOT_FOUND otherwise. */
  async requireKnownWorker(workerId: string): Promise<void> {
    const rows = (await this.sql.query('SELECT 1 FROM workers WHERE worker_id = $1', [workerId])) as unknown[];
    if (rows.length === 0) throw new NotFoundError(`no worker ${workerId} is known`);
  }

  /** R11: a company sets the e-mail of its own workers only. */
  async requireEmployment(companyId: string, workerId: string): Promise<void> {
    const rows = (await this.sql.query('SELECT 1 FROM worker_employments WHERE worker_id = $1 AND company_id = $2', [workerId, companyId])) as unknown[];
    if (rows.length === 0) throw new ForbiddenError(`worker ${workerId} does not work for company ${companyId}`);
  }
}
