import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { freePort } from './own-broker';

const repo = resolve(__dirname, '../../../..');

/**
 * A service of the platform run as its own process from its sources, the way it is deployed:
 * the gateway's e2e tests reach it over HTTP (ADR 0006), never by importing it; crash tests
 * kill it with SIGKILL and start it again on the same port.
 */
export class ServiceProcess {
  private child?: ChildProcess;

  private constructor(
    private readonly name: string,
    private readonly port: number,
    readonly url: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * `apps/<name>/src/main.ts` with this process's environment and `env` on top, on a free port.
   * Two minutes to be healthy: on the shared 2-core machine two services compiling and migrating
   * a fresh stack database at once took 77 s.
   */
  static async start(name: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<ServiceProcess> {
    const port = await freePort();
    const service = new ServiceProcess(name, port, `http://127.0.0.1:${port}`, env);
    await service.restart(timeoutMs);
    return service;
  }

  /** Starts the process (again, after kill9) on its port, and waits until it is healthy. */
  async restart(timeoutMs = 120_000): Promise<void> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${this.name}/src/main.ts`], {
      cwd: repo,
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1', NODE_ENV: 'test', KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.child = child;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with code ${child.exitCode}`);
      const healthy = await fetch(`${this.url}/health`).then((response) => response.ok, () => false);
      if (healthy) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    await this.stop();
    throw new Error(`${this.name} not healthy after ${timeoutMs} ms`);
  }

  /** A crash: SIGKILL, whatever the process is doing; resolves once it is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
