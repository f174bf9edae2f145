import { listOf } from '@prestaflow/contracts';
import { serviceHealthSchema } from '@prestaflow/platform';
import { auditTrailSchema, companyItemSchema, companyPageSchema, companyShareSchema, operatorShareSchema, userItemSchema, workerHistorySchema, workerToValidateSchema } from '@prestaflow/views';
import { actorAnswer, devTokenAnswer, jwksAnswer } from '../auth/auth.controller';
import { absenceAnswer } from '../portals/user.controller';
import { referenceDataImportAnswer } from '../portals/audit.controller';
import { companyUserSchema } from '../web/company-users.controller';
import { companyWorkerSchema } from '../web/company-workers.controller';
import { devPeopleSchema } from '../web/dev-people.controller';
import { shareWeekSchema } from '../web/share-weeks.controller';
import { workerProfileSchema } from '../web/worker-profile.controller';

/**
 * The JSON answer of each operation that is not a command, by "METHOD /path" as the document
 * writes it: `name` is its schema's name under components.schemas (the web app's generated types
 * carry it), `list` when the answer is an array of them. Each schema is the one the answering code
 * is typed by (`FromSchema`), so the document cannot describe another answer than the code gives.
 * The commands' answer is document.ts's `commandAnswer`; a new query endpoint adds its line here
 * (openapi.e2e.spec.ts fails on a JSON GET without one).
 */
export const responseBodies: Readonly<Record<string, { readonly name: string; readonly schema: object; readonly list?: true }>> = {
  'GET /health': { name: 'ServiceHealth', schema: serviceHealthSchema },
  'POST /auth/dev-tokens': { name: 'DevToken', schema: devTokenAnswer },
  'GET /.well-known/jwks.json': { name: 'JsonWebKeySet', schema: jwksAnswer },
  'GET /me': { name: 'Me', schema: actorAnswer },
  'GET /auth/dev-people': { name: 'DevPeople', schema: devPeopleSchema },
  'GET /company/prestations': { name: 'CompanyPage', schema: companyPageSchema },
  'GET /company/prestations/{id}': { name: 'CompanyItem', schema: companyItemSchema },
  'GET /company/share': { name: 'CompanyShare', schema: companyShareSchema },
  'GET /company/share/weeks': { name: 'ShareWeek', schema: shareWeekSchema, list: true },
  'GET /company/users': { name: 'CompanyUser', schema: companyUserSchema, list: true },
  'GET /company/workers': { name: 'CompanyWorker', schema: companyWorkerSchema, list: true },
  'GET /worker/prestations/to-validate': { name: 'WorkerToValidate', schema: workerToValidateSchema, list: true },
  'GET /worker/profile': { name: 'WorkerProfile', schema: workerProfileSchema },
  'GET /worker/history': { name: 'WorkerHistory', schema: workerHistorySchema },
  'GET /user/prestations': { name: 'UserItem', schema: userItemSchema, list: true },
  'GET /user/absences': { name: 'Absence', schema: absenceAnswer, list: true },
  'GET /{portal}/prestations/{id}/audit': { name: 'AuditTrail', schema: auditTrailSchema },
  'GET /operator/shares': { name: 'OperatorShare', schema: operatorShareSchema, list: true },
  'POST /operator/reference-data/{kind}': { name: 'ReferenceDataImport', schema: referenceDataImportAnswer },
};

/** The answers that are not JSON: their content by media type. */
export const fileResponses: Readonly<Record<string, object>> = {
  'GET /metrics': { 'text/plain': { schema: { type: 'string', description: 'Prometheus text exposition format' } } },
  'GET /company/prestations/export.{format}': {
    'text/csv': { schema: { type: 'string', description: 'R14: one line per prestation, the statuses in the language asked for' } },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
  },
};

/** The content of an answer: a reference to its named schema, or an array of them. */
export const answerContent = ({ name, list }: { name: string; list?: true }) => {
  const reference = { $ref: `#/components/schemas/${name}` };
  return { 'application/json': { schema: list ? listOf(reference) : reference } };
};
