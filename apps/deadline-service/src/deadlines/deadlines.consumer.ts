import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@prestaflow/contracts';
import { decodeEventLogEntry } from '@prestaflow/event-codecs';
import { DeadlineTable } from './deadline-table';
import { UserAbsences } from './user-absences';

/**
 * Keeps the deadlines table in step with the event log: each prestation event refreshes its
 * prestation, and a running user window takes the user's absences (R17); a declared absence
 * extends the user's running windows.
 */
@Controller()
export class DeadlinesConsumer {
  constructor(
    private readonly table: DeadlineTable,
    private readonly absences: UserAbsences,
  ) {}

  @EventPattern(Topics.PrestationEvents)
  async onEvent(@Payload() raw: unknown): Promise<void> {
    const entry = decodeEventLogEntry(raw);
    if (entry.stream === 'prestation') {
      const { prestationId, eventId, occurredAt } = entry.event;
      const window = (await this.table.refresh(prestationId)).find((deadline) => deadline.kind === 'USER');
      if (window) await this.absences.applyTo(prestationId, window.userId, occurredAt, `absence-window:${eventId}`);
    } else if (entry.stream === 'userAbsence') {
      await this.absences.declared(entry.event);
    }
  }
}
