import { gzipSync } from 'node:zlib';
import { type INestApplication } from '@nestjs/common';
import { startService } from '@prestaflow/platform';
import { uniqueName } from '@prestaflow/platform/testing';
import { gateway } from '../service';

/**
 * Bodies refused before any route sees them (body-parser: size, media type, encoding) answer in
 * the platform's error body, with a code a client can act on, like every other 4xx (ADR 0013).
 */
describe('gateway: bodies refused before routing carry a code', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await startService({ ...gateway, name: uniqueName('gateway-bodies') }, { ...process.env, PORT: '0', AUTH_DEV_ISSUER: '1', AUTH_JWKS_URL: '' });
    url = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  }, 60_000);

  const post = (headers: Record<string, string>, body: string | Uint8Array) => fetch(`${url}/auth/dev-tokens`, { method: 'POST', headers, body });

  it.each([
    ['a body over the size limit', 413, 'PAYLOAD_TOO_LARGE', { 'content-type': 'application/json' }, JSON.stringify({ text: 'x'.repeat(2_000_000) })],
    ['a body that is not JSON', 400, 'VALIDATION', { 'content-type': 'application/json' }, '{"role":'],
    ['a gzip body that is not gzip', 400, 'VALIDATION', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip at all'],
    ['an unknown content encoding', 415, 'UNSUPPORTED_MEDIA_TYPE', { 'content-type': 'application/json', 'content-encoding': 'zstd-ish' }, '{}'],
    ['a charset body-parser cannot read', 415, 'UNSUPPORTED_MEDIA_TYPE', { 'content-type': 'application/json; charset=ebcdic' }, '{}'],
  ])('%s: %i %s', async (_what, status, code, headers, body) => {
    const response = await post(headers, body);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ code, message: expect.any(String) });
  });

  it.each(['gzip', 'deflate', 'br'])('a body that is not %s as its Content-Encoding says: 400 saying so, not zlib\'s bare words', async (encoding) => {
    const response = await post({ 'content-type': 'application/json', 'content-encoding': encoding }, 'not compressed at all');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'VALIDATION', message: expect.stringMatching(new RegExp(`^the body is not ${encoding} as its Content-Encoding says: .+`)) });
  });

  it('a body that is not JSON says so, and where the parser stopped', async () => {
    const response = await post({ 'content-type': 'application/json' }, '{"role":');
    expect(await response.json()).toEqual({ code: 'VALIDATION', message: expect.stringMatching(/^the body is not valid JSON: .+/) });
  });

  it.each([
    ['no Content-Type', {}, /send it with Content-Type: application\/json/, true],
    ['text/plain', { 'content-type': 'text/plain' }, /must be JSON \(Content-Type: application\/json\), not text\/plain/, false],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, /not application\/x-www-form-urlencoded/, false],
  ])('a body sent as %s: 415 naming what was sent, not a missing field', async (_what, headers, message, bytes) => {
    // fetch sends a string as text/plain unless told otherwise; bytes go with no Content-Type.
    const text = JSON.stringify({ role: 'company', sub: '0401234567' });
    const response = await post(headers, bytes ? new TextEncoder().encode(text) : text);
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(message) });
  });

  it.each(['null', '42', '"company"', '[]'])('JSON that is not an object (%s): 400 saying the body must be one, not that it is not JSON', async (body) => {
    const { token } = (await (await post({ 'content-type': 'application/json' }, JSON.stringify({ role: 'company', sub: '0401234567' }))).json()) as { token: string };
    const response = await fetch(`${url}/company/prestations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() }, body });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { code: string; message: string };
    expect(answer.code).toBe('VALIDATION');
    expect(answer.message).not.toMatch(/not valid JSON/);
    expect(answer.message).toMatch(/object/);
  });

  it.each(['application/merge-patch+json', 'application/vnd.api+json', 'APPLICATION/JSON; charset=utf-8'])('a body sent as %s is read as JSON', async (type) => {
    const response = await post({ 'content-type': type }, JSON.stringify({ role: 'company', sub: '0401234567' }));
    expect(response.status).toBe(201);
  });

  it('a well-formed gzip body is read', async () => {
    const response = await post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ role: 'nobody' })));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'VALIDATION' });
  });
});
