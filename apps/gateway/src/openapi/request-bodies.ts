import {
  cancellationBody,
  companyEncodingBody,
  correctionBody,
  ivrEncodingBody,
  pushSubscriptionBody,
  referenceDataBody,
  userAbsenceBody,
  userContestBody,
  versionBody,
  workerContestBody,
  workerEmailBody,
  workerEncodingBody,
} from '@prestaflow/contracts';

/**
 * The body schema of each operation that takes one, by "METHOD /path" as the OpenAPI document
 * writes it: the gateway validates the body against it before the controller runs and publishes
 * it as the operation's requestBody (ADR 0009). A new endpoint with a body adds its line here.
 */
export const requestBodies: Readonly<Record<string, object>> = {
  'POST /company/prestations': companyEncodingBody,
  'POST /company/prestations/{id}/corrections': correctionBody,
  'POST /company/prestations/{id}/validation': versionBody,
  'POST /company/prestations/{id}/cancellation': cancellationBody,
  'PUT /company/workers/{workerId}/email': workerEmailBody,
  'POST /worker/prestations': workerEncodingBody,
  'POST /worker/prestations/{id}/validation': versionBody,
  'POST /worker/prestations/{id}/contest': workerContestBody,
  'PUT /worker/email': workerEmailBody,
  'POST /worker/push-subscriptions': pushSubscriptionBody,
  'POST /ivr/prestations': ivrEncodingBody,
  'POST /ivr/prestations/{id}/validation': versionBody,
  'POST /user/absences': userAbsenceBody,
  'POST /user/prestations/{id}/confirmation': versionBody,
  'POST /user/prestations/{id}/contest': userContestBody,
  'POST /operator/reference-data/{kind}': referenceDataBody,
};
