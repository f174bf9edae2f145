import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { readUserAbsences } from '@prestaflow/write-side';
import { answerSchema, commandEndpoints, idempotencyKeySchema, instantSchema, localDateSchema } from '@prestaflow/contracts';
import { type FromSchema } from 'json-schema-to-ts';
import { language, PrestationViews } from '@prestaflow/views';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { type CommandCall, ForwardedCall, ForwardedCommand, InternalServices } from '../commands/internal-services';
import { namedItems } from '../openapi/responses';
import { ApiQueryParameters } from '../openapi/query-parameters';

/** R17: one declared absence, both dates included. */
export const absenceAnswer = answerSchema({ absenceId: { type: 'string' }, from: localDateSchema, to: localDateSchema, declaredAt: instantSchema });

/** The user's secure space: the user's own prestations only (the user id is the token's subject). */
@ApiTags('user space')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, schema: idempotencyKeySchema, description: 'required on every command (POST)' })
@Controller('user')
@UseGuards(AuthGuard)
@Roles('user')
export class UserController {
  constructor(
    private readonly services: InternalServices,
    private readonly views: PrestationViews,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * R7, R12: "En attente de validation" while the worker decides; R9: whether a contest is still
   * possible; R8, R17: when it confirms itself automatically (absences included), or null. Each
   * names the worker and the company (workerName, companyName: issue 11).
   */
  @Get('prestations')
  @ApiOperation({ summary: 'R7, R12: the user\'s prestations, "awaiting validation" while the worker decides, with when each confirms itself' })
  @ApiOkResponse({ description: `the user's prestations, each with ${namedItems}` })
  @ApiQueryParameters('language')
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.views.user(actor.id, language(query));
  }

  /** R17: the user declares a planned absence, {from, to} (dates, included); their running and coming windows are extended by it. */
  @ForwardedCommand(commandEndpoints.userDeclaresAbsence)
  declareAbsence(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.userDeclaresAbsence, call);
  }

  /** R17: the user's declared absences, from their stream in the event store (what the deadlines follow). */
  @Get('absences')
  @ApiOperation({ summary: 'R17: the user\'s declared absences' })
  async absences(@CurrentActor() actor: Actor): Promise<Array<FromSchema<typeof absenceAnswer>>> {
    return [...(await readUserAbsences(this.dataSource, actor.id)).absences];
  }

  /** R7: also before the worker decides. */
  @ForwardedCommand(commandEndpoints.userConfirms)
  confirm(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.userConfirms, call);
  }

  /** R9, R18: refused once confirmed (automatically or by the user). */
  @ForwardedCommand(commandEndpoints.userContests)
  contest(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.userContests, call);
  }
}
