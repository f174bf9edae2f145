import { type IncomingMessage } from 'node:http';

type Next = (error?: unknown) => void;

/**
 * A refusal shaped like body-parser's own (http-errors: `status`, `expose`), so that
 * `PlatformExceptionFilter` answers it as it answers those: the code of its status, this message.
 */
const refusal = (status: number, message: string) => Object.assign(new Error(message), { status, expose: true });

/**
 * Whether the request's body is JSON by its Content-Type: application/json or a JSON-based type
 * (application/merge-patch+json). The parser reads exactly these (`startService`), so what passes
 * `jsonOnly` is read.
 */
export function isJsonRequest(request: IncomingMessage): boolean {
  const declared = request.headers['content-type'] ?? '';
  return /^application\/(?:[\w.-]+\+)?json$/i.test(declared.split(';')[0]?.trim() ?? '');
}

/**
 * A body that does not parse: 400 VALIDATION saying so and where the parser stopped (ADR 0013).
 * Express error middleware, right after the JSON parser; Nest would pass on the parser's bare text.
 */
export function unreadableJson(error: unknown, _request: IncomingMessage, _response: unknown, next: Next): void {
  if ((error as { type?: unknown } | null)?.type !== 'entity.parse.failed') return next(error);
  next(refusal(400, `the body is not valid JSON: ${(error as Error).message}`));
}

/**
 * A request body sent as something other than JSON (no Content-Type, or another): 415
 * UNSUPPORTED_MEDIA_TYPE naming what was sent. The parser leaves such a body unread, and the
 * route's contract would then complain of every field but the real fault. No body: passes.
 */
export function jsonOnly(request: IncomingMessage, _response: unknown, next: Next): void {
  const declared = request.headers['content-type'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (!hasBody || isJsonRequest(request)) return next();
  next(refusal(415, declared ? `the body must be JSON (Content-Type: application/json), not ${declared}` : 'the body must be JSON: send it with Content-Type: application/json'));
}
