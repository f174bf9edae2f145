import { Body, Controller, Get, Headers, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { readUserAbsences } from '@prestaflow/write-side';
import { idempotencyKeySchema } from '@prestaflow/contracts';
import { language, PrestationViews } from '@prestaflow/views';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { InternalServices } from '../commands/internal-services';
import { ApiQueryParameters } from '../openapi/query-parameters';
import { type RequestBody, segment } from './request';

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
   * possible; R8, R17: when it confirms itself automatically (absences included), or null.
   */
  @Get('prestations')
  @ApiQueryParameters('language')
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.views.user(actor.id, language(query));
  }

  /** R17: the user declares a planned absence, {from, to} (dates, included); their running and coming windows are extended by it. */
  @Post('absences')
  declareAbsence(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Body() body: RequestBody) {
    return this.services.send('validation', 'POST', `/internal/users/${segment(actor.id)}/absences`, actor, key, body);
  }

  /** R17: the user's declared absences, from their stream in the event store (what the deadlines follow). */
  @Get('absences')
  async absences(@CurrentActor() actor: Actor) {
    return (await readUserAbsences(this.dataSource, actor.id)).absences;
  }

  /** R7: also before the worker decides. */
  @Post('prestations/:id/confirmation')
  confirm(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Param('id') id: string, @Body() body: RequestBody) {
    return this.services.send('validation', 'POST', `/internal/prestations/${segment(id)}/user-confirmation`, actor, key, body);
  }

  /** R9, R18: refused once confirmed (automatically or by the user). */
  @Post('prestations/:id/contest')
  contest(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Param('id') id: string, @Body() body: RequestBody) {
    return this.services.send('validation', 'POST', `/internal/prestations/${segment(id)}/user-contest`, actor, key, body);
  }
}
