import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { type Actor, type PrestationCommand, ValidationError } from '@prestaflow/contracts';
import { CallerRoles, CLOCK, type Clock } from '@prestaflow/platform';
import { CommandReceipts, integer, type InternalCommand, onOwnPrestation, optionalText, PrestationCommands, prestationId, ReferenceChecks, runInternalCommand, text } from '@prestaflow/write-side';

/** The facts of a new prestation; the decider checks their values and names the field. */
const factsOf = (data: Record<string, unknown>) => ({
  companyId: data['companyId'] as string,
  workerId: data['workerId'] as string,
  userId: data['userId'] as string,
  serviceDate: data['serviceDate'] as string,
  hours: data['hours'] as number,
  activity: data['activity'] as never,
});

const newPrestation = (request: InternalCommand) => prestationId(request.data['prestationId'], 'data.prestationId');

/**
 * The encoding service's internal API (ADR 0006), called by the gateway with the caller's token:
 *   POST /internal/encodings                     R1: the worker encodes (channel APP or IVR)
 *   POST /internal/company-encodings             R2: the company encodes for its worker, with a reason
 *   POST /internal/prestations/:id/corrections   R3: the company corrects the version it saw
 *   POST /internal/prestations/:id/cancellation  the company cancels
 * Header Authorization: Bearer <the end user's token>, checked like the gateway checks it: 401
 * without a valid one, 403 for another role or a body actor that is not the token's (ADR 0018).
 * Body: {"actor": {"id", "role"}, "data": {...}}; header Idempotency-Key on every call; a new
 * prestation's id (data.prestationId, a UUID) is chosen by the client.
 * Answers 201 {streamId, streamVersion, status, events}; errors are the platform's 4xx JSON.
 */
@Controller('internal')
export class EncodingController {
  constructor(
    private readonly commands: PrestationCommands,
    private readonly receipts: CommandReceipts,
    private readonly references: ReferenceChecks,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('encodings')
  @CallerRoles('WORKER')
  @HttpCode(201)
  encode(@Headers('idempotency-key') key: unknown, @Body() body: unknown) {
    return this.run(key, body, newPrestation, async ({ actor, data }, id) => {
      const channel = data['channel'];
      if (channel !== 'APP' && channel !== 'IVR') throw new ValidationError('data.channel', 'must be APP or IVR');
      const facts = { ...factsOf(data), workerId: actor.id };
      const region = await this.references.forEncoding(facts);
      return { type: 'EncodePrestation', prestationId: id, data: { ...facts, region, channel }, metadata: this.metadata(actor) };
    });
  }

  @Post('company-encodings')
  @CallerRoles('COMPANY')
  @HttpCode(201)
  encodeForWorker(@Headers('idempotency-key') key: unknown, @Body() body: unknown) {
    return this.run(key, body, newPrestation, async ({ actor, data }, id) => {
      const facts = { ...factsOf(data), companyId: actor.id };
      const reason = text(data, 'reason');
      const region = await this.references.forEncoding(facts);
      return { type: 'EncodePrestationForWorker', prestationId: id, data: { ...facts, region, reason }, metadata: this.metadata(actor) };
    });
  }

  @Post('prestations/:id/corrections')
  @CallerRoles('COMPANY')
  @HttpCode(201)
  correct(@Headers('idempotency-key') key: unknown, @Param('id') id: string, @Body() body: unknown) {
    return this.runOnOwn(key, body, id, ({ actor, data }, prestation) => ({
      type: 'CorrectPrestation',
      prestationId: prestation,
      data: (({ serviceDate, hours, activity }) => ({ version: integer(data, 'version'), serviceDate, hours, activity, reason: optionalText(data, 'reason') }))(factsOf(data)),
      metadata: this.metadata(actor),
    }));
  }

  @Post('prestations/:id/cancellation')
  @CallerRoles('COMPANY')
  @HttpCode(201)
  cancel(@Headers('idempotency-key') key: unknown, @Param('id') id: string, @Body() body: unknown) {
    return this.runOnOwn(key, body, id, ({ actor, data }, prestation) => ({
      type: 'CancelPrestation',
      prestationId: prestation,
      data: { reason: text(data, 'reason') },
      metadata: this.metadata(actor),
    }));
  }

  private metadata(actor: Actor) {
    return { now: this.clock.now().toISOString(), actor };
  }

  /** A command on an existing prestation: only its own company's (403 before the decider sees it). */
  private runOnOwn(key: unknown, body: unknown, id: string, build: (request: InternalCommand, prestationId: string) => PrestationCommand) {
    return this.run(key, body, () => prestationId(id, 'id'), onOwnPrestation(this.references, build));
  }

  private run(
    key: unknown,
    body: unknown,
    streamId: (request: InternalCommand) => string,
    build: (request: InternalCommand, prestationId: string) => Promise<PrestationCommand> | PrestationCommand,
  ) {
    return runInternalCommand({ receipts: this.receipts, key, body, streamId, build, execute: (command, correlationId, receipt) => this.commands.execute(command, { correlationId }, receipt) });
  }
}
