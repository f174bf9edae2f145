import { Controller, Logger, type Type } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { deliveredInBatches } from '@prestaflow/platform';
import { decodeRecordedEvent } from './codec';
import { type Projector } from './projection';

export interface ProjectionControllerOptions {
  /** The first pause after a transient failure; it doubles up to `maxRetryDelayMs`. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
}

// SQLSTATE classes of failures that say nothing about the event: connection (08), transaction
// rollback such as a deadlock or serialization failure (40), insufficient resources (53),
// operator intervention such as a restart (57), system errors (58).
const TRANSIENT_SQLSTATE = /^(08|40|53|57|58)/;
const TRANSIENT_ERRNO = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN']);
// pg's own messages for a pool or connection that failed, which carry no code.
const TRANSIENT_MESSAGE = /connection (terminated|timeout)|timeout exceeded when trying to connect|Connection terminated/i;

/** True for an infrastructure failure that retrying cures; false for a poison event or a bug. */
export function isTransientFailure(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown }; code?: unknown } | null)?.driverError?.code ?? (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE.test(code);
    // Otherwise a socket's errno, or one of the platform's codes (VALIDATION...): about the event itself.
    return TRANSIENT_ERRNO.has(code);
  }
  return error instanceof Error && TRANSIENT_MESSAGE.test(error.message);
}

/**
 * Applies delivered events to each projector, one transaction per projector, retrying a transient
 * failure (database away, deadlock, pool exhausted) without limit: only a poison event or a bug
 * escapes, to the EventLogServer's bounded retries and dead-letter topic, since a dead-lettered
 * event of a healthy stream is a read model that silently lags. Each projector commits its rows
 * with its checkpoints, so a retried or redelivered event changes nothing twice.
 */
export async function projectDelivered(
  projectors: ReadonlyArray<Projector<object>>,
  raw: readonly unknown[],
  options: ProjectionControllerOptions = {},
  logger = new Logger('Projection'),
): Promise<void> {
  const { retryDelayMs = 100, maxRetryDelayMs = 5_000 } = options;
  const events = raw.map(decodeRecordedEvent);
  const first = events[0];
  if (!first) return;
  const what = events.length === 1 ? `${first.streamId}#${first.streamPosition}` : `${events.length} events from ${first.streamId}#${first.streamPosition}`;
  for (const projector of projectors) {
    for (let attempt = 1; ; attempt++) {
      try {
        await projector.apply(events);
        break;
      } catch (error) {
        if (!isTransientFailure(error)) throw error;
        const pause = Math.min(retryDelayMs * 2 ** (attempt - 1), maxRetryDelayMs);
        logger.warn(`${projector.projection.name}: ${what} failed (${(error as Error).message}); retry ${attempt} in ${pause} ms`);
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }
}

/**
 * The consumer side for a service's projections: a controller for the platform's EventLogServer,
 * which delivers the topic in batches (one projector transaction per batch) and falls back to one
 * event at a time, with its bounded retries and dead-letter topic, when a batch fails.
 */
export function projectionController(topic: string, projectors: ReadonlyArray<Projector<object>>, options: ProjectionControllerOptions = {}): Type<unknown> {
  const logger = new Logger(`ProjectionController(${topic})`);

  @Controller()
  class ProjectionController {
    @EventPattern(topic, deliveredInBatches)
    async onEvents(@Payload() raw: unknown[]): Promise<void> {
      await projectDelivered(projectors, raw, options, logger);
    }
  }
  return ProjectionController;
}
