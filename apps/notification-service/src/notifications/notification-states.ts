import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type UserAbsence } from '@prestaflow/domain';
import { toPrestationEnvelope } from '@prestaflow/event-codecs';
import { readUserAbsences } from '@prestaflow/write-side';
import { fillIfNeverProjected, projectDelivered, Projector, type RecordedEvent, type RowChange } from '@prestaflow/event-store';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { NotificationLog } from './notification-log';
import { notificationStateProjection, type NotificationStateRow } from './notification-state.projection';
import { planNotifications, readContacts, readNames } from './planner';
import { needsAbsences, noticesOf } from './reasons';

/**
 * The notification service's one projection, `notification_states` (ADR 0029), and its reaction:
 * the notifications an event asks for are planned from the row's state right after the event and
 * recorded in the outbox in the Projector's transaction, with the row and the checkpoint. An event
 * delivered again is skipped by the checkpoint and records nothing; a failure records nothing
 * and moves nothing, and the redelivery plans it afresh. Sending stays after the commit (outbox).
 */
@Injectable()
export class NotificationStates implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationStates.name);
  /** Folds delivered events and reacts; `project` is the consumer's way in. */
  readonly projector: Projector<NotificationStateRow>;
  /** Events whose reaction recorded rows in a transaction not yet taken by its `project` call. */
  private readonly recorded = new Set<string>();
  private filled?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: NotificationLog,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {
    this.projector = new Projector(dataSource, notificationStateProjection, undefined, {
      react: async (manager, changes) => {
        for (const eventId of await this.react(manager, changes)) this.recorded.add(eventId);
      },
    });
  }

  onApplicationBootstrap(): void {
    void this.whenFilled();
  }

  /**
   * Resolves once the table is filled, when it was never projected (after its migration). Started
   * once, by the first caller; a failed fill is logged and the consumer goes on (the Projector then
   * fills each stream's gap as its next event comes).
   */
  whenFilled(): Promise<unknown> {
    this.filled ??= this.fillIfNeverProjected().catch((error: unknown) =>
      this.logger.error(`filling the notification states failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    return this.filled;
  }

  /**
   * Fills a table never projected from the event store (ADR 0029). The past is folded without
   * reacting, except what the consumer this projection replaced may not have handled: it took
   * each stream's events in order and left outbox rows for every one it notified, so the events
   * after the last of those react (one that was handled after all finds its rows: the outbox key).
   * Returns how many prestations were projected, or undefined when there was nothing to fill or
   * another instance does it.
   */
  fillIfNeverProjected(): Promise<number | undefined> {
    const handledUpTo = new Map<string, number>();
    return fillIfNeverProjected(this.dataSource, notificationStateProjection, 'prestation', {
      react: async (manager, changes) => {
        const unhandled: Array<RowChange<NotificationStateRow>> = [];
        for (const change of changes) {
          const { streamId, streamPosition } = change.event;
          let upTo = handledUpTo.get(streamId);
          if (upTo === undefined) {
            const [row] = (await manager.query(
              `SELECT coalesce(max(stream_position), 0)::int AS position FROM events
               WHERE stream_id = $1 AND event_id::text IN (SELECT event_id FROM notifications WHERE prestation_id = $1)`,
              [streamId],
            )) as [{ position: number }];
            upTo = row.position;
            handledUpTo.set(streamId, upTo);
          }
          if (streamPosition > upTo) unhandled.push(change);
        }
        if (unhandled.length > 0) await this.react(manager, unhandled);
      },
    });
  }

  /**
   * Folds delivered events, one transaction for all (ADR 0029), and returns the ids of those whose
   * reactions recorded notifications, to send at once after the commit. Only these events' ids are
   * taken: partitions handled at once (EventLogServer) each send their own, never another's still
   * uncommitted ones, and a rolled-back transaction leaves none behind (its redelivery records again).
   */
  async project(events: readonly RecordedEvent[]): Promise<string[]> {
    await this.whenFilled();
    const ids = events.map((event) => event.eventId);
    try {
      await projectDelivered([this.projector], events);
    } catch (error) {
      for (const id of ids) this.recorded.delete(id);
      throw error;
    }
    return ids.filter((id) => this.recorded.delete(id));
  }

  /**
   * Records the notifications the changes' events ask for, in the caller's transaction, reading the
   * contacts and names they need in a few queries for all of them (not a few per event: the
   * transaction stays short, ADR 0004). Returns the ids of the events that recorded rows.
   */
  private async react(manager: EntityManager, changes: ReadonlyArray<RowChange<NotificationStateRow>>): Promise<string[]> {
    const found = changes.flatMap(({ event: recorded, before, after }) => {
      if (after === null || after.state.status === 'None') return [];
      const event = toPrestationEnvelope(recorded);
      const { state } = after;
      const previous = before?.state ?? { status: 'None' as const };
      const notices = noticesOf(event.prestationId, event, state, previous);
      return notices.length === 0 ? [] : [{ event, state, previous, notices }];
    });
    if (found.length === 0) return [];
    // R17: a date to confirm by counts the user's declared absences; read once per user, only for those notices.
    const absencesOf = new Map<string, readonly UserAbsence[]>();
    for (const { state, notices } of found) {
      const { userId } = state.prestation;
      if (needsAbsences(notices) && !absencesOf.has(userId)) absencesOf.set(userId, (await readUserAbsences(manager, userId)).absences);
    }
    const noticed = found.map(({ event, state, previous, notices }) => {
      const absences = absencesOf.get(state.prestation.userId);
      return { event, state, notices: needsAbsences(notices) && absences?.length ? noticesOf(event.prestationId, event, state, previous, absences) : notices };
    });
    const contactOf = await readContacts(manager, noticed.flatMap(({ state, notices }) => notices.map(({ audience }) => ({ audience, state }))));
    const names = await readNames(manager, noticed.map(({ state }) => state));
    const planned = noticed.flatMap(({ event, state, notices }, i) =>
      planNotifications(this.config.appUrl, event, state, notices.map((notice) => ({ notice, contact: contactOf(notice.audience, state) })), names[i]),
    );
    return this.log.record(planned, manager);
  }
}
