import { prestationEventContracts } from '@prestaflow/contracts';
import { evolve, initialState, isFinal, type PrestationState } from '@prestaflow/domain';
import { type Projection } from '@prestaflow/event-store';
import { toPrestationEnvelope } from '@prestaflow/event-codecs';
import { type DeadlineKind, type OpenDeadline, openDeadlines } from './open-deadlines';

/**
 * A row of the deadlines table as the Projector reads it (`to_jsonb`: instants are ISO text): one
 * per prestation still open (ADR 0026), with its earliest deadline still to fire.
 */
export interface DeadlineRow {
  readonly prestation_id: string;
  readonly user_id: string;
  /** The domain state folded from the prestation's events: the next event is folded onto it. */
  readonly state: PrestationState;
  /** The earliest open deadline (OpenDeadline.id); null with the next four when none runs (contested). */
  readonly id: string | null;
  readonly kind: DeadlineKind | null;
  readonly deadline_id: string | null;
  readonly reminder: number | null;
  /** Null too once the deadline is fired, until an event folded here names the next one. */
  readonly due_at: string | null;
  /** R17: a user window runs, so a declared absence extends it. */
  readonly user_window: boolean;
  /** The claim's token and end (ADR 0022). */
  readonly lease: string | null;
  readonly lease_until: string | null;
}

const byDueInstant = (a: OpenDeadline, b: OpenDeadline) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id);

/** A prestation's open deadlines, earliest first (the order they fire in). */
export const openDeadlinesInOrder = (prestationId: string, state: PrestationState): OpenDeadline[] => openDeadlines(prestationId, state).sort(byDueInstant);

const sameInstant = (a: string | null, b: string | undefined) => a !== null && b !== undefined && Date.parse(a) === Date.parse(b);

/**
 * The deadlines as a projection of the prestation streams (issue #12 item 1, ADR 0026): each event
 * delivered is folded onto the state the row keeps with the decider's own `evolve`, so no stream is
 * read again per event, and the row names the earliest deadline still to fire (R6, R7, R8, R10,
 * R16). A final prestation has no row. A claim under way keeps its lease while the earliest
 * deadline stays the same; any other change frees the row (a new deadline, or the fired one's
 * event folded), so what the row names is claimable again.
 */
export const deadlineProjection: Projection<DeadlineRow> = {
  name: 'deadlines',
  table: 'deadlines',
  key: 'prestation_id',
  handles: prestationEventContracts.map((contract) => contract.type),
  evolve(row, recorded) {
    const state = evolve(row?.state ?? initialState(), toPrestationEnvelope(recorded));
    if (state.status === 'None' || isFinal(state)) return null;
    const open = openDeadlinesInOrder(recorded.streamId, state);
    const [next] = open;
    const claimed = row !== null && row.lease !== null && row.id === (next?.id ?? null) && sameInstant(row.due_at, next?.dueAt);
    return {
      prestation_id: recorded.streamId,
      user_id: state.prestation.userId,
      state,
      id: next?.id ?? null,
      kind: next?.kind ?? null,
      deadline_id: next?.deadlineId ?? null,
      reminder: next?.reminder ?? null,
      due_at: next?.dueAt ?? null,
      user_window: open.some((deadline) => deadline.kind === 'USER'),
      lease: claimed ? row.lease : null,
      lease_until: claimed ? row.lease_until : null,
    };
  },
};
