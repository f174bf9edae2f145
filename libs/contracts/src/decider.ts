// The contract between the domain's deciders and the event store that runs them: here, so that the
// store need not depend on the domain to name the shape it runs.
/** The shape of every aggregate's rules (emmett's decider): pure functions, no I/O, no clock. */
export interface Decider<Command, Event, State> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State) => readonly Event[];
}
