import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { type FromSchema } from 'json-schema-to-ts';
import { answerSchema, ForbiddenError, NotFoundError, ValidationError } from '@prestaflow/contracts';
import { tokenRoles } from '@prestaflow/platform';
import { importReferenceData, type ReferenceDataKind, referenceDataKinds } from '@prestaflow/reference-data';
import { auditTrail, PrestationViews } from '@prestaflow/views';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { type RequestBody } from './request';

/**
 * A prestation's audit trail, from the event store itself, for each audience under its own
 * prefix: /company/..., /worker/..., /user/..., /operator/... Only the prestation's own company,
 * worker or user (and operators) read it.
 */
@ApiTags('audit trail')
@ApiBearerAuth()
@Controller()
@UseGuards(AuthGuard)
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * {prestationId, events}: each event with its type, position, time, data and actor
   * {role, id, name}, the name the reference data's for a company, worker or user (looked up when
   * read, ADR 0028; issue 11), null for operators and the system. 403 FORBIDDEN for another
   * portal than the token's role; 404 NOT_FOUND for a portal that does not exist, and for an unknown
   * prestation or another's (the same answer: it does not confirm that it exists).
   */
  @Get(':portal/prestations/:id/audit')
  @ApiOperation({ summary: 'A prestation\'s events, each with its actor by name' })
  audit(@CurrentActor() actor: Actor, @Param('portal') portal: string, @Param('id') id: string) {
    if (!(tokenRoles as readonly string[]).includes(portal)) throw new NotFoundError(`no such portal: the audit trail is under /${tokenRoles.join('/, /')}/`);
    if (portal !== actor.role) throw new ForbiddenError(`this endpoint is for ${portal}; the token is a ${actor.role}'s`);
    return auditTrail(this.dataSource, id, actor);
  }
}

/** What an import did: the kind of reference data and how many lines it wrote. */
export const referenceDataImportAnswer = answerSchema({ kind: { type: 'string', enum: Object.keys(referenceDataKinds) as ReferenceDataKind[] }, imported: { type: 'integer', minimum: 0 } });

/** Operators: every company's share of company encodings (R15); reference data loaded from CSV. */
@ApiTags('operators')
@ApiBearerAuth()
@Controller('operator')
@UseGuards(AuthGuard)
@Roles('operator')
export class OperatorController {
  constructor(
    private readonly views: PrestationViews,
    private readonly dataSource: DataSource,
  ) {}

  @Get('shares')
  @ApiOperation({ summary: 'R15: every company\'s share of company-encoded prestations (operators)' })
  shares() {
    return this.views.allShares();
  }

  /**
   * The import command through the gateway: {"csv": "<file with its header line>"} for
   * companies, workers or users; all lines or none (400 listing every problem by line).
   */
  @Post('reference-data/:kind')
  @ApiOperation({ summary: 'Imports companies, workers or users from a CSV file, all lines or none (operators)' })
  @HttpCode(200)
  async importReferenceData(@Param('kind') kind: string, @Body() { csv }: RequestBody): Promise<FromSchema<typeof referenceDataImportAnswer>> {
    if (!Object.hasOwn(referenceDataKinds, kind)) throw new ValidationError('kind', `must be one of ${Object.keys(referenceDataKinds).join(', ')}`);
    return { kind: kind as ReferenceDataKind, imported: await importReferenceData(this.dataSource, kind as ReferenceDataKind, csv as string) };
  }
}
