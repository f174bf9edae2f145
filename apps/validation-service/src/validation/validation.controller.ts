import { Controller, Inject } from '@nestjs/common';
import { CLOCK, type Clock } from '@prestaflow/platform';
import { CommandReceipts, InternalRequest, type InternalCallInput, InternalCommandEndpoint, InternalCommandRunner, PrestationCommands, ReferenceChecks, UserAbsenceCommands, WorkerProfileCommands } from '@prestaflow/write-side';

/**
 * The validation service's internal API (ADR 0006), called by the gateway with the caller's token;
 * routes, caller roles and body schemas are `internalCommands` (@prestaflow/contracts):
 *   ValidateAsWorker    R5: the worker validates the version they saw (online only: the channel travels, APP when absent)
 *   ContestAsWorker     R5: the worker contests, with a reason code and text
 *   ValidateAsCompany   R16: the company validates what its worker encoded
 *   ConfirmAsUser       R7: the user confirms (also before the worker decides)
 *   ContestAsUser       R9, R18: the user contests, with a reason
 *   SetWorkerEmail      R11: the worker, or one of their companies, sets it
 *   DeclareUserAbsence  R17: the user declares a planned absence, {from, to}
 * Body: {"actor": {"id", "role"}, "data": {...}}; header Idempotency-Key on every call. Only the
 * prestation's own company, worker or user may decide (403 before the decider; the decider checks
 * the actor against the stream again). Answers 201 (200 for the PUT) {streamId, streamVersion,
 * status, events}; errors are the platform's 4xx JSON.
 */
@Controller()
export class ValidationController {
  private readonly commands: InternalCommandRunner;

  constructor(prestations: PrestationCommands, profiles: WorkerProfileCommands, absences: UserAbsenceCommands, receipts: CommandReceipts, references: ReferenceChecks, @Inject(CLOCK) clock: Clock) {
    this.commands = new InternalCommandRunner(receipts, references, clock, { prestation: prestations, worker: profiles, user: absences });
  }

  @InternalCommandEndpoint('ValidateAsWorker')
  validateAsWorker(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('ValidateAsWorker', call, ({ data, metadata }, prestationId) => ({ type: 'ValidateAsWorker', prestationId, data: { ...data, channel: data.channel ?? 'APP' }, metadata }));
  }

  @InternalCommandEndpoint('ContestAsWorker')
  contestAsWorker(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('ContestAsWorker', call, ({ data, metadata }, prestationId) => ({ type: 'ContestAsWorker', prestationId, data: { ...data, channel: data.channel ?? 'APP' }, metadata }));
  }

  @InternalCommandEndpoint('ValidateAsCompany')
  validateAsCompany(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('ValidateAsCompany', call, ({ data, metadata }, prestationId) => ({ type: 'ValidateAsCompany', prestationId, data, metadata }));
  }

  @InternalCommandEndpoint('ConfirmAsUser')
  confirmAsUser(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('ConfirmAsUser', call, ({ data, metadata }, prestationId) => ({ type: 'ConfirmAsUser', prestationId, data, metadata }));
  }

  @InternalCommandEndpoint('ContestAsUser')
  contestAsUser(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('ContestAsUser', call, ({ data, metadata }, prestationId) => ({ type: 'ContestAsUser', prestationId, data, metadata }));
  }

  @InternalCommandEndpoint('SetWorkerEmail')
  setWorkerEmail(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('SetWorkerEmail', call, ({ data, metadata }, workerId) => ({ type: 'SetWorkerEmail', workerId, data, metadata }));
  }

  /** The deadline service applies it to the user's prestations (ADR 0008); the decider checks the dates and that it is the user's own. */
  @InternalCommandEndpoint('DeclareUserAbsence')
  declareUserAbsence(@InternalRequest() call: InternalCallInput) {
    return this.commands.run('DeclareUserAbsence', call, ({ data, metadata }, userId) => ({ type: 'DeclareUserAbsence', userId, data, metadata }));
  }
}
