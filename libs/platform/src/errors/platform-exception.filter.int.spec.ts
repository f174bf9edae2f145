import { createServer } from 'node:net';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PlatformExceptionFilter } from './platform-exception.filter';

// Real failures of a real PostgreSQL and of a port where nothing listens; no stand-in for either.
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
let closedPort = 0;

@Controller()
class Probes {
  /** A pool whose server is not there: ECONNREFUSED from the socket. */
  @Get('refused')
  async refused() {
    const pool = new Pool({ host: '127.0.0.1', port: closedPort, user: 'postgres', connectionTimeoutMillis: 2000 });
    try {
      return await pool.query('SELECT 1');
    } finally {
      await pool.end();
    }
  }

  /** A query whose connection an operator (or a failover) ends: 57P01 through TypeORM's QueryFailedError. */
  @Get('terminated')
  async terminated() {
    const dataSource = await new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 1 }).initialize();
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      const [{ pid }] = (await dataSource.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
      const sleeping = dataSource.query('SELECT pg_sleep(10)');
      await new Promise((done) => setTimeout(done, 200));
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      return await sleeping;
    } finally {
      await admin.end();
      await dataSource.destroy().catch(() => undefined);
    }
  }

  /** A bug stays a bug. */
  @Get('bug')
  bug() {
    return (undefined as unknown as { x: number }).x;
  }

  /** So does a statement sent wrong: 08P01 is in the connection class, but a protocol violation (review). */
  @Get('protocol')
  async protocol() {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query({ name: 'two_parameters', text: 'SELECT $1::int + $2::int AS n', values: [1, 2] });
      return await client.query({ name: 'two_parameters', text: 'SELECT $1::int + $2::int AS n', values: [1] });
    } finally {
      await client.end();
    }
  }
}

@Module({ controllers: [Probes] })
class ProbeModule {}

describe('PlatformExceptionFilter: a database out of reach is 503 UNAVAILABLE, not a 500 (review: every read of the gateway answered 500 while PostgreSQL was down)', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    closedPort = (server.address() as { port: number }).port;
    await new Promise((done) => server.close(done));
    app = await NestFactory.create(ProbeModule, { logger: false });
    app.useGlobalFilters(new PlatformExceptionFilter(app.getHttpAdapter()));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each(['refused', 'terminated'])('%s: 503 with code UNAVAILABLE and a text saying to try again, no internal detail', async (probe) => {
    const response = await fetch(`${base}/${probe}`);
    const body = (await response.json()) as { code: string; message: string };
    expect(response.status).toBe(503);
    expect(body).toEqual({ code: 'UNAVAILABLE', message: 'the database or another part of the platform cannot be reached for now: try again in a moment' });
  }, 30_000);

  it('a bug is still a 500, a statement PostgreSQL refuses as a protocol violation too', async () => {
    expect((await fetch(`${base}/bug`)).status).toBe(500);
    expect((await fetch(`${base}/protocol`)).status).toBe(500);
  });
});
