import { Agent } from 'node:https';
import webpush, { WebPushError } from 'web-push';
import { type NotificationConfig } from '../config';

export interface PushSubscriptionKeys {
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
}

export type PushOutcome = { readonly outcome: 'sent' } | { readonly outcome: 'gone'; readonly status: number } | { readonly outcome: 'retry'; readonly reason: string };

/**
 * Sends one encrypted Web Push message (RFC 8291, aes128gcm) signed with the platform's VAPID keys
 * (RFC 8292). A push service silent for `timeoutMs` (connecting, or answering) ends the request
 * as a `retry`: without it, one service that took a request and never answered would hold the
 * instance's sends for good, e-mails included (NotificationLog.sendPending waits for a claim's).
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
      await webpush.sendNotification({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, {
        vapidDetails: this.vapid,
        TTL: 86_400,
        timeout: this.timeoutMs,
        ...(this.agent ? { agent: this.agent } : {}),
      });
      return { outcome: 'sent' };
    } catch (error) {
      // 404/410: the browser dropped the subscription; anything else may pass later.
      if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410)) return { outcome: 'gone', status: error.statusCode };
      return { outcome: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
