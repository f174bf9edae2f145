import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import { requestIdMiddleware, requestLogOptions } from './logging';

describe('request log lines (ADR 0024): one short line, no header', () => {
  const lines: Array<Record<string, unknown>> = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>));
        done();
      },
    });
    const log = pinoHttp(requestLogOptions('svc', { LOG_LEVEL: 'info' }), sink);
    server = createServer((request, response) => requestIdMiddleware(request, response, () => log(request, response, () => response.writeHead(201, { 'set-cookie': 'session=secret' }).end('{}'))));
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((closed) => server.close(closed)));
  beforeEach(() => lines.splice(0));

  const until = async (count: number) => {
    for (let tries = 0; lines.length < count && tries < 100; tries++) await new Promise((r) => setTimeout(r, 10));
  };

  it('says method, url, status, time, request id and correlation id, and nothing of the headers', async () => {
    await fetch(`${url}/internal/company-encodings?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer secret-token', cookie: 'session=secret', 'idempotency-key': 'key-1', 'x-request-id': 'req-1' },
      body: '{}',
    });
    await until(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      name: 'svc',
      req: { id: 'req-1', method: 'POST', url: '/internal/company-encodings?x=1' },
      res: { statusCode: 201 },
      responseTime: expect.any(Number),
      correlationId: 'key-1',
      msg: 'request completed',
    });
    expect(Object.keys(lines[0]?.['req'] as object).sort()).toEqual(['id', 'method', 'url']);
    expect(Object.keys(lines[0]?.['res'] as object)).toEqual(['statusCode']);
    expect(JSON.stringify(lines[0])).not.toMatch(/secret|headers/);
  });

  it('does not log /health and /metrics per request', async () => {
    await fetch(`${url}/health`);
    await fetch(`${url}/metrics`);
    await fetch(`${url}/other`);
    await until(1);
    expect(lines.map((line) => (line['req'] as { url: string }).url)).toEqual(['/other']);
  });
});
