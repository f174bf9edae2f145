import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const repo = resolve(__dirname, '../../../..');

/**
 * A port nothing uses right now, below Linux's ephemeral range (32768-60999): a port the system
 * picks for `listen(0)` comes from that range, where every outgoing connection (Kafka, PostgreSQL,
 * HTTP) also takes its local port, and one of them took a gateway's port in the seconds between
 * this choice and its listen (a fresh-clone CI run, EADDRINUSE). Here only another test's own
 * choice could, one port in 17,000.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 15_000 + Math.floor(Math.random() * 17_000);
    if (await canListen(port)) return port;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/**
 * A broker of the test's own (tools/infra/kafka.mjs in a child process), to stop and restart
 * without disturbing the broker the other tests share.
 */
export class OwnBroker {
  private child?: ChildProcess;

  constructor(
    private readonly dataDir: string,
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async onFreePorts(dataDir: string): Promise<OwnBroker> {
    return new OwnBroker(dataDir, await freePort(), await freePort());
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  async start(): Promise<void> {
    const script = `import(${JSON.stringify(resolve(repo, 'tools/infra/kafka.mjs'))}).then(async (m) => {
      const k = await m.startKafka({ dataDir: ${JSON.stringify(this.dataDir)}, port: ${this.port}, controllerPort: ${this.controllerPort}, log: () => {} });
      process.send('ready');
      const stop = () => k.stop().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('disconnect', stop);
    }).catch((error) => { console.error(error); process.exit(1); })`;
    const child = spawn(process.execPath, ['-e', script], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child = child;
    await new Promise<void>((ready, fail) => {
      child.once('message', () => ready());
      child.once('exit', (code) => fail(new Error(`the test broker exited (${code}) while starting`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
}
