import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { type Actor, type PrestationCommand, type UserAbsenceCommand, type WorkerProfileCommand, ValidationError } from '@prestaflow/contracts';
import { CallerRoles, CLOCK, type Clock } from '@prestaflow/platform';
import { CommandReceipts, integer, type InternalCommand, onOwnPrestation, PrestationCommands, prestationId, ReferenceChecks, runInternalCommand, text, UserAbsenceCommands, WorkerProfileCommands } from '@prestaflow/write-side';

/** R5: validating and contesting are online only; the channel travels so the decider refuses IVR. */
const channelOf = (data: Record<string, unknown>) => {
  const channel = data['channel'] ?? 'APP';
  if (channel !== 'APP' && channel !== 'IVR') throw new ValidationError('data.channel', 'must be APP or IVR');
  return channel;
};

/**
 * The validation service's internal API (ADR 0006), called by the gateway with the caller's token:
 *   POST /internal/prestations/:id/worker-validation   R5: the worker validates the version they saw
 *   POST /internal/prestations/:id/worker-contest      R5: the worker contests, with a reason code and text
 *   POST /internal/prestations/:id/company-validation  R16: the company validates what its worker encoded
 *   POST /internal/prestations/:id/user-confirmation   R7: the user confirms (also before the worker decides)
 *   POST /internal/prestations/:id/user-contest        R9, R18: the user contests, with a reason
 *   PUT  /internal/workers/:workerId/email             R11: the worker, or one of their companies, sets it
 *   POST /internal/users/:userId/absences              R17: the user declares a planned absence, {from, to}
 * Header Authorization: Bearer <the end user's token>, checked like the gateway checks it: 401
 * without a valid one, 403 for another role or a body actor that is not the token's (ADR 0018).
 * Body: {"actor": {"id", "role"}, "data": {...}}; header Idempotency-Key on every call. Only the
 * prestation's own worker or user may decide: the decider checks the actor against the stream.
 */
@Controller('internal')
export class ValidationController {
  constructor(
    private readonly prestations: PrestationCommands,
    private readonly profiles: WorkerProfileCommands,
    private readonly absences: UserAbsenceCommands,
    private readonly receipts: CommandReceipts,
    private readonly references: ReferenceChecks,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('prestations/:id/worker-validation')
  @CallerRoles('WORKER')
  @HttpCode(201)
  validateAsWorker(@Headers('idempotency-key') key: unknown, @Param('id') id: string, @Body() body: unknown) {
    return this.decide(key, id, body, ({ actor, data }, prestation) => ({
      type: 'ValidateAsWorker',
      prestationId: prestation,
      data: { version: integer(data, 'version'), channel: channelOf(data) },
      metadata: this.metadata(actor),
    }));
  }

  @Post('prestations/:id/worker-contest')
  @CallerRoles('WORKER')
  @HttpCode(201)
  contestAsWorker(@Headers('idempotency-key') key: unknown, @Param('id') id: string, @Body() body: unknown) {
    return this.decide(key, id, body, ({ actor, data }, prestation) => ({
      type: 'ContestAsWorker',
      prestationId: prestation,
      data: {
        version: integer(data, 'version'),
        channel: channelOf(data),
        reasonCode: data['reasonCode'] as never,
        text: text(data, 'text'),
        ...(data['proposedHours'] === undefined ? {} : { proposedHours: integer(data, 'proposedHours') }),
      },
      metadata: this.metadata(actor),
    }));
  }

  @Post('prestations/:id/company-validation')
  @CallerRoles('COMPANY')
  @HttpCode(201)
  validateAsCompany(@Headers('idempotency-key') key: unknown, @Param('id') id: string, @Body() body: unknown) {
    return this.decide(key, id, body, ({ actor, data }, prestation) => ({
      type: 'ValidateAsCompany',
      prestationId: prestation,
      data: { version: integer(data, 'version') },
      metadata: this.metadata(actor),
    }));
  }

  @Post('prestations/:id/user-confirmation')
  @CallerRoles('USER')
  @HttpCode(201)
  confirmAsUser(@Headers('idempotency-key') key: unknown, @Param('id') id: string, @Body() body: unknown) {
    return this.decide(key, id, body, ({ actor, data }, prestation) => ({
      type: 'ConfirmAsUser',
      prestationId: prestation,
      data: { version: integer(data, 'version') },
      metadata: this.metadata(actor),
    }));
  }

  @Post('prestations/:id/user-contest')
  @CallerRoles('USER')
  @HttpCode(201)
  contestAsUser(@Headers('idempotency-key') key: unknown, @Param('id') id: string, @Body() body: unknown) {
    return this.decide(key, id, body, ({ actor, data }, prestation) => ({
      type: 'ContestAsUser',
      prestationId: prestation,
      data: { version: integer(data, 'version'), reason: text(data, 'reason') },
      metadata: this.metadata(actor),
    }));
  }

  @Put('workers/:workerId/email')
  @CallerRoles('WORKER', 'COMPANY')
  @HttpCode(200)
  setWorkerEmail(@Headers('idempotency-key') key: unknown, @Param('workerId') workerId: string, @Body() body: unknown) {
    return runInternalCommand<WorkerProfileCommand>({
      receipts: this.receipts,
      key,
      body,
      streamId: () => {
        if (!/^\d{12}$/.test(workerId)) throw new ValidationError('workerId', 'must be 12 digits');
        return workerId;
      },
      build: async ({ actor, data }) => {
        if (actor.role === 'COMPANY') await this.references.requireEmployment(actor.id, workerId);
        return { type: 'SetWorkerEmail', workerId, data: { email: text(data, 'email') }, metadata: this.metadata(actor) };
      },
      execute: (command, correlationId, receipt) => this.profiles.execute(command, { correlationId }, receipt),
    });
  }

  /** The deadline service applies it to the user's prestations (ADR 0008); the decider checks the dates and that it is the user's own. */
  @Post('users/:userId/absences')
  @CallerRoles('USER')
  @HttpCode(201)
  declareUserAbsence(@Headers('idempotency-key') key: unknown, @Param('userId') userId: string, @Body() body: unknown) {
    return runInternalCommand<UserAbsenceCommand>({
      receipts: this.receipts,
      key,
      body,
      streamId: () => {
        if (!/^\d{12}$/.test(userId)) throw new ValidationError('userId', 'must be 12 digits');
        return userId;
      },
      build: ({ actor, data }) => ({ type: 'DeclareUserAbsence', userId, data: { from: text(data, 'from'), to: text(data, 'to') }, metadata: this.metadata(actor) }),
      execute: (command, correlationId, receipt) => this.absences.execute(command, { correlationId }, receipt),
    });
  }

  private metadata(actor: Actor) {
    return { now: this.clock.now().toISOString(), actor };
  }

  private decide(key: unknown, id: string, body: unknown, build: (request: InternalCommand, prestationId: string) => PrestationCommand) {
    return runInternalCommand<PrestationCommand>({
      receipts: this.receipts,
      key,
      body,
      streamId: () => prestationId(id, 'id'),
      build: onOwnPrestation(this.references, build),
      execute: (command, correlationId, receipt) => this.prestations.execute(command, { correlationId }, receipt),
    });
  }
}
