import { Body, Controller, Get, Headers, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { idempotencyKeySchema } from '@prestaflow/contracts';
import { activityOfIvrKey, language, PrestationViews } from '@prestaflow/views';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { InternalServices } from '../commands/internal-services';
import { ApiQueryParameters } from '../openapi/query-parameters';
import { type RequestBody, segment } from './request';

const brusselsToday = () => DateTime.now().setZone('Europe/Brussels').toISODate() as string;

/** The worker app: the worker's own prestations only (the worker id is the token's subject). */
@ApiTags('worker app')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, schema: idempotencyKeySchema, description: 'required on every command (POST, PUT)' })
@Controller('worker')
@UseGuards(AuthGuard)
@Roles('worker')
export class WorkerController {
  constructor(
    private readonly services: InternalServices,
    private readonly views: PrestationViews,
  ) {}

  /** R1: the worker encodes in the app; the company validates it (R16). */
  @Post('prestations')
  encode(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Body() body: RequestBody) {
    return this.services.send('encoding', 'POST', '/internal/encodings', actor, key, { ...body, channel: 'APP' });
  }

  /** The dashboard: what the worker still has to validate or contest, with its deadline. */
  @Get('prestations/to-validate')
  @ApiQueryParameters('language')
  toValidate(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.views.workerToValidate(actor.id, language(query));
  }

  /** R12, R13: 3 months of history, never cancelled, colour and legend, who encoded it. */
  @Get('history')
  @ApiQueryParameters('language')
  history(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.views.workerHistory(actor.id, brusselsToday(), language(query));
  }

  /** R5: online only (the app), the version the worker saw. */
  @Post('prestations/:id/validation')
  validate(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Param('id') id: string, @Body() body: RequestBody) {
    return this.services.send('validation', 'POST', `/internal/prestations/${segment(id)}/worker-validation`, actor, key, { ...body, channel: 'APP' });
  }

  /** R5: a reason code (WRONG_HOURS, WRONG_DATE, WRONG_ACTIVITY, NOT_PERFORMED, OTHER), a text, maybe other hours. */
  @Post('prestations/:id/contest')
  contest(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Param('id') id: string, @Body() body: RequestBody) {
    return this.services.send('validation', 'POST', `/internal/prestations/${segment(id)}/worker-contest`, actor, key, { ...body, channel: 'APP' });
  }

  /** R11: the worker sets their e-mail; from then on their companies can no longer change it. */
  @Put('email')
  setEmail(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Body() body: RequestBody) {
    return this.services.send('validation', 'PUT', `/internal/workers/${segment(actor.id)}/email`, actor, key, body);
  }
}

/**
 * The IVR entry point: the phone server calls it for the worker who keyed in their login (the
 * token is the worker's). Keys: hours 1 to 9, activity 1 to 4. It can encode, never validate (R5).
 */
@ApiTags('IVR')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, schema: idempotencyKeySchema, description: 'required on every command (POST)' })
@Controller('ivr')
@UseGuards(AuthGuard)
@Roles('worker')
export class IvrController {
  constructor(private readonly services: InternalServices) {}

  @Post('prestations')
  encode(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Body() body: RequestBody) {
    const { activityKey, ...facts } = body;
    return this.services.send('encoding', 'POST', '/internal/encodings', actor, key, { ...facts, activity: activityOfIvrKey(activityKey), channel: 'IVR' });
  }

  /** Passed on so that the decider refuses it by R5 and the phone menu can say why. */
  @Post('prestations/:id/validation')
  validate(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Param('id') id: string, @Body() body: RequestBody) {
    return this.services.send('validation', 'POST', `/internal/prestations/${segment(id)}/worker-validation`, actor, key, { ...body, channel: 'IVR' });
  }
}
