import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type PushSubscriptionKeys } from './push-sender';

/** The devices each worker registered for Web Push (push_subscriptions, one row per endpoint). */
@Injectable()
export class PushSubscriptions {
  constructor(private readonly dataSource: DataSource) {}

  /** The worker app registers (or refreshes) a device's subscription. */
  async subscribe(workerId: string, subscription: PushSubscriptionKeys): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO push_subscriptions (endpoint, worker_id, p256dh, auth) VALUES ($1, $2, $3, $4)
       ON CONFLICT (endpoint) DO UPDATE SET worker_id = $2, p256dh = $3, auth = $4`,
      [subscription.endpoint, workerId, subscription.p256dh, subscription.auth],
    );
  }

  ofWorker(workerId: string): Promise<PushSubscriptionKeys[]> {
    return this.dataSource.query('SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE worker_id = $1 ORDER BY endpoint', [workerId]);
  }

  /** A subscription the push service says is gone (404/410). */
  async remove(endpoint: string): Promise<void> {
    await this.dataSource.query('DELETE FROM push_subscriptions WHERE endpoint = $1', [endpoint]);
  }
}
