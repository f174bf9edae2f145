import { type Delivery, type OutboxMessage } from './outbox';

/**
 * One way a notification leaves (e-mail, Web Push). `deliver` makes one attempt, every wait in it
 * bounded well inside the outbox's lease, and never throws: a failure is a RETRY.
 */
export interface NotificationChannel {
  /** The `channel` value of the outbox rows it sends. */
  readonly name: string;
  deliver(message: OutboxMessage): Promise<Delivery>;
  /** Lets go of connections at shutdown, if it holds any. */
  close?(): void;
}
