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

  it('a well-formed gzip body is read', async () => {
    const response = await post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ role: 'nobody' })));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'VALIDATION' });
  });
});
