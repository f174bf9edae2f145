import { Agent } from 'node:https';
import webpush from 'web-push';
import { exchange } from '@prestaflow/platform';
import { type NotificationConfig } from '../config';

export interface PushSubscriptionKeys {
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
}

export type PushOutcome = { readonly outcome: 'sent' } | { readonly outcome: 'gone'; readonly status: number } | { readonly outcome: 'retry'; readonly reason: string };

/**
 * Sends one encrypted Web Push message (RFC 8291, aes128gcm) signed with the platform's VAPID keys
 * (RFC 8292): web-push builds the request, and it is sent with a bound on the whole exchange
 * (`timeoutMs`), past which it is a `retry`. web-push's own `timeout` is a socket timeout, which
 * each byte restarts: a push service that answered a byte at a time held the instance's sends for
 * good, e-mails included (NotificationLog.sendPending waits for a claim's).
 */
export class PushSender {
  private readonly agent?: Agent;

  constructor(
    private readonly vapid: NonNullable<NotificationConfig['vapid']>,
    ca: string | null,
    private readonly timeoutMs: number,
  ) {
    if (ca) this.agent = new Agent({ ca });
  }

  async send(subscription: PushSubscriptionKeys, payload: string): Promise<PushOutcome> {
    try {
      const request = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, {
        vapidDetails: this.vapid,
        TTL: 86_400,
      });
      const { status, text } = await exchange(new URL(request.endpoint), {
        method: request.method,
        headers: request.headers,
        body: request.body ?? undefined,
        agent: this.agent,
        timeoutMs: this.timeoutMs,
      });
      if (status >= 200 && status < 300) return { outcome: 'sent' };
      // 404/410: the browser dropped the subscription; anything else may pass later.
      if (status === 404 || status === 410) return { outcome: 'gone', status };
      // Its words go to the outbox's last_error: no control character (PostgreSQL's text refuses a NUL).
      const words = text.replace(/\p{Cc}+/gu, ' ').trim().slice(0, 200);
      return { outcome: 'retry', reason: `the push service answered ${status}${words ? `: ${words}` : ''}` };
    } catch (error) {
      return { outcome: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
