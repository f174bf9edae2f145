import { type IncomingMessage, type ServerResponse } from 'node:http';

type Next = (error?: unknown) => void;

const answer = (response: ServerResponse, status: number, body: { code: string; message: string }) => {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
};

/**
 * A body that is not JSON, answered in the platform's error body (ADR 0013): 400 VALIDATION saying
 * so and where the parser stopped; Nest would pass on the parser's bare text. Express error
 * middleware, right after the JSON parser; anything else goes on to Nest's handling.
 */
export function unreadableJson(error: unknown, _request: IncomingMessage, response: ServerResponse, next: Next): void {
  if ((error as { type?: unknown } | null)?.type !== 'entity.parse.failed') return next(error);
  answer(response, 400, { code: 'VALIDATION', message: `the body is not valid JSON: ${(error as Error).message}` });
}

/** What the JSON parser reads (type-is patterns): application/json and the JSON-based types (application/merge-patch+json). */
export const jsonMediaTypes = ['application/json', 'application/*+json'];

/** The same test as the parser's, on the Content-Type header: what passes here is read there. */
const isJson = (contentType: string) => /^application\/(?:[\w.-]+\+)?json$/i.test(contentType.split(';')[0]?.trim() ?? '');

/**
 * A request body sent as something other than JSON (no Content-Type, or another): 415
 * UNSUPPORTED_MEDIA_TYPE naming what was sent. The parser leaves such a body unread, and the
 * route's contract would then complain of every field but the real fault. No body: passes.
 */
export function jsonOnly(request: IncomingMessage, response: ServerResponse, next: Next): void {
  const declared = request.headers['content-type'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (!hasBody || (declared !== undefined && isJson(declared))) return next();
  answer(response, 415, {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: declared ? `the body must be JSON (Content-Type: application/json), not ${declared}` : 'the body must be JSON: send it with Content-Type: application/json',
  });
}
