import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type INestApplication } from '@nestjs/common';
import { userAbsenceStreamId } from '@prestaflow/contracts';
import { EventStore } from '@prestaflow/event-store';
import { startService } from '@prestaflow/platform';
import { freePort, uniqueName } from '@prestaflow/platform/testing';
import { DataSource } from 'typeorm';
import { gateway } from '../service';

/**
 * ADR 0006: a command whose service does not answer, or fails, is a 503 UNAVAILABLE with the
 * platform's JSON error body, to be retried with the same Idempotency-Key; nothing is written.
 */
describe('the gateway when an internal service is unreachable or failing', () => {
  let app: INestApplication;
  let base: string;
  let failing: Server;

  beforeAll(async () => {
    // The encoding service: nothing listens on its port. The validation service: answers 500.
    failing = createServer((_, response) => response.writeHead(500, { 'content-type': 'text/plain' }).end('boom'));
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const urls = {
      ENCODING_SERVICE_URL: `http://127.0.0.1:${await freePort()}`,
      VALIDATION_SERVICE_URL: `http://127.0.0.1:${(failing.address() as AddressInfo).port}`,
    };
    Object.assign(process.env, urls); // read by the portals module at boot
    app = await startService({ ...gateway, name: uniqueName('gateway-unavailable') }, { ...process.env, PORT: '0' }).finally(() => {
      for (const name of Object.keys(urls)) delete process.env[name];
    });
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => failing?.close(resolve));
  }, 30_000);

  const send = async (path: string, role: string, sub: string, body: unknown) => {
    const { token } = (await (await fetch(`${base}/auth/dev-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, sub }) })).json()) as { token: string };
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  };
  const streamVersion = (streamId: string) => new EventStore(app.get(DataSource)).version(streamId);

  it('answers 503 UNAVAILABLE when the encoding service does not answer, and nothing is written', async () => {
    const prestationId = randomUUID();
    const answer = await send('/company/prestations', 'company', 'co-unreachable', {
      prestationId,
      workerId: '980000000001',
      userId: '100000000001',
      serviceDate: '2025-06-10',
      hours: 4,
      activity: 'HOUSEHOLD_HELP',
      reason: 'no network',
    });
    expect(answer).toMatchObject({ status: 503, type: expect.stringMatching(/^application\/json/), body: { code: 'UNAVAILABLE', message: expect.stringContaining('encoding service did not answer') } });
    expect(answer.body['message']).toContain('retry with the same Idempotency-Key');
    expect(await streamVersion(prestationId)).toBe(0);
  });

  it('answers 503 UNAVAILABLE when the validation service fails (5xx), and nothing is written', async () => {
    const user = `1${String(Date.now()).slice(-11)}`;
    const answer = await send('/user/absences', 'user', user, { from: '2043-04-01', to: '2043-04-10' });
    expect(answer).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE', message: expect.stringContaining('validation service failed') } });
    expect(await streamVersion(userAbsenceStreamId(user))).toBe(0);
  });
});
