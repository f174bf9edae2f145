import { type Mailer } from '@prestaflow/mail';
import { type NotificationChannel } from './channels';
import { type Delivery, type OutboxMessage } from './outbox';

/** E-mail through SMTP: sent, refused by the server (BOUNCED), or kept for a retry (server away, ADR 0005). */
export class EmailChannel implements NotificationChannel {
  readonly name = 'EMAIL';

  /** @param longestDeliveryMs every wait of an exchange bounded: SMTP_EXCHANGE_STEPS x SMTP_TIMEOUT_MS (config.ts). */
  constructor(
    private readonly mailer: Mailer,
    readonly longestDeliveryMs: number,
  ) {}

  async deliver(message: OutboxMessage): Promise<Delivery> {
    if (!message.address) return { status: 'BOUNCED', detail: 'no address' };
    try {
      const delivery = await this.mailer.deliver({
        to: message.address,
        subject: message.subject,
        text: message.body_text,
        html: message.body_html,
        language: message.language,
        messageId: message.message_id,
      });
      return delivery.outcome === 'sent' ? { status: 'SENT', detail: delivery.response } : { status: 'BOUNCED', detail: delivery.reason };
    } catch (error) {
      // MailServerUnavailableError, or anything else on the way: kept pending, never dead-lettered.
      return { status: 'RETRY', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  close(): void {
    this.mailer.close();
  }
}
