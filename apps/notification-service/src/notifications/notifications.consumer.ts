import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@prestaflow/contracts';
import { decodeEventLogEntry } from '@prestaflow/event-codecs';
import { CompanyDigests } from './company-digests';
import { NotificationLog } from './notification-log';
import { NotificationPlanner } from './planner';

/**
 * Fed by the event log: plans the event's notifications, records them (once per event,
 * recipient and channel), then tries to send them. A mail server that is down does not fail the
 * handler: the rows are durable before the offset moves, and the retry loop sends them later.
 */
@Controller()
export class NotificationsConsumer {
  constructor(
    private readonly planner: NotificationPlanner,
    private readonly log: NotificationLog,
    private readonly digests: CompanyDigests,
  ) {}

  @EventPattern(Topics.PrestationEvents)
  async onEvent(@Payload() raw: unknown): Promise<void> {
    const entry = decodeEventLogEntry(raw);
    if (entry.stream !== 'prestation') return;
    const state = await this.planner.stateAfter(entry.event);
    await this.digests.track(entry.event, state);
    const planned = await this.planner.plan(entry.event, state);
    if (planned.length === 0) return;
    await this.log.record(planned);
    await this.log.sendPending(entry.event.eventId);
  }
}
