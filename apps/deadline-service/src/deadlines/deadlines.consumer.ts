import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@prestaflow/contracts';
import { decodeEventLogEntry } from '@prestaflow/prestation-store';
import { DeadlineTable } from './deadline-table';

/** Keeps the deadlines table in step with the event log: each prestation event refreshes its prestation. */
@Controller()
export class DeadlinesConsumer {
  constructor(private readonly table: DeadlineTable) {}

  @EventPattern(Topics.PrestationEvents)
  async onEvent(@Payload() raw: unknown): Promise<void> {
    const entry = decodeEventLogEntry(raw);
    if (entry.stream === 'prestation') await this.table.refresh(entry.event.prestationId);
  }
}
