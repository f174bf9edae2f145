import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { freePort } from '@prestaflow/platform';

const repo = resolve(__dirname, '../../../..');

/**
 * Another service of the platform, run as its own process from its sources, the way it is
 * deployed: the gateway's e2e tests reach it over HTTP (ADR 0006), never by importing it.
 */
export class ServiceProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /** `env`: settings of this process on top of the test's own environment (AUTH_JWKS_URL, say). */
  static async start(name: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${name}/src/main.ts`], {
      cwd: repo,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test', KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const service = new ServiceProcess(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
      const healthy = await fetch(`${service.url}/health`).then((response) => response.ok, () => false);
      if (healthy) return service;
      await new Promise((r) => setTimeout(r, 250));
    }
    await service.stop();
    throw new Error(`${name} not healthy after ${timeoutMs} ms`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
