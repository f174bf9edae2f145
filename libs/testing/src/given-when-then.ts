import type { Decider } from '@prestaflow/domain';

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
