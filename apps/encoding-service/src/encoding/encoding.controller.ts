import { Controller, Inject } from '@nestjs/common';
import { CLOCK, type Clock } from '@prestaflow/platform';
import { CommandReceipts, InternalRequest, type InternalCallInput, InternalCommandEndpoint, InternalCommandRunner, PrestationCommands, ReferenceChecks } from '@prestaflow/write-side';

/**
 * The encoding service's internal API (ADR 0006), called by the gateway with the caller's token;
 * routes, caller roles and body schemas are `internalCommands` (@prestaflow/contracts):
 *   EncodePrestation           R1: the worker encodes (channel APP or IVR)
 *   EncodePrestationForWorker  R2: the company encodes for its worker, with a reason
 *   CorrectPrestation          R3: the company corrects the version it saw
 *   CancelPrestation           the company cancels
 * Body: {"actor": {"id", "role"}, "data": {...}}; header Idempotency-Key on every call; a new
 * prestation's id (data.prestationId, a UUID) is chosen by the client. Answers 201
 * {streamId, streamVersion, status, events}; errors are the platform's 4xx JSON
 * (InternalCommandRunner: 400 naming the field, 401, 403, 404, 409, 412).
 */
@Controller()
export class EncodingController {
  private readonly commands: InternalCommandRunner;

  constructor(prestations: PrestationCommands, receipts: CommandReceipts, private readonly references: ReferenceChecks, @Inject(CLOCK) clock: Clock) {
    this.commands = new InternalCommandRunner(receipts, references, clock, { prestation: prestations });
  }

  /** The worker encodes for themselves; R19: the company's region comes with it. */
  @InternalCommandEndpoint('EncodePrestation')
  encode(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('EncodePrestation', call, async ({ actor, data: { prestationId: _id, channel, ...facts }, metadata }, prestationId) => {
      const region = await this.references.forEncoding({ ...facts, workerId: actor.id }, 'data.companyId');
      return { type: 'EncodePrestation', prestationId, data: { ...facts, workerId: actor.id, region, channel }, metadata };
    });
  }

  /** The company encodes for itself only (a companyId in the body is not taken). */
  @InternalCommandEndpoint('EncodePrestationForWorker')
  encodeForWorker(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('EncodePrestationForWorker', call, async ({ actor, data: { prestationId: _id, ...facts }, metadata }, prestationId) => {
      const region = await this.references.forEncoding({ ...facts, companyId: actor.id });
      return { type: 'EncodePrestationForWorker', prestationId, data: { ...facts, companyId: actor.id, region }, metadata };
    });
  }

  @InternalCommandEndpoint('CorrectPrestation')
  correct(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('CorrectPrestation', call, ({ data: { reason, ...data }, metadata }, prestationId) => ({
      type: 'CorrectPrestation',
      prestationId,
      data: { ...data, reason: reason ?? undefined },
      metadata,
    }));
  }

  @InternalCommandEndpoint('CancelPrestation')
  cancel(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('CancelPrestation', call, ({ data, metadata }, prestationId) => ({ type: 'CancelPrestation', prestationId, data, metadata }));
  }
}
