import { type SchemaObject } from '@nestjs/swagger';
import { roles } from '../auth/actor';

const twelveDigitRoles = ['worker', 'user'];

/**
 * The body of POST /auth/dev-tokens is the token's claims, so actorOf (subjectOf in @prestaflow/platform), which
 * checks every token, checks it too, with its own messages; this schema says the same for the
 * document, and openapi.e2e.spec.ts holds the two together (ADR 0009).
 */
export const devTokenBody: SchemaObject = {
  type: 'object',
  required: ['role', 'sub'],
  properties: { role: { type: 'string', enum: [...roles] }, sub: { type: 'string' } },
  oneOf: [
    { properties: { role: { type: 'string', enum: twelveDigitRoles }, sub: { type: 'string', pattern: '^[0-9]{12}$' } } },
    { properties: { role: { type: 'string', enum: roles.filter((role) => !twelveDigitRoles.includes(role)) }, sub: { type: 'string', minLength: 1, maxLength: 100 } } },
  ],
};
