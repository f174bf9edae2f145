import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@prestaflow/contracts';
import { projectDelivered, Projector } from '@prestaflow/event-store';
import { deliveredInBatches } from '@prestaflow/platform';
import { type PrestationViewRow } from '@prestaflow/views';

export const VIEW_PROJECTOR = Symbol('VIEW_PROJECTOR');

/**
 * The gateway keeps its own read side: it consumes the event log and projects the prestation
 * views (company, worker, user) that its queries read, one transaction per delivered batch. The
 * projector commits rows with their per-stream checkpoints, so a redelivered event changes
 * nothing twice; a transient database failure is retried, never dead-lettered.
 */
@Controller()
export class ViewsConsumer {
  constructor(@Inject(VIEW_PROJECTOR) private readonly projector: Projector<PrestationViewRow>) {}

  @EventPattern(Topics.PrestationEvents, deliveredInBatches)
  async onEvents(@Payload() raw: unknown[]): Promise<void> {
    await projectDelivered([this.projector], raw);
  }
}
