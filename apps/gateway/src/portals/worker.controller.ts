import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { commandEndpoints, idempotencyKeySchema } from '@prestaflow/contracts';
import { activityOfIvrKey, language, PrestationViews } from '@prestaflow/views';
import { type Actor } from '../auth/actor';
import { AuthGuard, CurrentActor, Roles } from '../auth/auth.guard';
import { type CommandCall, ForwardedCall, ForwardedCommand, InternalServices } from '../commands/internal-services';
import { namedItems } from '../openapi/responses';
import { ApiQueryParameters } from '../openapi/query-parameters';

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
  @ForwardedCommand(commandEndpoints.workerEncodes)
  encode(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.workerEncodes, call);
  }

  /** The dashboard: what the worker still has to validate or contest, with its deadline, the company's and the household's names (companyName, userName: issue 11). */
  @Get('prestations/to-validate')
  @ApiOperation({ summary: 'R5, R6: what the worker still has to validate or contest, with its deadline' })
  @ApiOkResponse({ description: `the prestations to validate, each with ${namedItems}` })
  @ApiQueryParameters('language')
  toValidate(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.views.workerToValidate(actor.id, language(query));
  }

  /** R12, R13: 3 months of history, never cancelled, colour and legend, who encoded it, the company's and the household's names (issue 11). */
  @Get('history')
  @ApiOperation({ summary: 'R12, R13: the worker\'s last 3 months, colour-coded, with who encoded each' })
  @ApiOkResponse({ description: `{today, language, legend, items}; each item with ${namedItems}` })
  @ApiQueryParameters('language')
  history(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.views.workerHistory(actor.id, brusselsToday(), language(query));
  }

  /** R5: online only (the app), the version the worker saw. */
  @ForwardedCommand(commandEndpoints.workerValidates)
  validate(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.workerValidates, call);
  }

  /** R5: a reason code (WRONG_HOURS, WRONG_DATE, WRONG_ACTIVITY, NOT_PERFORMED, OTHER), a text, maybe other hours. */
  @ForwardedCommand(commandEndpoints.workerContests)
  contest(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.workerContests, call);
  }

  /** R11: the worker sets their e-mail; from then on their companies can no longer change it. */
  @ForwardedCommand(commandEndpoints.workerSetsEmail)
  setEmail(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.workerSetsEmail, call);
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

  @ForwardedCommand(commandEndpoints.ivrEncodes)
  encode(@ForwardedCall() call: CommandCall) {
    const { activityKey, ...facts } = call.body;
    return this.services.forward(commandEndpoints.ivrEncodes, call, { ...facts, activity: activityOfIvrKey(activityKey) });
  }

  /** Passed on so that the decider refuses it by R5 and the phone menu can say why. */
  @ForwardedCommand(commandEndpoints.ivrValidates)
  validate(@ForwardedCall() call: CommandCall) {
    return this.services.forward(commandEndpoints.ivrValidates, call);
  }
}
