import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { currentWorkerEmail } from './worker-email';

export interface CompanyWorker {
  readonly workerId: string;
  readonly name: string;
  /** The address e-mails go to: the one set last (worker or company, R11), else the reference data's. */
  readonly email: string | null;
  /** R11: set by the worker themselves, so the company can no longer change it. */
  readonly setByWorker: boolean;
  /** The last bounce of this address for this company, if it bounced (the notification service records them). */
  readonly bounce: { readonly detail: string | null; readonly bouncedAt: string } | null;
}

/** The company portal's list of its workers with their e-mail addresses and bounces (R11; issue 11). */
@ApiTags('company portal')
@ApiBearerAuth()
@Controller('company')
@UseGuards(AuthGuard)
@Roles('company')
export class CompanyWorkersController {
  constructor(private readonly dataSource: DataSource) {}

  /** The company's workers by name: e-mail address as the notification service uses it, who set it, its bounce. */
  @Get('workers')
  async workers(@CurrentActor() actor: Actor): Promise<CompanyWorker[]> {
    const [workers, bounces] = await Promise.all([
      this.dataSource.query(
        `SELECT w.worker_id AS "workerId", w.name, w.email FROM workers w JOIN worker_employments e ON e.worker_id = w.worker_id
         WHERE e.company_id = $1 ORDER BY w.name, w.worker_id`,
        [actor.id],
      ) as Promise<Array<{ workerId: string; name: string; email: string | null }>>,
      this.dataSource.query(`SELECT address, detail, bounced_at AS "bouncedAt" FROM bounced_addresses WHERE company_id = $1`, [actor.id]) as Promise<
        Array<{ address: string; detail: string | null; bouncedAt: Date }>
      >,
    ]);
    return Promise.all(
      workers.map(async (worker) => {
        const { email, setByWorker } = await currentWorkerEmail(this.dataSource, worker.workerId, worker.email);
        const bounce = bounces.find((b) => b.address === email);
        return {
          workerId: worker.workerId,
          name: worker.name,
          email,
          setByWorker,
          bounce: bounce ? { detail: bounce.detail, bouncedAt: new Date(bounce.bouncedAt).toISOString() } : null,
        };
      }),
    );
  }
}
