import { type INestApplication } from '@nestjs/common';
import { startService } from '@prestaflow/platform';
import { TestIssuer, uniqueName } from '@prestaflow/platform/testing';
import { EventStore, type RecordedEvent } from '@prestaflow/event-store';
import { DataSource } from 'typeorm';
import { DeadlinePoller } from '../deadlines/deadline-poller';
import { type OpenDeadline } from '../deadlines/open-deadlines';
import { deadlineServiceWith } from '../service';

/**
 * One running deadline-service instance, driven over HTTP as a test or demo would, with an
 * operator's token from a test identity provider of its own (ADR 0018).
 */
export class RunningDeadlineService {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    private readonly issuer: TestIssuer,
    /** An operator's Authorization header. */
    readonly operator: { authorization: string },
  ) {}

  /**
   * `group`: the consumer group (and client id); a fresh one by default, so that instances of
   * different tests do not rebalance each other's partitions.
   */
  static async start(env: NodeJS.ProcessEnv, group = uniqueName('deadline-service')): Promise<RunningDeadlineService> {
    const issuer = await TestIssuer.start();
    const all = { ...process.env, PORT: '0', ...issuer.env, ...env };
    const app = await startService({ ...deadlineServiceWith(all), name: group }, all).catch(async (error: unknown) => {
      await issuer.stop();
      throw error;
    });
    return new RunningDeadlineService(app, await app.getUrl(), issuer, await issuer.authorization('operator', 'operator-test'));
  }

  get poller(): DeadlinePoller {
    return this.app.get(DeadlinePoller);
  }

  async setClock(now: string): Promise<void> {
    const response = await fetch(`${this.url}/clock`, { method: 'PUT', headers: { 'content-type': 'application/json', ...this.operator }, body: JSON.stringify({ now }) });
    if (response.status !== 200) throw new Error(`PUT /clock: ${response.status} ${await response.text()}`);
  }

  async deadlines(prestationId: string): Promise<OpenDeadline[]> {
    return (await (await fetch(`${this.url}/deadlines/${encodeURIComponent(prestationId)}`, { headers: this.operator })).json()) as OpenDeadline[];
  }

  events(prestationId: string): Promise<RecordedEvent[]> {
    return new EventStore(this.app.get(DataSource)).readStream(prestationId).then((stream) => stream.events);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.issuer.stop();
  }
}

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The instant 1 ms before `instant`. */
export const justBefore = (instant: string) => new Date(new Date(instant).getTime() - 1).toISOString();
