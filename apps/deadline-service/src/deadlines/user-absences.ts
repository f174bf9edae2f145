import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Instant, type UserAbsenceEventEnvelope } from '@prestaflow/contracts';
import { PrestationCommands, readUserAbsences } from '@prestaflow/write-side';
import { DeadlineTable } from './deadline-table';
import { deadlineServiceActor, isRefusal } from './open-deadlines';

/**
 * R17: the user's declared absences pushed onto their prestations' windows (ADR 0008). The
 * declaration is recorded once, in the user's stream; each application is an idempotent
 * command (the decider skips an absence already applied or not overlapping), so applying
 * again after a crash, a redelivery or on every occasion below is harmless:
 * - when the absence is declared: every prestation of the user whose window runs;
 * - when a prestation's window is (re)opened or changes: the absences declared by then;
 * - before a user deadline or reminder fires: the absences declared by its due instant, read
 *   from the store, so what was committed takes effect even if the two above never ran.
 */
@Injectable()
export class UserAbsences {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: PrestationCommands,
    private readonly table: DeadlineTable,
  ) {}

  /** Applies the user's absences declared by `now` to the prestation's running window; how many extended it. */
  async applyTo(prestationId: string, userId: string, now: Instant, correlationId: string): Promise<number> {
    const { absences } = await readUserAbsences(this.dataSource, userId);
    let extended = 0;
    // One declared later is applied when its own event is processed, at its own instant.
    for (const { absenceId, from, to, declaredAt } of absences.filter((absence) => absence.declaredAt <= now)) {
      try {
        const result = await this.commands.execute(
          { type: 'ExtendUserDelayForAbsence', prestationId, data: { absenceId, from, to, declaredAt }, metadata: { now, actor: deadlineServiceActor } },
          { correlationId },
        );
        extended += result.events.length;
      } catch (error) {
        // No window runs any more, or it had lapsed when the absence was declared.
        if (!isRefusal(error)) throw error;
      }
    }
    return extended;
  }

  /** A new declaration: every prestation of the user whose window runs, at the instant it was declared. */
  async declared(event: UserAbsenceEventEnvelope): Promise<void> {
    for (const prestationId of await this.table.withRunningUserWindow(event.userId)) {
      await this.applyTo(prestationId, event.userId, event.occurredAt, `absence:${event.eventId}`);
    }
  }
}
