import { IllegalStateError } from '@prestaflow/contracts';
import { type RecordedEvent } from './events';
import { type Projection, type Projector } from './projection';

/**
 * What an operator's rebuild or replay does with an event it cannot project (issue #10): `stop`
 * there, or `skip` it and the rest of its stream (as the live consumer halts a stream behind a
 * dead letter) and go on with the other streams. Either way the event is reported.
 */
export type BadEventPolicy = 'skip' | 'stop';
export const badEventPolicies: readonly BadEventPolicy[] = ['skip', 'stop'];

/** The operator's choice for the bad events of one rebuild or replay. */
export interface BadEventOptions {
  /** `stop` unless said. */
  readonly onBadEvent?: BadEventPolicy;
  /** Told of each bad event met, before the work stops or goes on. */
  readonly reportBadEvent?: (bad: BadEvent) => void;
}

/** An event a rebuild or replay could not project: where it is (stream, position) and why. */
export interface BadEvent {
  readonly streamId: string;
  /** null for a Kafka message that is not a recorded event at all (then `logOffset` says where). */
  readonly streamPosition: number | null;
  readonly eventId: string | null;
  readonly type: string | null;
  /** `topic[partition]@offset`, when read from Kafka. */
  readonly logOffset?: string;
  /** The error's code (VALIDATION for an event its contract refuses) and message. */
  readonly code: string;
  readonly reason: string;
}

/** Thrown by a guarded projection's evolve: the event it refused, and the original error. */
export class BadEventError extends Error {
  constructor(
    readonly badEvent: BadEvent,
    readonly original: unknown,
  ) {
    super(describeBadEvent(badEvent));
  }
}

/** A rebuild or replay stopped at a bad event, as the operator asked (`stop`). HTTP 409. */
export class RebuildStoppedError extends IllegalStateError {
  constructor(
    readonly work: string,
    readonly badEvent: BadEvent,
  ) {
    super(`${work} stopped at a bad event: ${describeBadEvent(badEvent)}`);
  }
}

export const describeBadEvent = (bad: BadEvent) =>
  `stream ${bad.streamId} #${bad.streamPosition ?? '?'} (${bad.type ?? 'not an event'}, ${bad.logOffset ?? `event ${bad.eventId}`}): ${bad.code} ${bad.reason}`;

/** The bad event that `error` is about: the event itself and what was wrong with it. */
export function badEventOf(event: RecordedEvent, error: unknown): BadEvent {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    streamId: event.streamId,
    streamPosition: event.streamPosition,
    eventId: event.eventId,
    type: event.type,
    code: typeof code === 'string' ? code : 'ERROR',
    reason: error instanceof Error ? error.message : String(error),
  };
}

/** The projection whose evolve names the event it throws on (contract refused, or its own error). */
export function guarded<Row extends object>(projection: Projection<Row>): Projection<Row> {
  return {
    ...projection,
    evolve: (row, event) => {
      try {
        return projection.evolve(row, event);
      } catch (error) {
        throw new BadEventError(badEventOf(event, error), error);
      }
    },
  };
}

/**
 * PostgreSQL refused a row because of its values (SQLSTATE class 22 data exception, e.g. a date
 * out of range, or 23 integrity): the event's fault, not the connection's.
 */
export const isDataError = (error: unknown): boolean => {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
};

/**
 * Applies events through a projector of a guarded projection, with the operator's bad-event
 * policy: a bad event is reported, then either the work stops (RebuildStoppedError) or its
 * stream is left out from there on and the rest applied. A batch that PostgreSQL refuses for
 * its values is applied event by event to find the culprit. Other errors (the database gone)
 * are thrown as they are: nothing is silently skipped.
 */
export class BadEventGuard {
  /** The streams left out, from which position on. */
  private readonly halted = new Map<string, number>();

  constructor(
    private readonly work: string,
    private readonly options: BadEventOptions = {},
  ) {}

  isHalted(streamId: string, streamPosition = Number.MAX_SAFE_INTEGER): boolean {
    return streamPosition >= (this.halted.get(streamId) ?? Infinity);
  }

  /**
   * Reports a bad event; throws when the policy is to stop, else leaves its stream out from its
   * position on (`from` when it has none: a Kafka message that is not an event).
   */
  report(bad: BadEvent, from = bad.streamPosition ?? 1): void {
    this.options.reportBadEvent?.(bad);
    if ((this.options.onBadEvent ?? 'stop') === 'stop') throw new RebuildStoppedError(this.work, bad);
    this.halted.set(bad.streamId, Math.min(from, this.halted.get(bad.streamId) ?? Infinity));
  }

  async apply(projector: Projector<object>, events: readonly RecordedEvent[]): Promise<void> {
    const live = events.filter((event) => !this.isHalted(event.streamId, event.streamPosition));
    if (live.length === 0) return;
    try {
      await projector.apply(live);
    } catch (error) {
      if (error instanceof BadEventError) {
        this.report(error.badEvent);
        return this.apply(projector, live);
      }
      if (!isDataError(error)) throw error;
      if (live.length === 1) return this.report(badEventOf(live[0] as RecordedEvent, error));
      for (const event of live) await this.apply(projector, [event]);
    }
  }
}
