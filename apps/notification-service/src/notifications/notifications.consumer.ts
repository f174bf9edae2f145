import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@prestaflow/contracts';
import { decodeEventLogEntry } from '@prestaflow/event-codecs';
import { projectDelivered } from '@prestaflow/event-store';
import { NotificationLog } from './notification-log';
import { NotificationStates } from './notification-states';

/**
 * Fed by the event log: folds the prestation event into `notification_states`, whose reaction
 * records the notifications it asks for in the same transaction (ADR 0029: once per event, a
 * redelivery is skipped by the checkpoint), then tries to send them. A mail server that is down
 * does not fail the handler: the rows are durable before the offset moves, and the retry loop
 * sends them later.
 */
@Controller()
export class NotificationsConsumer {
  constructor(
    private readonly states: NotificationStates,
    private readonly log: NotificationLog,
  ) {}

  @EventPattern(Topics.PrestationEvents)
  async onEvent(@Payload() raw: unknown): Promise<void> {
    const entry = decodeEventLogEntry(raw);
    if (entry.stream !== 'prestation') return;
    await this.states.whenFilled();
    await projectDelivered([this.states.projector], [entry.recorded]);
    for (const eventId of this.states.takeRecorded()) await this.log.sendPending(eventId);
  }
}
