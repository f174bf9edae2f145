/**
 * Every metric the services expose besides prom-client's process defaults, in one place: the
 * code that records or computes each one names it from here, and the alert rules test
 * (deploy/monitoring) reads the names from a registry built from this list (ADR 0024).
 */
export const metricCatalogue = {
  /** Every service: HTTP request durations, seconds, by route pattern and status code. */
  httpDuration: {
    type: 'histogram',
    name: 'prestaflow_http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
  },
  /** Every service that consumes: messages not yet handled by its group, per partition (at scrape). */
  consumerLag: {
    type: 'gauge',
    name: 'prestaflow_consumer_lag_messages',
    help: "Messages in a partition past the consumer group's committed offset, read from the broker at scrape",
    labelNames: ['group', 'topic', 'partition'],
  },
  /** Every service that consumes: messages it sent to the dead-letter topic, by original topic. */
  deadLetters: {
    type: 'counter',
    name: 'prestaflow_dead_letters_total',
    help: 'Messages this process sent to the dead-letter topic, by original topic and consumer group',
    labelNames: ['topic', 'group'],
  },
  /** The services that write events (and so run the relay): the outbox not yet on Kafka. */
  relayUnpublished: {
    type: 'gauge',
    name: 'prestaflow_relay_unpublished_events',
    help: "Committed events past the relay's checkpoint (relay_checkpoints), not yet acknowledged by Kafka",
    labelNames: ['relay'],
  },
  relayOldestAge: {
    type: 'gauge',
    name: 'prestaflow_relay_oldest_unpublished_age_seconds',
    help: 'Age in seconds of the oldest committed event not yet published by the relay (0 when none)',
    labelNames: ['relay'],
  },
  /** The gateway (views): events a projection handles that it has not applied yet. */
  projectionUnapplied: {
    type: 'gauge',
    name: 'prestaflow_projection_unapplied_events',
    help: 'Events of the most recent 100000 that a projection handles and its checkpoints (projection_checkpoints) have not reached',
    labelNames: ['projection'],
  },
  projectionCheckpointAge: {
    type: 'gauge',
    name: 'prestaflow_projection_checkpoint_age_seconds',
    help: 'Age in seconds of the oldest event a projection has not applied yet (0 when up to date)',
    labelNames: ['projection'],
  },
  /** The deadline service, by its own clock. */
  deadlinesPending: {
    type: 'gauge',
    name: 'prestaflow_deadlines_pending',
    help: 'Open deadlines (not fired yet), by kind',
    labelNames: ['kind'],
  },
  deadlinesOverdue: {
    type: 'gauge',
    name: 'prestaflow_deadlines_overdue',
    help: "Open deadlines already due by the deadline service's clock, by kind",
    labelNames: ['kind'],
  },
  deadlinesOldestOverdueAge: {
    type: 'gauge',
    name: 'prestaflow_deadlines_oldest_overdue_age_seconds',
    help: 'How long ago in seconds the oldest open deadline was due (0 when none is overdue)',
    labelNames: [],
  },
  /** The notification service: pending (pending with a failed attempt: failed), bounced. */
  notifications: {
    type: 'gauge',
    name: 'prestaflow_notifications',
    help: 'Notifications by state: pending (not sent yet), failed (pending, last attempt failed), bounced',
    labelNames: ['state'],
  },
  /** Every service: a scrape-time query that failed or timed out (its gauge is then left empty). */
  collectErrors: {
    type: 'counter',
    name: 'prestaflow_metric_collect_errors_total',
    help: 'Scrape-time reads (SQL, Kafka admin) that failed or timed out, by metric',
    labelNames: ['metric'],
  },
} as const;

export type MetricDefinition = (typeof metricCatalogue)[keyof typeof metricCatalogue];
