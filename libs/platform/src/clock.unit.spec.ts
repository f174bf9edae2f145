import { ControllableClock } from './clock';

describe('ControllableClock', () => {
  it('stays where it is set and moves only when told', () => {
    const clock = new ControllableClock(new Date('2025-06-02T08:00:00.000Z'));
    expect(clock.now().toISOString()).toBe('2025-06-02T08:00:00.000Z');
    expect(clock.advance(5 * 24 * 3600_000).toISOString()).toBe('2025-06-07T08:00:00.000Z');
    clock.set(new Date('2025-12-25T00:00:00.000Z'));
    expect(clock.now().toISOString()).toBe('2025-12-25T00:00:00.000Z');
    expect(() => clock.set(new Date('nope'))).toThrow(RangeError);
  });

  it('hands out copies, so a caller cannot move it by accident', () => {
    const clock = new ControllableClock(new Date('2025-06-02T08:00:00.000Z'));
    clock.now().setFullYear(1999);
    expect(clock.now().getUTCFullYear()).toBe(2025);
  });
});
