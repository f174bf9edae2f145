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
  });
}
