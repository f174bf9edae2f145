import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@prestaflow/contracts';
import { decodeEventLogEntry } from '@prestaflow/event-codecs';
import { projectDelivered } from '@prestaflow/event-store';
import { deliveredInBatches } from '@prestaflow/platform';
import { DeadlineTable } from './deadline-table';
import { UserAbsences } from './user-absences';

/**
 * Keeps the deadlines table in step with the event log, a delivered batch at a time: the
 * prestation events are folded into the `deadlines` projection (ADR 0026: rows and checkpoints in
 * one transaction, so a redelivery changes nothing twice), then a prestation whose user window
 * runs takes the user's absences (R17) at its latest event's instant, and a declared absence
 * extends the user's running windows. Both are idempotent commands, safe to repeat.
 */
@Controller()
export class DeadlinesConsumer {
  constructor(
    private readonly table: DeadlineTable,
    private readonly absences: UserAbsences,
  ) {}

  @EventPattern(Topics.PrestationEvents, deliveredInBatches)
  async onEvents(@Payload() raw: unknown[]): Promise<void> {
    const entries = raw.map(decodeEventLogEntry);
    await projectDelivered(
      [this.table.projector],
      entries.map((entry) => entry.recorded),
    );
    const latest = new Map(entries.flatMap((entry) => (entry.stream === 'prestation' ? [[entry.event.prestationId, entry.event] as const] : [])));
    const windows = latest.size > 0 ? await this.table.runningUserWindows([...latest.keys()]) : new Map<string, string>();
    for (const entry of entries) {
      if (entry.stream === 'prestation') {
        const { prestationId, eventId, occurredAt } = entry.event;
        const userId = windows.get(prestationId);
        if (userId && latest.get(prestationId) === entry.event) await this.absences.applyTo(prestationId, userId, occurredAt, `absence-window:${eventId}`);
      } else if (entry.stream === 'userAbsence') {
        await this.absences.declared(entry.event);
      }
    }
  }
}
