import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { type FromSchema } from 'json-schema-to-ts';
import { answerSchema, twelveDigits, ValidationError } from '@prestaflow/contracts';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';

/** A household the company may encode for, by name (issue 11). */
export const companyUserSchema = answerSchema({ userId: twelveDigits, name: { type: 'string' } });
export type CompanyUser = FromSchema<typeof companyUserSchema>;

/** The company's encode form and its table's user filter pick the household by name (issue 11). */
@ApiTags('company portal')
@ApiBearerAuth()
@Controller('company')
@UseGuards(AuthGuard)
@Roles('company')
export class CompanyUsersController {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The users (households) the company may pick by name, ordered by name: the ones its
   * prestations name, plus the one whose exact 12-digit id is given as `userId`.
   *
   * Why not "the company's users": the reference data links workers to companies
   * (worker_employments) but not users; an encoding is accepted for any known user (R2,
   * libs/write-side reference-checks). Listing every user would hand each company the whole
   * register of households. So the list is the households the company already serves (its
   * prestations), and a new household is found by its exact id, which the company has from the
   * service-voucher contract: one name per id it already knows, no prefix search, nothing to
   * enumerate beyond what an encoding's 400 "no user known" tells already.
   *
   * 400 VALIDATION (field `userId`) when `userId` is not 12 digits; an unknown id adds nothing.
   */
  @Get('users')
  @ApiOperation({ summary: 'The users (households) of the company\'s prestations by name, and one more by its exact 12-digit id' })
  @ApiQuery({ name: 'userId', required: false, type: String, description: 'an exact 12-digit user id to look up besides the users of the company\'s prestations' })
  async users(@CurrentActor() actor: Actor, @Query('userId') userId?: string): Promise<CompanyUser[]> {
    if (userId !== undefined && !/^\d{12}$/.test(userId)) throw new ValidationError('userId', `"${String(userId).slice(0, 20)}" is not 12 digits`);
    return (await this.dataSource.query(
      // A union, not an OR: each half uses its index (the view's by company, the users' key).
      `SELECT user_id AS "userId", name FROM users WHERE user_id IN (SELECT user_id FROM prestation_views WHERE company_id = $1)
       UNION SELECT user_id, name FROM users WHERE user_id = $2
       ORDER BY name, "userId"`,
      [actor.id, userId ?? null],
    )) as CompanyUser[];
  }
}
