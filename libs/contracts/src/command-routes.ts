import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type ActorRole, type WorkerChannel } from './common';
import { ValidationError } from './errors';
import { schemaProblem } from './schema-messages';
import {
  type CancelPrestation,
  type ConfirmAsUser,
  type ContestAsUser,
  type ContestAsWorker,
  type CorrectPrestation,
  type EncodePrestation,
  type EncodePrestationForWorker,
  type ValidateAsCompany,
  type ValidateAsWorker,
} from './commands/prestation-commands';
import { type DeclareUserAbsence } from './commands/user-absence-commands';
import { type SetWorkerEmail } from './commands/worker-profile-commands';
import {
  cancellationBody,
  companyEncodingBody,
  correctionBody,
  ivrEncodingBody,
  userAbsenceBody,
  userContestBody,
  versionBody,
  workerContestBody,
  workerEmailBody,
  workerEncodingBody,
} from './request-bodies';

type NewPrestationRequest = { readonly prestationId: string };

/**
 * The `data` of each internal command call (ADR 0006), as the service takes it once checked
 * against `internalCommands[command].data`: the command's own data, less what the service adds
 * (the actor's own id, the company's region) and with the client-chosen id of a new prestation.
 */
export interface CommandRequests {
  EncodePrestation: NewPrestationRequest & Pick<EncodePrestation['data'], 'companyId' | 'userId' | 'serviceDate' | 'hours' | 'activity' | 'channel'>;
  EncodePrestationForWorker: NewPrestationRequest & Pick<EncodePrestationForWorker['data'], 'workerId' | 'userId' | 'serviceDate' | 'hours' | 'activity' | 'reason'>;
  CorrectPrestation: Omit<CorrectPrestation['data'], 'reason'> & { readonly reason?: string | null };
  CancelPrestation: CancelPrestation['data'];
  ValidateAsWorker: Omit<ValidateAsWorker['data'], 'channel'> & { readonly channel?: WorkerChannel };
  ContestAsWorker: Omit<ContestAsWorker['data'], 'channel'> & { readonly channel?: WorkerChannel };
  ValidateAsCompany: ValidateAsCompany['data'];
  ConfirmAsUser: ConfirmAsUser['data'];
  ContestAsUser: ContestAsUser['data'];
  SetWorkerEmail: SetWorkerEmail['data'];
  DeclareUserAbsence: DeclareUserAbsence['data'];
}
export type CommandName = keyof CommandRequests;

/**
 * Which stream a command addresses, hence where its id comes from and who may address it:
 * - `new`: a new prestation, its id `data.prestationId` chosen by the client (a UUID);
 * - `prestation`: the path's `:id`, a prestation the actor must own (its company, worker or
 *   user: 403 before the decider, so a stranger learns nothing of its state);
 * - `worker`: the path's `:workerId` (12 digits), the worker's profile: a company only for its own workers (R11);
 * - `user`: the path's `:userId` (12 digits), the user's absences: the decider checks it is the actor's own (R17).
 */
export type CommandStream = 'new' | 'prestation' | 'worker' | 'user';

/** One internal command endpoint of the encoding or validation service (ADR 0006). */
export interface InternalCommandRoute {
  readonly service: 'encoding' | 'validation';
  readonly method: 'POST' | 'PUT';
  /** Nest's form, `:name` for a parameter; the gateway fills it in (see `commandEndpoints`). */
  readonly path: string;
  /** The token roles the service takes (CallerGuard, ADR 0018). */
  readonly callers: readonly ActorRole[];
  readonly stream: CommandStream;
  /** JSON Schema of the body's `data`; other properties are ignored. */
  readonly data: object;
}

/** R5: the channel a worker's command came by; the gateway sets it from the route, the decider refuses the IVR where R5 says so. */
const channel = { type: 'string', enum: ['APP', 'IVR'] } as const;
const withChannel = <Schema extends { required: readonly string[]; properties: object }>(schema: Schema, required: boolean) => ({
  ...schema,
  required: required ? [...schema.required, 'channel'] : schema.required,
  properties: { ...schema.properties, channel },
});

/**
 * Every internal command endpoint, by the command it runs: the services route and check their
 * calls by it, the gateway builds its calls from it, so a path is written once. The body is
 * `{"actor": {"id", "role"}, "data": {...}}` with the caller's bearer token and an Idempotency-Key.
 */
