import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { type FromSchema } from 'json-schema-to-ts';
import { answerSchema, instantSchema, nullable, twelveDigits } from '@prestaflow/contracts';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { currentWorkerEmail } from './worker-email';

/** One of the company's workers with the e-mail address its notices go to (R11). */
export const companyWorkerSchema = answerSchema({
  workerId: twelveDigits,
  name: { type: 'string' },
  email: nullable({ type: 'string', description: "the address e-mails go to: the one set last (worker or company, R11), else the reference data's" }),
  setByWorker: { type: 'boolean', description: 'R11: set by the worker themselves, so the company can no longer change it' },
  bounce: nullable({ ...answerSchema({ detail: nullable({ type: 'string' }), bouncedAt: instantSchema }), description: 'the last bounce of this address for this company (the notification service records them)' }),
});
export type CompanyWorker = FromSchema<typeof companyWorkerSchema>;

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
  @ApiOperation({ summary: 'R11: the company\'s workers by name, with their e-mail address, who set it, and its bounce' })
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
