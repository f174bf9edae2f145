import { type NotificationChannel } from './channels';
import { type Delivery, type OutboxMessage } from './outbox';
import { type PushSender } from './push-sender';
import { type PushSubscriptions } from './push-subscriptions';

/** Web Push to every device the worker registered: sent when one took it; expired subscriptions are removed. */
export class PushChannel implements NotificationChannel {
  readonly name = 'PUSH';
  /** One request per device, one device after another: each bounded (PUSH_TIMEOUT_MS), their number not. */
  readonly longestDeliveryMs = Infinity;

  constructor(
    private readonly sender: PushSender,
    private readonly subscriptions: PushSubscriptions,
  ) {}

  async deliver(message: OutboxMessage): Promise<Delivery> {
    let sent = 0;
    const failures: string[] = [];
    for (const subscription of await this.subscriptions.ofWorker(message.recipient.replace(/^worker:/, ''))) {
      const outcome = await this.sender.send(subscription, message.body_text);
      if (outcome.outcome === 'sent') sent++;
      else if (outcome.outcome === 'gone') await this.subscriptions.remove(subscription.endpoint);
      else failures.push(outcome.reason);
    }
    if (sent > 0) return { status: 'SENT', detail: `${sent} device(s)` };
    if (failures.length > 0) return { status: 'RETRY', detail: failures.join('; ') };
    return { status: 'BOUNCED', detail: 'no live push subscription' };
  }
}
