import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const repo = resolve(__dirname, '../../../..');

/**
 * A child process kept running the way a process supervisor would: restarted whenever it dies
 * (after a `kill -9` too) until stopped. It talks to its parent over IPC only to die with it.
 */
export class Supervised {
  private child?: ChildProcess;
  private stopped = false;
  restarts = 0;

  constructor(
    private readonly script: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): this {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, this.script)], {
      cwd: repo,
      env: { ...process.env, ...this.env, NODE_ENV: 'test', KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.child.once('exit', () => {
      if (this.stopped) return;
      this.restarts++;
      setTimeout(() => this.stopped || this.start(), 100);
    });
    return this;
  }

  kill9(): void {
    this.child?.kill('SIGKILL');
  }

  /** Ends it for good: SIGTERM, then SIGKILL if it lingers. */
  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** What a child runs at its start: it exits when its parent goes (the IPC channel closes). */
export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(1));
}

/** A child's setting from its environment; a missing one is a bug in the test that spawned it. */
export function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}
