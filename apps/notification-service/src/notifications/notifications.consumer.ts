import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@prestaflow/contracts';
import { decodeEventLogEntry } from '@prestaflow/event-codecs';
import { deliveredInBatches } from '@prestaflow/platform';
import { NotificationLog } from './notification-log';
import { NotificationStates } from './notification-states';

/**
 * Fed by the event log, a delivered batch at a time: folds its prestation events into
 * `notification_states` in one transaction, whose reaction records the notifications each asks
 * for (ADR 0029: once per event, a redelivery is skipped by the checkpoint), then tries to send
 * them. A mail server that is down does not fail the handler: the rows are durable before the
 * offset moves, and the retry loop sends them later.
 */
@Controller()
export class NotificationsConsumer {
  constructor(
    private readonly states: NotificationStates,
    private readonly log: NotificationLog,
  ) {}

  // In batches: one transaction (and its commit) for the events of a fetch, not one per event.
  @EventPattern(Topics.PrestationEvents, deliveredInBatches)
  async onEvents(@Payload() raw: unknown[]): Promise<void> {
    const events = raw.map(decodeEventLogEntry).flatMap((entry) => (entry.stream === 'prestation' ? [entry.recorded] : []));
    if (events.length === 0) return;
    await this.log.sendPending(await this.states.project(events));
  }
}
