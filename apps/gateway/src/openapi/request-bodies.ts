import { commandEndpoints, pushSubscriptionBody, referenceDataBody } from '@prestaflow/contracts';

/**
 * The body schema of each operation that takes one, by "METHOD /path" as the OpenAPI document
 * writes it: the gateway validates the body against it before the controller runs and publishes
 * it as the operation's requestBody (ADR 0009). The commands' come from `commandEndpoints`; a new
 * endpoint with a body of another kind adds its line here.
 */
export const requestBodies: Readonly<Record<string, object>> = {
  ...Object.fromEntries(
    Object.values(commandEndpoints).map(({ method, portal, path, body }) => [`${method} /${portal}/${path.replace(/:(\w+)/g, '{$1}')}`, body]),
  ),
  'POST /worker/push-subscriptions': pushSubscriptionBody,
  'POST /operator/reference-data/{kind}': referenceDataBody,
};
