import { type Decider, IllegalStateError } from '@prestaflow/contracts';
import { eventsOf, specFor, stateAfter } from './given-when-then';

type Counter = { type: 'Add'; by: number };
type Added = { type: 'Added'; by: number };
const counter: Decider<Counter, Added, number> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.by,
  decide: (command, total) => {
    if (total + command.by > 3) throw new IllegalStateError('too much');
    return [{ type: 'Added', by: command.by }];
  },
};
const given = specFor(counter);

describe('given/when/then helper', () => {
  it('folds the history, decides, and compares the events', () => {
    given([{ type: 'Added', by: 1 }]).when({ type: 'Add', by: 2 }).then([{ type: 'Added', by: 2 }]);
    expect(() => given([]).when({ type: 'Add', by: 2 }).then([{ type: 'Added', by: 3 }])).toThrow();
  });

  it('checks the error class and message', () => {
    given([{ type: 'Added', by: 3 }]).when({ type: 'Add', by: 1 }).thenThrows(IllegalStateError, 'too much');
    expect(() => given([]).when({ type: 'Add', by: 1 }).thenThrows(IllegalStateError)).toThrow();
  });

  it('gives the state after the decided events, and partial matches', () => {
    given([{ type: 'Added', by: 1 }]).when({ type: 'Add', by: 1 }).thenState((state, events) => {
      expect(state).toBe(2);
      expect(events).toHaveLength(1);
    });
    given([]).when({ type: 'Add', by: 1 }).thenMatches([{ type: 'Added' }]);
  });

  it('eventsOf runs commands one after the other', () =>
    expect(eventsOf(counter, [{ type: 'Add', by: 1 }, { type: 'Add', by: 2 }])).toEqual([
      { type: 'Added', by: 1 },
      { type: 'Added', by: 2 },
    ]));

  it('stateAfter folds the history then the commands, a refused command writing nothing', () => {
    const history: Added[] = [{ type: 'Added', by: 1 }];
    expect(stateAfter(counter, history, [{ type: 'Add', by: 3 }, { type: 'Add', by: 2 }])).toBe(3);
    const broken: Decider<Counter, Added, number> = { ...counter, decide: () => { throw new TypeError('a bug'); } };
    expect(() => stateAfter(broken, [], [{ type: 'Add', by: 1 }])).toThrow(TypeError);
  });
});
