import { prestationEventContracts } from '@prestaflow/contracts';
import { evolve, initialState, type PrestationState } from '@prestaflow/domain';
import { type Projection } from '@prestaflow/event-store';
import { toPrestationEnvelope } from '@prestaflow/event-codecs';

/**
 * A row of `notification_states` as the Projector reads it (`to_jsonb`: instants are ISO text):
 * one per prestation, the state its notifications are planned from (ADR 0029).
 */
export interface NotificationStateRow {
  readonly prestation_id: string;
  /** The domain state folded from the prestation's events: the next event is folded onto it. */
  readonly state: PrestationState;
  readonly company_id: string;
  /**
   * R14: the worker's deadline while the prestation awaits its worker, else null. The companies'
   * digest list is the rows where it is set (a partial index): the list is this projection.
   */
  readonly awaiting_worker_until: string | null;
}

/**
 * The prestations' states for the notification service (issue #12 item 1, ADR 0029): each event
 * delivered is folded onto the row's state with the decider's own `evolve`, so the planner gets
 * the state right after the event without reading the stream again. Final prestations keep their
 * row: the state is small, and a row never dropped cannot come back from the next event's fold
 * with a wrong state.
 */
export const notificationStateProjection: Projection<NotificationStateRow> = {
  name: 'notification_states',
  table: 'notification_states',
  key: 'prestation_id',
  handles: prestationEventContracts.map((contract) => contract.type),
  evolve(row, recorded) {
    const state = evolve(row?.state ?? initialState(), toPrestationEnvelope(recorded));
    if (state.status === 'None') return null;
    return {
      prestation_id: recorded.streamId,
      state,
      company_id: state.prestation.companyId,
      awaiting_worker_until: state.status === 'AwaitingWorker' ? state.workerDeadline.dueAt : null,
    };
  },
};
