// One Decider shape for the platform, named by the contracts: the store runs the domain's deciders without depending on the domain.
export type { Decider } from '@prestaflow/contracts';

/** How a domain event becomes a stored one and back; the store itself knows no event types. */
export interface EventCodec<Event> {
  readonly encode: (event: Event) => { readonly type: string; readonly data: unknown; readonly schemaVersion?: number };
  readonly decode: (event: { readonly type: string; readonly data: unknown; readonly schemaVersion: number }) => Event;
}

/** For events shaped `{ type, data }`, the usual case: stored as they are. */
export function typeAndDataCodec<Event extends { readonly type: string; readonly data: unknown }>(): EventCodec<Event> {
  return {
    encode: ({ type, data }) => ({ type, data }),
    decode: ({ type, data }) => ({ type, data }) as Event,
  };
}
