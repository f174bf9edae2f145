import { type INestApplication } from '@nestjs/common';
import { type ServiceHealth } from '../health/health.controller';
import { startService, type ServiceDefinition } from '../start-service';

/** The boot check every service carries: started for real, it finds Kafka and PostgreSQL. */
export function describeServiceHealth(service: ServiceDefinition): void {
  describe(`${service.name} booted against the real broker and database`, () => {
    let url = '';
    let app: INestApplication | undefined;

    beforeAll(async () => {
      app = await startService(service, { ...process.env, PORT: '0' });
      url = `${await app.getUrl()}/health`;
    }, 60_000);

    afterAll(() => app?.close());

    it('reports Kafka and PostgreSQL up on its health endpoint, asking both for real', async () => {
      const response = await fetch(url);
      const health = (await response.json()) as ServiceHealth;
      expect(response.status).toBe(200);
      expect(health).toMatchObject({ service: service.name, status: 'up', checks: { kafka: { status: 'up' }, postgres: { status: 'up' } } });
      expect(health.checks.kafka.detail).toMatch(/^1 broker\(s\)/);
    });

    it('answers a NUL in a query with a 400 naming the parameter, an unknown route with 404 NOT_FOUND naming none (ADR 0013)', async () => {
      const nul = await fetch(`${url}?probe=a%00b`);
      expect({ status: nul.status, body: await nul.json() }).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'probe' } });
      const unknown = await fetch(`${url}/internal/nowhere`, { method: 'POST' });
      const body = await unknown.json();
      expect({ status: unknown.status, body }).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: 'no such endpoint' } });
    });
  });
}
