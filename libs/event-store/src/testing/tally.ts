import { type Decider, typeAndDataCodec } from '../decider';
import { type Projection } from '../projection';

/**
 * A small aggregate for the store's own tests, standing in for the prestation decider:
 * amounts are added to an open tally until someone closes it, once.
 */
export type TallyCommand = { type: 'Add'; data: { amount: number } } | { type: 'Close'; data: { by: string } };
export type TallyEvent = { type: 'Added'; data: { amount: number } } | { type: 'Closed'; data: { by: string } };
export type TallyState = { status: 'Open'; total: number } | { status: 'Closed'; total: number; closedBy: string };

export class TallyClosedError extends Error {
  readonly code = 'ILLEGAL_STATE';
}

export const tallyDecider: Decider<TallyCommand, TallyEvent, TallyState> = {
  initialState: () => ({ status: 'Open', total: 0 }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'Added':
        return { ...state, total: state.total + event.data.amount };
      case 'Closed':
        return { status: 'Closed', total: state.total, closedBy: event.data.by };
    }
  },
  decide: (command, state) => {
    if (state.status === 'Closed') throw new TallyClosedError(`closed by ${state.closedBy}`);
    switch (command.type) {
      case 'Add':
        return [{ type: 'Added', data: command.data }];
      case 'Close':
        return [{ type: 'Closed', data: command.data }];
    }
  },
};

export const tallyCodec = typeAndDataCodec<TallyEvent>();

export interface TallyRow {
  readonly tally_id: string;
  readonly total: number;
  readonly additions: number;
  readonly closed_by: string | null;
  readonly last_event_at: string;
}

export const TALLY_TABLE_DDL = `
  CREATE TABLE tallies (
    tally_id      text PRIMARY KEY,
    total         integer NOT NULL,
    additions     integer NOT NULL,
    closed_by     text,
    last_event_at timestamptz NOT NULL
  )`;

/** The read model of tallies; an `Added` of a negative amount is its poison event. */
export const tallyProjection: Projection<TallyRow> = {
  name: 'tallies',
  table: 'tallies',
  key: 'tally_id',
  handles: ['Added', 'Closed'],
  evolve: (row, event) => {
    const current = row ?? { tally_id: event.streamId, total: 0, additions: 0, closed_by: null, last_event_at: event.occurredAt };
    const { type, data } = tallyCodec.decode(event);
    switch (type) {
      case 'Added':
        if (data.amount < 0) throw Object.assign(new Error(`negative amount ${data.amount}`), { code: 'VALIDATION' });
        return { ...current, total: current.total + data.amount, additions: current.additions + 1, last_event_at: event.occurredAt };
      case 'Closed':
        return { ...current, closed_by: data.by, last_event_at: event.occurredAt };
    }
  },
};