export const internalCommands = {
  /** R1: the worker encodes (channel APP or IVR). */
  EncodePrestation: { service: 'encoding', method: 'POST', path: '/internal/encodings', callers: ['WORKER'], stream: 'new', data: withChannel(workerEncodingBody, true) },
  /** R2: the company encodes for its worker, with a reason. */
  EncodePrestationForWorker: { service: 'encoding', method: 'POST', path: '/internal/company-encodings', callers: ['COMPANY'], stream: 'new', data: companyEncodingBody },
  /** R3: the company corrects the version it saw. */
  CorrectPrestation: { service: 'encoding', method: 'POST', path: '/internal/prestations/:id/corrections', callers: ['COMPANY'], stream: 'prestation', data: correctionBody },
  CancelPrestation: { service: 'encoding', method: 'POST', path: '/internal/prestations/:id/cancellation', callers: ['COMPANY'], stream: 'prestation', data: cancellationBody },
  /** R5: the worker validates the version they saw (online only: the channel travels). */
  ValidateAsWorker: { service: 'validation', method: 'POST', path: '/internal/prestations/:id/worker-validation', callers: ['WORKER'], stream: 'prestation', data: withChannel(versionBody, false) },
  /** R5: the worker contests, with a reason code and text. */
  ContestAsWorker: { service: 'validation', method: 'POST', path: '/internal/prestations/:id/worker-contest', callers: ['WORKER'], stream: 'prestation', data: withChannel(workerContestBody, false) },
  /** R16: the company validates what its worker encoded. */
  ValidateAsCompany: { service: 'validation', method: 'POST', path: '/internal/prestations/:id/company-validation', callers: ['COMPANY'], stream: 'prestation', data: versionBody },
  /** R7: the user confirms (also before the worker decides). */
  ConfirmAsUser: { service: 'validation', method: 'POST', path: '/internal/prestations/:id/user-confirmation', callers: ['USER'], stream: 'prestation', data: versionBody },
  /** R9, R18: the user contests, with a reason. */
  ContestAsUser: { service: 'validation', method: 'POST', path: '/internal/prestations/:id/user-contest', callers: ['USER'], stream: 'prestation', data: userContestBody },
  /** R11: the worker, or one of their companies, sets it. */
  SetWorkerEmail: { service: 'validation', method: 'PUT', path: '/internal/workers/:workerId/email', callers: ['WORKER', 'COMPANY'], stream: 'worker', data: workerEmailBody },
  /** R17: the user declares a planned absence, {from, to}; the deadline service applies it (ADR 0008). */
  DeclareUserAbsence: { service: 'validation', method: 'POST', path: '/internal/users/:userId/absences', callers: ['USER'], stream: 'user', data: userAbsenceBody },
} as const satisfies Record<CommandName, InternalCommandRoute>;

/**
 * One command of the gateway's public API (ADR 0006, 0009): `method /portal/path` for the token
 * role `role`, its body checked against `body` (and published in the OpenAPI document), then
 * forwarded to `internalCommands[command]`. A parameter of the internal path that the public
 * path does not have is the caller's own id (`PUT /worker/email` sets the caller's e-mail).
 * `channel`: set by the route, never by the client (R5).
 */
export interface CommandEndpoint {
  readonly role: 'COMPANY' | 'WORKER' | 'USER';
  readonly method: 'POST' | 'PUT';
  /** The controller's prefix, lower case: company, worker, ivr, user. */
  readonly portal: string;
  /** Under the portal, Nest's form. */
  readonly path: string;
  readonly command: CommandName;
  readonly body: object;
  readonly channel?: WorkerChannel;
  /** One line for the gateway's OpenAPI document: what the command does, and its rule. */
  readonly summary: string;
}

