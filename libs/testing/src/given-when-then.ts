import { type Decider, DomainError } from '@prestaflow/contracts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jest's own type for an error class
type ErrorClass = new (...args: any[]) => Error;

/** Runs commands one after the other through a decider and returns every event they decided. */
export function eventsOf<C, E, S>(decider: Decider<C, E, S>, commands: readonly C[]): E[] {
  const events: E[] = [];
  let state = decider.initialState();
  for (const command of commands) {
    const decided = decider.decide(command, state);
    state = decided.reduce(decider.evolve, state);
    events.push(...decided);
  }
  return events;
}

/**
 * The state after `history` then `commands`, each decided on the state the one before left, as
 * the services run them: a refused command (a DomainError, e.g. a stale deadline) writes nothing.
 */
export function stateAfter<C, E, S>(decider: Decider<C, E, S>, history: readonly E[], commands: readonly C[]): S {
  return commands.reduce((state, command) => {
    try {
      return decider.decide(command, state).reduce(decider.evolve, state);
    } catch (error) {
      if (error instanceof DomainError) return state;
      throw error;
    }
  }, history.reduce(decider.evolve, decider.initialState()));
}

/**
 * given(events).when(command).then(expected events) | thenThrows(ErrorClass) | thenState(check):
 * a test reads like the rule it checks (house-style.md, section 4).
 */
export function specFor<C, E, S>(decider: Decider<C, E, S>) {
  return (history: readonly E[]) => ({
    when: (command: C) => {
      const state = history.reduce(decider.evolve, decider.initialState());
      const decide = () => decider.decide(command, state);
      return {
        then: (expected: readonly E[]): void => {
          expect(decide()).toEqual(expected);
        },
        /** Checks a part of each decided event (the same count, each matching `expected`). */
        thenMatches: (expected: readonly object[]): void => {
          const decided = decide();
          expect(decided).toHaveLength(expected.length);
          decided.forEach((event, index) => expect(event).toMatchObject(expected[index]));
        },
        thenThrows: (type: ErrorClass, message?: string | RegExp): void => {
          expect(decide).toThrow(type);
          if (message !== undefined) expect(decide).toThrow(message);
        },
        /** The state after the decided events, for views and invariants. */
        thenState: (check: (state: S, events: readonly E[]) => void): void => {
          const events = decide();
          check(events.reduce(decider.evolve, state), events);
        },
      };
    },
  });
}
