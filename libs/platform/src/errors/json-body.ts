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
 * A body that does not parse: 400 VALIDATION saying so and where the parser stopped (ADR 0013);
 * one that does not inflate by its Content-Encoding (gzip, deflate, br), 400 saying that, not
 * zlib's bare "incorrect header check". Express error middleware, right after the JSON parser;
 * Nest would pass on the parser's bare text.
 */
export function unreadableJson(error: unknown, request: IncomingMessage, _response: unknown, next: Next): void {
  const { type, code, message } = (error ?? {}) as { type?: unknown; code?: unknown; message?: string };
  if (type === 'entity.parse.failed') return next(refusal(400, `the body is not valid JSON: ${message}`));
  // A decompression stream's own error, which body-parser passes on untyped with its code (zlib's
  // Z_DATA_ERROR, Z_BUF_ERROR, brotli's ERR__ERROR_FORMAT_..., zstd's where Node has it).
  const encoding = request.headers['content-encoding']?.toLowerCase();
  if (type === undefined && typeof code === 'string' && encoding !== undefined && encoding !== 'identity') {
    return next(refusal(400, `the body is not ${String(request.headers['content-encoding'])} as its Content-Encoding says: ${message}`));
  }
  next(error);
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
