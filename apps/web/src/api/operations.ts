import { type paths } from './openapi';

/**
 * Every gateway operation the web app calls, as the gateway's OpenAPI document writes it
 * (method and path template). Each path is a key of the types generated from that document
 * (openapi.d.ts), so a renamed or removed endpoint fails the type check; the browser suite also
 * checks each against the live /docs/openapi.json.
 */
export const operations = {
  devToken: ['POST', '/auth/dev-tokens'],
  devPeople: ['GET', '/auth/dev-people'],
  me: ['GET', '/me'],
  companyList: ['GET', '/company/prestations'],
  companyOne: ['GET', '/company/prestations/{id}'],
  companyEncode: ['POST', '/company/prestations'],
  companyCorrect: ['POST', '/company/prestations/{id}/corrections'],
  companyValidate: ['POST', '/company/prestations/{id}/validation'],
  companyCancel: ['POST', '/company/prestations/{id}/cancellation'],
  companyExport: ['GET', '/company/prestations/export.{format}'],
  companyShare: ['GET', '/company/share'],
  companyShareWeeks: ['GET', '/company/share/weeks'],
  companyWorkers: ['GET', '/company/workers'],
  companyUsers: ['GET', '/company/users'],
  companyWorkerEmail: ['PUT', '/company/workers/{workerId}/email'],
  audit: ['GET', '/{portal}/prestations/{id}/audit'],
  workerEncode: ['POST', '/worker/prestations'],
  workerToValidate: ['GET', '/worker/prestations/to-validate'],
  workerHistory: ['GET', '/worker/history'],
  workerValidate: ['POST', '/worker/prestations/{id}/validation'],
  workerContest: ['POST', '/worker/prestations/{id}/contest'],
  workerEmail: ['PUT', '/worker/email'],
  workerProfile: ['GET', '/worker/profile'],
  workerPushKey: ['GET', '/worker/push-key'],
  workerPushSubscribe: ['POST', '/worker/push-subscriptions'],
  userList: ['GET', '/user/prestations'],
  userConfirm: ['POST', '/user/prestations/{id}/confirmation'],
  userContest: ['POST', '/user/prestations/{id}/contest'],
  userAbsences: ['GET', '/user/absences'],
  userDeclareAbsence: ['POST', '/user/absences'],
  operatorShares: ['GET', '/operator/shares'],
  operatorImport: ['POST', '/operator/reference-data/{kind}'],
} as const satisfies Record<string, readonly ['GET' | 'POST' | 'PUT', keyof paths]>;

export type Operation = keyof typeof operations;

/** The generated description of an operation: its parameters, request body and responses. */
type Described<O extends Operation> = paths[(typeof operations)[O][1]][Lowercase<(typeof operations)[O][0]>];
type Json<Content> = Content extends { content: { 'application/json': infer Body } } ? Body : never;
type Responses<O extends Operation> = Described<O> extends { responses: infer R } ? R : never;

/** What an operation answers on success (its 200 or 201 JSON body; `never` for a file). */
export type AnswerOf<O extends Operation> = Json<Responses<O>[keyof Responses<O> & (200 | 201)]>;

/** The JSON body an operation takes (`never` when it takes none). */
export type BodyOf<O extends Operation> = Described<O> extends { requestBody: infer B } ? Json<B> : never;

/** The path of an operation with its {parameters} filled in (each one URL-encoded). */
export function pathOf(operation: Operation, parameters: Readonly<Record<string, string>> = {}): string {
  return operations[operation][1].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new Error(`${operation}: parameter ${name} is missing`);
    return encodeURIComponent(value);
  });
}
