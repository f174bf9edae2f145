import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type INestApplication } from '@nestjs/common';
import { metricCatalogue, startService } from '@prestaflow/platform';
import { sampleValue, scrapeMetrics, uniqueName } from '@prestaflow/platform/testing';
import { gateway } from './service';

describe('gateway: /metrics and request ids (ADR 0024)', () => {
  let app: INestApplication;
  let url: string;
  let encoding: Server;
  /** What the stand-in encoding service was sent. */
  const received: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    encoding = createServer((request, response) => {
      received.push(request.headers);
      request.resume();
      request.on('end', () => response.writeHead(201, { 'content-type': 'application/json' }).end('{"streamVersion":1}'));
    });
    await new Promise<void>((resolve) => encoding.listen(0, '127.0.0.1', resolve));
    const encodingUrl = `http://127.0.0.1:${(encoding.address() as AddressInfo).port}`;
    // Both read from process.env at boot: the internal service's address, and 3 requests a minute per route.
    Object.assign(process.env, { ENCODING_SERVICE_URL: encodingUrl, GATEWAY_RATE_LIMIT: '3' });
    app = await startService({ ...gateway, name: uniqueName('gateway-metrics') }, { ...process.env, PORT: '0', AUTH_DEV_ISSUER: '1', AUTH_JWKS_URL: '' }).finally(() => {
      delete process.env['ENCODING_SERVICE_URL'];
      delete process.env['GATEWAY_RATE_LIMIT'];
    });
    url = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => encoding?.close(resolve));
  }, 60_000);

  it("is open, not counted by the rate limiter, and has the views' projection lag", async () => {
    const statuses = async (path: string) => {
      const seen = [];
      for (let i = 0; i < 5; i++) seen.push((await fetch(`${url}${path}`)).status);
      return seen;
    };
    expect(await statuses('/health')).toEqual([200, 200, 200, 429, 429]); // the limiter is on
    expect(await statuses('/metrics')).toEqual([200, 200, 200, 200, 200]);
    const samples = await scrapeMetrics(url);
    expect(sampleValue(samples, metricCatalogue.projectionCheckpointAge.name, { projection: 'prestation_views' })).toBeGreaterThanOrEqual(0);
  });

  it("passes the request's id on to the internal service with the command, and returns it", async () => {
    const token = (await (await fetch(`${url}/auth/dev-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'company', sub: '0401234567' }) })).json()) as { token: string };
    const key = randomUUID();
    const response = await fetch(`${url}/company/prestations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.token}`, 'idempotency-key': key, 'x-request-id': 'trace-42' },
      body: JSON.stringify({ prestationId: randomUUID(), workerId: '980000000001', userId: '100000000001', serviceDate: '2026-11-02', hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'no network' }),
    });
    expect([response.status, response.headers.get('x-request-id')]).toEqual([201, 'trace-42']);
    expect(received.at(-1)).toMatchObject({ 'x-request-id': 'trace-42', 'idempotency-key': key });
  });
});
