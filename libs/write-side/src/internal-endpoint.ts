import { applyDecorators, createParamDecorator, type ExecutionContext, HttpCode, RequestMapping, RequestMethod } from '@nestjs/common';
import {
  type Actor,
  type CommandMetadata,
  type CommandName,
  type CommandRequests,
  internalCommands,
  parseCommandRequest,
  type PrestationCommand,
  type UserAbsenceCommand,
  ValidationError,
  type WorkerProfileCommand,
} from '@prestaflow/contracts';
import { type ReceiptFor } from '@prestaflow/event-store';
import { CallerRoles, type Clock } from '@prestaflow/platform';
import { type CommandAnswer, type CommandReceipts, runInternalCommand } from './command-receipts';
import { prestationId } from './internal-command';
import { type ReferenceChecks } from './reference-checks';

/** What an internal command endpoint receives: the Idempotency-Key header, the path's parameters and the body, unparsed. */
export interface InternalCallInput {
  readonly key: unknown;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** The handler's parameter: the call as `InternalCallInput`. */
export const InternalRequest = createParamDecorator((_: unknown, context: ExecutionContext): InternalCallInput => {
  const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; params: Record<string, string>; body: unknown }>();
  return { key: request.headers['idempotency-key'], params: request.params ?? {}, body: request.body };
});

/**
 * The route of `command` as `internalCommands` lists it: its method and path, the token roles
 * it takes (401/403 otherwise, ADR 0018), 201 for a POST and 200 for a PUT. On a controller
 * without a prefix.
 */
export const InternalCommandEndpoint = (command: CommandName) => {
  const route = internalCommands[command];
  return applyDecorators(
    RequestMapping({ path: route.path, method: route.method === 'PUT' ? RequestMethod.PUT : RequestMethod.POST }),
    CallerRoles(...route.callers),
    HttpCode(route.method === 'PUT' ? 200 : 201),
  );
};

type AnyCommand = PrestationCommand | WorkerProfileCommand | UserAbsenceCommand;
export type CommandOf<Name extends CommandName> = Extract<AnyCommand, { type: Name }>;

/** A command call once checked: who acts, the data as its schema says, and the metadata of the command to build. */
export interface CheckedCommandRequest<Name extends CommandName> {
  readonly actor: Actor;
  readonly data: CommandRequests[Name];
  /** The actor and the instant of the clock (ADR 0012). */
  readonly metadata: CommandMetadata;
}

/** What the event store's command loop returns, as much as an answer needs. */
interface CommandStore<Command> {
  execute(command: Command, causation: { correlationId: string }, receipt: ReceiptFor<object>): Promise<{ version: number; state: object; events: ReadonlyArray<{ type: string; streamPosition: number }> }>;
}

/** The command loops a service runs: prestations always; worker profiles and user absences in the validation service. */
export interface CommandStores {
  readonly prestation: CommandStore<PrestationCommand>;
  readonly worker?: CommandStore<WorkerProfileCommand>;
  readonly user?: CommandStore<UserAbsenceCommand>;
}

const twelveDigits = (value: string | undefined, field: string): string => {
  if (value === undefined || !/^\d{12}$/.test(value)) throw new ValidationError(field, 'must be 12 digits');
  return value;
};

/**
 * Runs the internal command calls of a service (ADR 0006) by `internalCommands`: the key, the
 * body's actor and the stream id parsed (400 naming the field), the actor's right to the stream
 * checked (403: see `CommandStream`; 404 for a worker the reference data does not know), the data checked against its schema (400 naming
 * `data.<field>`), then the handler's command decided and stored once per key (ADR 0014).
 * Answers 201/200 {streamId, streamVersion, status, events}.
 */
export class InternalCommandRunner {
  constructor(
    private readonly receipts: CommandReceipts,
    private readonly references: ReferenceChecks,
    private readonly clock: Clock,
    private readonly stores: CommandStores,
  ) {}

  run<Name extends CommandName>(
    name: Name,
    call: InternalCallInput,
    build: (request: CheckedCommandRequest<Name>, streamId: string) => CommandOf<Name> | Promise<CommandOf<Name>>,
  ): Promise<CommandAnswer> {
    const { stream } = internalCommands[name];
    const store = (stream === 'new' ? this.stores.prestation : this.stores[stream]) as CommandStore<AnyCommand> | undefined;
    if (!store) throw new Error(`${name} needs the ${stream} command loop, which this service does not run`);
    return runInternalCommand<AnyCommand>({
      receipts: this.receipts,
      key: call.key,
      body: call.body,
      streamId: ({ data }) => {
        if (stream === 'new') return prestationId(data['prestationId'], 'data.prestationId');
        if (stream === 'prestation') return prestationId(call.params['id'], 'id');
        return twelveDigits(call.params[`${stream}Id`], `${stream}Id`);
      },
      build: async ({ actor, data }, streamId) => {
        if (stream === 'prestation') await this.references.requireOwnPrestation(streamId, actor);
        // A company learns only that the worker is not theirs (403), whether or not the worker exists.
        if (stream === 'worker') await (actor.role === 'COMPANY' ? this.references.requireEmployment(actor.id, streamId) : this.references.requireKnownWorker(streamId));
        return build({ actor, data: parseCommandRequest(name, data), metadata: { now: this.clock.now().toISOString(), actor } }, streamId);
      },
      execute: (command, correlationId, receipt) => store.execute(command, { correlationId }, receipt),
    });
  }
}
