import { type Delivery, type OutboxMessage } from './outbox';

/**
 * One way a notification leaves (e-mail, Web Push). `deliver` makes one attempt, every wait in it
 * bounded well inside the outbox's lease, and never throws: a failure is a RETRY.
 */
export interface NotificationChannel {
  /** The `channel` value of the outbox rows it sends. */
  readonly name: string;
  /**
   * The longest one delivery can last, in ms (its waits bounded), or Infinity when nothing bounds
   * it: a message whose claim's lease might end before that is renewed first (ADR 0005).
   */
  readonly longestDeliveryMs: number;
  deliver(message: OutboxMessage): Promise<Delivery>;
  /** Lets go of connections at shutdown, if it holds any. */
  close?(): void;
}
