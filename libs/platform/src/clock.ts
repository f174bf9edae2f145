/**
 * Where services read the time to stamp a command's `metadata.now`. Decisions never read it:
 * they take the time from the command or event, so replays give the same answer.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests and demos set and move forward (CLOCK=controllable); never a patched global. */
export class ControllableClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date): void {
    if (Number.isNaN(instant.getTime())) throw new RangeError('not an instant');
    this.current = new Date(instant);
  }

  advance(milliseconds: number): Date {
    this.current = new Date(this.current.getTime() + milliseconds);
    return this.now();
  }
}
