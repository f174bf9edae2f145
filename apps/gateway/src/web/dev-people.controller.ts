import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { type FromSchema } from 'json-schema-to-ts';
import { answerSchema, listOf } from '@prestaflow/contracts';
import { languageSchema } from '@prestaflow/views';
import { TokenVerifier } from '../auth/token-verifier';

const personSchema = answerSchema({ id: { type: 'string' }, name: { type: 'string' }, language: languageSchema });
/** The people of the reference data by role, by name, for the dev login; and the development operator. */
export const devPeopleSchema = answerSchema({ company: listOf(personSchema), worker: listOf(personSchema), user: listOf(personSchema), operator: listOf(personSchema) });
type Person = FromSchema<typeof personSchema>;

// Operators are not in the reference data (the identity provider knows them): one to log in as, in development.
const devOperator: Person = { id: 'ops', name: 'Ops', language: 'fr' };

/**
 * Development only (404 when the gateway is not its own issuer): the people of the reference
 * data, for the web app's dev login to pick one (issue 11). With a real identity provider
 * nobody is listed: the provider knows who logs in.
 */
@ApiTags('development')
@Controller('auth')
export class DevPeopleController {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly dataSource: DataSource,
  ) {}

  /** {company: [{id, name, language}], worker: [...], user: [...], operator: [the development operator]}, by name. */
  @Get('dev-people')
  @ApiOperation({ summary: 'Development only: the companies, workers and users one may log in as, by name' })
  async people(): Promise<FromSchema<typeof devPeopleSchema>> {
    if (!this.verifier.localIssuer) throw new NotFoundException({ code: 'NOT_FOUND', message: 'no local issuer: people log in with the configured identity provider' });
    const list = (table: string, column: string) => this.dataSource.query(`SELECT ${column} AS id, name, language FROM ${table} ORDER BY name, ${column}`) as Promise<Person[]>;
    const [company, worker, user] = await Promise.all([list('companies', 'company_id'), list('workers', 'worker_id'), list('users', 'user_id')]);
    return { company, worker, user, operator: [devOperator] };
  }
}
