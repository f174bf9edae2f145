import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@prestaflow/contracts';
import { decodeRecordedEvent, Projector } from '@prestaflow/event-store';
import { type PrestationViewRow } from '@prestaflow/views';

export const VIEW_PROJECTOR = Symbol('VIEW_PROJECTOR');

/**
 * The gateway keeps its own read side: it consumes the event log and projects the prestation
 * views (company, worker, user) that its queries read. The projector commits rows with their
 * per-stream checkpoints, so a redelivered event changes nothing twice.
 */
@Controller()
export class ViewsConsumer {
  constructor(@Inject(VIEW_PROJECTOR) private readonly projector: Projector<PrestationViewRow>) {}

  @EventPattern(Topics.PrestationEvents)
  async onEvent(@Payload() raw: unknown): Promise<void> {
    await this.projector.apply([decodeRecordedEvent(raw)]);
  }
}
