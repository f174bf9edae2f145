import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { startService } from '../start-service';
import { type ServiceHealth } from './health.controller';

/** A broker of this test's own, so that stopping it does not disturb the other tests. */
function startOwnBroker(dataDir: string, port: number): Promise<{ broker: ChildProcess; brokers: string }> {
  const broker = spawn(process.execPath, [resolve(__dirname, '../../../../tools/infra/kafka.mjs'), '--data-dir', dataDir, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveStart, reject) => {
    let output = '';
    broker.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /KAFKA_BROKERS=(\S+)/.exec(output);
      if (match) resolveStart({ broker, brokers: match[1]! });
    });
    broker.on('exit', (code) => reject(new Error(`broker exited with ${code}: ${output}`)));
  });
}

describe('health endpoint', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'health-kafka-'));
  let broker: ChildProcess | undefined;
  let app: INestApplication | undefined;

  afterAll(async () => {
    await app?.close();
    broker?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 naming Kafka when the broker goes away, and PostgreSQL still up', async () => {
    const own = await startOwnBroker(dataDir, 39192);
    broker = own.broker;
    app = await startService({ name: 'health-check-probe', defaultPort: 0 }, { ...process.env, KAFKA_BROKERS: own.brokers, PORT: '0' });
    const url = `${await app.getUrl()}/health`;
    expect((await fetch(url)).status).toBe(200);

    const exited = new Promise((r) => broker!.once('exit', r));
    broker.kill('SIGTERM');
    await exited;

    const response = await fetch(url);
    const health = (await response.json()) as ServiceHealth;
    expect(response.status).toBe(503);
    expect(health).toMatchObject({ status: 'down', checks: { kafka: { status: 'down' }, postgres: { status: 'up' } } });
  }, 90_000);
});
