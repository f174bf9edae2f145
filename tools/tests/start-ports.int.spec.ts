import { execFile, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually, StackIsolation } from '@prestaflow/platform/testing';

const repo = resolve(__dirname, '../..');

/** `npm start` (tools/platform/run.mjs) with `env`: its exit code and output, within `timeoutMs`. */
const start = (env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<{ code: number; output: string }> =>
  new Promise((done) => {
    execFile(process.execPath, ['tools/platform/run.mjs'], { cwd: repo, env: { ...process.env, ...env }, timeout: timeoutMs }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });

/** Whether `port` on 127.0.0.1 could be listened on just now. */
const isFree = (port: number): Promise<boolean> =>
  new Promise((answer) => {
    const probe = createServer();
    probe.once('error', () => answer(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => answer(true)));
  });

/** A PORT_BASE whose five ports (the gateway's and the four services') are free now: other suites' services come and go on random ports. */
async function freePortBase(): Promise<number> {
  for (;;) {
    // Below Linux's ephemeral range (tools/infra/ports.mjs says why).
    const base = 15_000 + Math.floor(Math.random() * 17_000);
    const free = await Promise.all([0, 1, 2, 3, 4].map((offset) => isFree(base + offset)));
    if (free.every(Boolean)) return base;
  }
}

// A newcomer's trial: with something else on port 3000, `npm start` failed after building and
// starting everything with "Unexpected token ... is not valid JSON", and the ports could not move.
describe('npm start and ports in use', () => {
  let held: Server;
  let port: number;

  beforeAll(async () => {
    // The third service's port of a base whose others are free: the one `npm start` must name.
    port = (await freePortBase()) + 2;
    held = createServer();
    await new Promise<void>((listening) => held.listen(port, '127.0.0.1', listening));
  });
  afterAll(() => new Promise((closed) => held.close(closed)));

  it('names the port in use and how to move the services, before starting anything', async () => {
    // The held port is the third service's: PORT_BASE puts the gateway two below it.
    const { code, output } = await start({ PORT_BASE: String(port - 2) });
    expect(code).toBe(1);
    expect(output).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(output).toContain('(validation-service); PORT_BASE=4000 npm start puts the gateway on 4000');
    expect(output).not.toContain('kafka:');
  }, 90_000);

  it("names the broker's port in use and how to use a broker of one's own, before building or starting anything (a newcomer's trial)", async () => {
    // 19092 held here, or already by something else: in use either way.
    const broker = createServer();
    const holding = await new Promise<boolean>((listening) => {
      broker.once('error', () => listening(false));
      broker.listen(19092, '127.0.0.1', () => listening(true));
    });
    try {
      const { code, output } = await start({ PORT_BASE: String(await freePortBase()), KAFKA_BROKERS: '', DATABASE_URL: '' });
      expect(code).toBe(1);
      expect(output).toContain('port 19092 on 127.0.0.1 is already in use');
      expect(output).toContain('(kafka); KAFKA_BROKERS=127.0.0.1:29092 npm start uses a broker of yours');
      expect(output).not.toContain('postgres:');
    } finally {
      if (holding) await new Promise((closed) => broker.close(closed));
    }
  }, 90_000);

  it('with PORT_BASE, the services are told where the others are and the e-mails link to the moved gateway (a newcomer got 503s)', async () => {
    const urls = await new Promise<string>((done, fail) =>
      execFile(
        process.execPath,
        ['--input-type=module', '-e', "const { serviceUrls } = await import('./tools/platform/services.mjs'); console.log(JSON.stringify(serviceUrls()))"],
        { cwd: repo, env: { ...process.env, PORT_BASE: '5000', APP_URL: '' } },
        (error, stdout) => (error ? fail(error) : done(stdout)),
      ),
    );
    expect(JSON.parse(urls)).toEqual({
      ENCODING_SERVICE_URL: 'http://127.0.0.1:5001',
      VALIDATION_SERVICE_URL: 'http://127.0.0.1:5002',
      NOTIFICATION_SERVICE_URL: 'http://127.0.0.1:5003',
      APP_URL: 'http://127.0.0.1:5000',
    });
  });

  it('refuses a PORT_BASE that is not a port it can use', async () => {
    const { code, output } = await start({ PORT_BASE: '80' });
    expect(code).toBe(1);
    expect(output).toContain('PORT_BASE=80: expected a port from 1024 to 65530');
  }, 90_000);
});

// A newcomer's trial: with the gateway gone, `npm start` said so once and kept the four services
// running, the app unreachable, until stopped by hand.
describe('npm start when a service stops', () => {
  it('stops the whole platform, naming the service and how it stopped, and exits 1', async () => {
    // Below the ephemeral range, and distinct: the services' five, then the mail catcher's two.
    const portBase = await freePortBase();
    const [smtp, web] = [portBase + 5, portBase + 6];
    for (const port of [smtp, web]) expect(await isFree(port)).toBe(true);
    // A database of its own (ADR 0025): its notification and deadline services find no other test's
    // streams there. The web app built in a directory of its own: the browser tests serve apps/web/dist.
    const isolation = await StackIsolation.create('npm_start');
    const webRoot = mkdtempSync(join(tmpdir(), 'prestaflow-web-'));
    const env = { ...process.env, PORT_BASE: String(portBase), MAIL_SMTP_PORT: String(smtp), MAIL_WEB_PORT: String(web), WEB_ROOT: webRoot, DATABASE_URL: isolation.databaseUrl };
    const child = spawn(process.execPath, ['tools/platform/run.mjs'], { cwd: repo, env });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    try {
      await eventually('npm start to say it is up, or to end', async () => output.includes('Prestaflow is up') || child.exitCode !== null, 180_000);
      expect(output).toContain('Prestaflow is up');
      expect(output).toContain(`mail (web)  http://127.0.0.1:${web}    smtp smtp://127.0.0.1:${smtp}`);
      const gateway = Number(new RegExp(`http://127\\.0\\.0\\.1:${portBase}/health  \\(pid (\\d+)\\)`).exec(output)?.[1]);
      expect(gateway).toBeGreaterThan(0);
      process.kill(gateway, 'SIGTERM');
      expect(await exited).toBe(1);
      expect(output).toContain('gateway stopped unexpectedly (code null, signal SIGTERM): stopping the platform; npm start starts it again.');
      for (const offset of [0, 1, 2, 3, 4, 5, 6]) expect(await isFree(portBase + offset)).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(webRoot, { recursive: true, force: true });
      await isolation.drop();
    }
  }, 240_000);

  it('refuses a mail port it cannot use, and a WEB_ROOT that holds something else than a build of the app, before starting anything', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'prestaflow-not-web-'));
    writeFileSync(join(elsewhere, 'notes.txt'), 'mine');
    try {
      const { code, output } = await start({ PORT_BASE: String(await freePortBase()), MAIL_SMTP_PORT: '1', WEB_ROOT: elsewhere });
      expect(code).toBe(1);
      expect(output).toContain('MAIL_SMTP_PORT=1: expected a port from 1024 to 65535');
      const base = await freePortBase();
      const refused = await start({ PORT_BASE: String(base), WEB_ROOT: elsewhere, MAIL_SMTP_PORT: String(base + 5), MAIL_WEB_PORT: String(base + 6) });
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`WEB_ROOT=${elsewhere} holds files but no index.html`);
      expect(readdirSync(elsewhere)).toEqual(['notes.txt']);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  }, 90_000);
});