/** The gateway's commands, each forwarded to one internal command endpoint. */
export const commandEndpoints = {
  companyEncodes: { role: 'COMPANY', method: 'POST', portal: 'company', path: 'prestations', command: 'EncodePrestationForWorker', body: companyEncodingBody, summary: 'R2: the company encodes a prestation for its worker, exceptionally, with a reason; the worker validates it' },
  companyCorrects: { role: 'COMPANY', method: 'POST', portal: 'company', path: 'prestations/:id/corrections', command: 'CorrectPrestation', body: correctionBody, summary: 'R3: the company corrects the version it saw; the worker validates it again' },
  companyValidates: { role: 'COMPANY', method: 'POST', portal: 'company', path: 'prestations/:id/validation', command: 'ValidateAsCompany', body: versionBody, summary: 'R16: the company validates a prestation its worker encoded' },
  companyCancels: { role: 'COMPANY', method: 'POST', portal: 'company', path: 'prestations/:id/cancellation', command: 'CancelPrestation', body: cancellationBody, summary: 'R5, R18: the company cancels a prestation (a contested one, say), with a reason' },
  companySetsWorkerEmail: { role: 'COMPANY', method: 'PUT', portal: 'company', path: 'workers/:workerId/email', command: 'SetWorkerEmail', body: workerEmailBody, summary: 'R11: the company sets its worker\'s e-mail address, until the worker sets their own' },
  workerEncodes: { role: 'WORKER', method: 'POST', portal: 'worker', path: 'prestations', command: 'EncodePrestation', body: workerEncodingBody, channel: 'APP', summary: 'R1: the worker encodes a prestation in the app; the company validates it' },
  workerValidates: { role: 'WORKER', method: 'POST', portal: 'worker', path: 'prestations/:id/validation', command: 'ValidateAsWorker', body: versionBody, channel: 'APP', summary: 'R5: the worker validates, online, the version they saw' },
  workerContests: { role: 'WORKER', method: 'POST', portal: 'worker', path: 'prestations/:id/contest', command: 'ContestAsWorker', body: workerContestBody, channel: 'APP', summary: 'R5: the worker contests, with a reason code, a text and maybe other hours' },
  workerSetsEmail: { role: 'WORKER', method: 'PUT', portal: 'worker', path: 'email', command: 'SetWorkerEmail', body: workerEmailBody, summary: 'R11: the worker sets their own e-mail address; their companies no longer may' },
  ivrEncodes: { role: 'WORKER', method: 'POST', portal: 'ivr', path: 'prestations', command: 'EncodePrestation', body: ivrEncodingBody, channel: 'IVR', summary: 'R1: the worker encodes a prestation by phone (IVR), the activity as a key 1-4' },
  ivrValidates: { role: 'WORKER', method: 'POST', portal: 'ivr', path: 'prestations/:id/validation', command: 'ValidateAsWorker', body: versionBody, channel: 'IVR', summary: 'R5: a validation by phone, refused (online only), so that the phone menu can say why' },
  userDeclaresAbsence: { role: 'USER', method: 'POST', portal: 'user', path: 'absences', command: 'DeclareUserAbsence', body: userAbsenceBody, summary: 'R17: the user declares a planned absence (both dates included); their windows are extended by it' },
  userConfirms: { role: 'USER', method: 'POST', portal: 'user', path: 'prestations/:id/confirmation', command: 'ConfirmAsUser', body: versionBody, summary: 'R7: the user confirms a prestation, also before the worker decides' },
  userContests: { role: 'USER', method: 'POST', portal: 'user', path: 'prestations/:id/contest', command: 'ContestAsUser', body: userContestBody, summary: 'R9, R18: the user contests, with a reason; refused once it is confirmed' },
} as const satisfies Record<string, CommandEndpoint>;

/** A JSON Schema error as a ValidationError naming its field by `fieldOf` (the path of property names to it). */
export function schemaError(error: ErrorObject, fieldOf: (path: readonly string[]) => string): ValidationError {
  const path = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required') path.push(error.params['missingProperty'] as string);
  if (path.length === 0) return new ValidationError('body', 'must be a JSON object');
  const field = fieldOf(path);
  if (error.keyword === 'required') return new ValidationError(field, 'is required');
  if (error.keyword === 'enum') return new ValidationError(field, `must be one of ${(error.params['allowedValues'] as unknown[]).join(', ')}`);
  const { problem, reason, limit } = schemaProblem(error);
  return new ValidationError(field, problem, reason, limit);
}

// Properties the schema does not name are dropped from a copy: the command is built from what the schema checked.
const ajv = addFormats(new Ajv({ removeAdditional: 'all', strictRequired: false }));
const dataValidators = Object.fromEntries(Object.entries(internalCommands).map(([command, route]) => [command, ajv.compile(route.data)])) as Record<CommandName, ValidateFunction>;

/**
 * The `data` of an internal call of `command`, checked against its schema (the one the gateway
 * checks the public body against, plus the channel): a copy without the properties the schema
 * does not name, or a ValidationError naming `data.<field>` (400) for the first problem.
 */
export function parseCommandRequest<Command extends CommandName>(command: Command, data: unknown): CommandRequests[Command] {
  const validate = dataValidators[command];
  const copy: unknown = structuredClone(data);
  if (!validate(copy)) throw schemaError((validate.errors as [ErrorObject])[0], (path) => ['data', ...path].join('.'));
  return copy as CommandRequests[Command];
}
