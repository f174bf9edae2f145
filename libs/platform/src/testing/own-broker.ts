import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const repo = resolve(__dirname, '../../../..');

/** A port nothing listens on right now, chosen by the system. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
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
