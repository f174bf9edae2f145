import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CLOCK, type Clock } from '@prestaflow/platform';
import { PrestationCommands } from '@prestaflow/write-side';
import { DEADLINE_CONFIG, type DeadlineConfig } from '../config';
import { DeadlineTable } from './deadline-table';
import { commandFor, isRefusal, type OpenDeadline } from './open-deadlines';
import { UserAbsences } from './user-absences';

/** `extended`: a user's absence (R17) moved the deadline; the row goes and the event brings the new one. */
export type FireOutcome = 'fired' | 'refused' | 'extended' | 'retry';

/**
 * Fires due deadlines through the shared command handler, stamped with their due instant: a
 * deadline missed while the service was down fires on start as if on time. The row is leased
 * while its command runs (ADR 0022), so no other instance fires it and no transaction stays open;
 * a crash in between leaves the row to be fired again once the lease ends, and the decider refuses
 * what already happened.
 */
@Injectable()
export class DeadlinePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeadlinePoller.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  /** What this instance did, for tests and the logs. */
  readonly counts: Record<FireOutcome, number> = { fired: 0, refused: 0, extended: 0, retry: 0 };

  constructor(
    private readonly table: DeadlineTable,
    private readonly commands: PrestationCommands,
    private readonly absences: UserAbsences,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_CONFIG) private readonly config: DeadlineConfig,
  ) {}

  /** Fills a never-projected table first (ADR 0026), then polls; the service is healthy meanwhile. */
  onApplicationBootstrap(): void {
    this.running = this.table
      .fillIfNeverProjected()
      .catch((error: unknown) => this.logger.error(`filling the deadlines failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.schedule(0));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Fires everything due now, batch after batch (stopping when the service stops); returns how many rows it settled. */
  fireDue(): Promise<number> {
    const { fireFrom, batchSize, leaseMs } = this.config;
    return this.table.drainDue(() => this.clock.now(), fireFrom, batchSize, (claimed) => this.fireAll(claimed), leaseMs, () => !this.stopped);
  }

  private async fireAll(claimed: OpenDeadline[]): Promise<string[]> {
    const done: string[] = [];
    for (const deadline of claimed) {
      const outcome = await this.fire(deadline);
      this.counts[outcome]++;
      if (outcome !== 'retry') done.push(deadline.id);
    }
    return done;
  }

  private async fire(deadline: OpenDeadline): Promise<FireOutcome> {
    const correlationId = `deadline:${deadline.id}`;
    try {
      // R17: the user's absences declared by the due instant come first, even if applying them
      // when they were declared never happened (a crash, a consumer behind).
      const userStep = deadline.kind === 'USER' || deadline.kind === 'REMINDER';
      if (userStep && (await this.absences.applyTo(deadline.prestationId, deadline.userId, deadline.dueAt, correlationId)) > 0) return 'extended';
      const result = await this.commands.execute(commandFor(deadline), { correlationId });
      return result.events.length > 0 ? 'fired' : 'refused';
    } catch (error) {
      if (isRefusal(error)) {
        this.logger.log(`${deadline.id}: ${(error as Error).message}; removed`);
        return 'refused';
      }
      this.logger.warn(`${deadline.id}: ${error instanceof Error ? error.message : String(error)}; kept for the next round`);
      return 'retry';
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.fireDue()
        .catch((error: unknown) => this.logger.error(`firing deadlines failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.schedule(this.config.pollIntervalMs));
    }, delayMs);
  }
}
