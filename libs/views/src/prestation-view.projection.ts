import { type Instant, type LocalDate, prestationEventContracts } from '@prestaflow/contracts';
import { companyStatus, evolve, type ExistingPrestation, initialState, type PrestationState, userStatus, workerColour } from '@prestaflow/domain';
import { type Projection, type RecordedEvent } from '@prestaflow/event-store';
import { toPrestationEnvelope } from '@prestaflow/event-codecs';

/** One prestation as the company, the worker and the user see it (a row of prestation_views). */
export interface PrestationViewRow {
  readonly prestation_id: string;
  readonly company_id: string;
  readonly worker_id: string;
  readonly user_id: string;
  readonly service_date: LocalDate;
  readonly hours: number;
  readonly activity: string;
  readonly channel: string;
  readonly encoded_by: string;
  readonly encoding_reason: string | null;
  /** R3: the reason given with the last correction, if it gave one. */
  readonly correction_reason: string | null;
  readonly status: ExistingPrestation['status'];
  readonly company_status: string;
  readonly user_status: string;
  readonly worker_colour: string | null;
  readonly worker_deadline: Instant | null;
  readonly version: number;
  readonly encoded_at: Instant;
  readonly updated_at: Instant;
  readonly state: ExistingPrestation;
}

function toRow(prestationId: string, state: ExistingPrestation, previous: PrestationViewRow | null, recorded: RecordedEvent, reasons: Pick<PrestationViewRow, 'encoding_reason' | 'correction_reason'>): PrestationViewRow {
  const { prestation } = state;
  return {
    prestation_id: prestationId,
    company_id: prestation.companyId,
    worker_id: prestation.workerId,
    user_id: prestation.userId,
    service_date: prestation.serviceDate,
    hours: prestation.hours,
    activity: prestation.activity,
    channel: prestation.channel,
    encoded_by: prestation.encodedBy,
    ...reasons,
    status: state.status,
    company_status: companyStatus(state),
    user_status: userStatus(state),
    worker_colour: workerColour(state) ?? null,
    worker_deadline: state.status === 'AwaitingWorker' ? state.workerDeadline.dueAt : null,
    version: state.version,
    encoded_at: previous?.encoded_at ?? recorded.occurredAt,
    updated_at: recorded.occurredAt,
    state,
  };
}

/**
 * The prestation views, folded with the decider's own `evolve`: the row keeps the domain state
 * it was derived from, so statuses come from the domain's functions (R12) and never drift from
 * what the decider would decide on. Time is the event's (`occurredAt`), so a rebuild from the
 * log gives the same rows.
 */
export const prestationViewProjection: Projection<PrestationViewRow> = {
  name: 'prestation_views',
  table: 'prestation_views',
  key: 'prestation_id',
  handles: prestationEventContracts.map((contract) => contract.type),
  evolve(row, recorded) {
    const event = toPrestationEnvelope(recorded);
    const state: PrestationState = evolve(row?.state ?? initialState(), event);
    if (state.status === 'None') return row;
    const reasons = {
      encoding_reason: event.type === 'PrestationEncoded' && event.data.encodedBy === 'COMPANY' ? event.data.reason : (row?.encoding_reason ?? null),
      correction_reason: event.type === 'PrestationCorrected' ? (event.data.reason ?? null) : (row?.correction_reason ?? null),
    };
    return toRow(recorded.streamId, state, row, recorded, reasons);
  },
};
