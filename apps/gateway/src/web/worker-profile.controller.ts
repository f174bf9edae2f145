import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { type FromSchema } from 'json-schema-to-ts';
import { answerSchema, idSchema, nullable, NotFoundError, twelveDigits } from '@prestaflow/contracts';
import { type Language, languages } from '@prestaflow/domain';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { currentWorkerEmail } from './worker-email';

/** GET /worker/profile's answer (R1, R11). */
export const workerProfileSchema = answerSchema({
  workerId: twelveDigits,
  name: { type: 'string' },
  language: { type: 'string', enum: languages, description: "the reference data's language: the app's and the e-mails' by default" },
  email: nullable({ type: 'string', description: 'R11: where the e-mails go now (set last by the worker or a company, else the reference data), or null' }),
  setByWorker: { type: 'boolean', description: 'R11: the worker set it, so their companies can no longer change it' },
  companies: { type: 'array', description: 'the companies that employ the worker, by name (the ones the worker may encode for, R1)', items: answerSchema({ companyId: idSchema, name: { type: 'string' } }) },
});
export type WorkerProfile = FromSchema<typeof workerProfileSchema>;

/** The worker app's profile screen and encode form (R1, R11; issue 11). */
@ApiTags('worker app')
@ApiBearerAuth()
@Controller('worker')
@UseGuards(AuthGuard)
@Roles('worker')
export class WorkerProfileController {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The token's worker: name and language from the reference data, the current e-mail address
   * (R11) and who set it, and the companies that employ them by name (what the encode form offers,
   * R1). 404 NOT_FOUND when the reference data does not know the worker.
   */
  @Get('profile')
  @ApiOperation({ summary: 'R1, R11: the worker\'s name, language, e-mail address (and who set it) and companies' })
  async profile(@CurrentActor() actor: Actor): Promise<WorkerProfile> {
    const [[worker], companies] = await Promise.all([
      this.dataSource.query('SELECT name, language, email FROM workers WHERE worker_id = $1', [actor.id]) as Promise<Array<{ name: string; language: Language; email: string | null }>>,
      this.dataSource.query(
        `SELECT c.company_id AS "companyId", c.name FROM companies c JOIN worker_employments e ON e.company_id = c.company_id
         WHERE e.worker_id = $1 ORDER BY c.name, c.company_id`,
        [actor.id],
      ) as Promise<Array<{ companyId: string; name: string }>>,
    ]);
    if (!worker) throw new NotFoundError('the reference data has no such worker');
    return { workerId: actor.id, name: worker.name, language: worker.language, ...(await currentWorkerEmail(this.dataSource, actor.id, worker.email)), companies };
  }
}
