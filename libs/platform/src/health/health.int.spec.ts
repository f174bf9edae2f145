import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { startService } from '../start-service';
import { type ServiceHealth } from './health.controller';
import { OwnBroker } from '../testing/own-broker';

describe('health endpoint', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'health-kafka-'));
  let broker: OwnBroker | undefined;
  let app: INestApplication | undefined;

  afterAll(async () => {
    await app?.close();
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 naming Kafka when the broker goes away, and PostgreSQL still up', async () => {
    broker = await OwnBroker.onFreePorts(dataDir);
    await broker.start();
    app = await startService({ name: 'health-check-probe', defaultPort: 0 }, { ...process.env, KAFKA_BROKERS: broker.brokers.join(','), PORT: '0' });
    const url = `${await app.getUrl()}/health`;
    expect((await fetch(url)).status).toBe(200);

    await broker.stop();

    const response = await fetch(url);
    const health = (await response.json()) as ServiceHealth;
    expect(response.status).toBe(503);
    expect(health).toMatchObject({ status: 'down', checks: { kafka: { status: 'down' }, postgres: { status: 'up' } } });
  }, 90_000);
});
