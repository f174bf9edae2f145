import { type components } from './openapi';

/**
 * Names for the gateway's answers that the screens spell out: each is a schema the gateway
 * publishes in its OpenAPI document (components/schemas), as openapi-typescript generated it into
 * openapi.d.ts (regenerate: npm run api-types). The other answers are typed through `call`.
 */
type Schemas = components['schemas'];

export type CompanyItem = Schemas['CompanyItem'];
export type WorkerToValidate = Schemas['WorkerToValidate'];
export type UserItem = Schemas['UserItem'];
export type AuditEvent = Schemas['AuditTrail']['events'][number];
export type Person = Schemas['DevPeople']['worker'][number];
export type WorkerHistory = Schemas['WorkerHistory'];
/** The answer to a command (runInternalCommand, libs/views): the prestation's stream version after it. */
export type CommandAnswer = Schemas['CommandAnswer'];

/** The fields every audience sees of a prestation: those its company, worker, history and user rows share. */
export type PrestationFacts = Pick<CompanyItem, keyof CompanyItem & keyof WorkerToValidate & keyof UserItem & keyof Schemas['WorkerHistory']['items'][number]>;
