import { ApiError, NetworkError } from '../api/client';
import { type PrestationFacts } from '../api/types';
import { type ActionOutcome, CommandKeys, withOutcomes } from './use-prestation-actions';

const prestation = (streamVersion: number, prestationId = 'p-1') => ({ prestationId, streamVersion, version: 1 }) as PrestationFacts;
const unavailable: ActionOutcome = { error: new ApiError(503, 'UNAVAILABLE', 'the validation service did not answer; retry with the same Idempotency-Key') };
const refused: ActionOutcome = { error: new ApiError(409, 'ILLEGAL_STATE', 'cannot validate in state WorkerValidated') };

describe('CommandKeys: the Idempotency-Key a page sends with a command (review: a 503 then a retry with a new key was refused as 409)', () => {
  const keys = () => {
    let n = 0;
    return new CommandKeys(() => `key-${++n}`);
  };

  it('keeps the key of a command whose outcome is unknown (503, no answer), so pressing again repeats that request', () => {
    const page = keys();
    expect(page.keyFor(prestation(2), 'company.validated')).toBe('key-1');
    page.settled(prestation(2), 'company.validated', unavailable);
    expect(page.keyFor(prestation(2), 'company.validated')).toBe('key-1');
    page.settled(prestation(2), 'company.validated', { error: new NetworkError('Failed to fetch') });
    expect(page.keyFor(prestation(2), 'company.validated')).toBe('key-1');
  });

  it('takes a new key once the outcome is known: done, or refused', () => {
    const page = keys();
    page.keyFor(prestation(2), 'company.validated');
    page.settled(prestation(2), 'company.validated', { done: 'company.validated', version: 3 });
    expect(page.keyFor(prestation(2), 'company.validated')).toBe('key-2');
    page.settled(prestation(2), 'company.validated', refused);
    expect(page.keyFor(prestation(2), 'company.validated')).toBe('key-3');
  });

  it('one key per prestation, action and stream version: another of them is another request', () => {
    const page = keys();
    expect(page.keyFor(prestation(2), 'company.validated')).toBe('key-1');
    expect(page.keyFor(prestation(2, 'p-2'), 'company.validated')).toBe('key-2');
    expect(page.keyFor(prestation(2), 'company.cancelled')).toBe('key-3');
    expect(page.keyFor(prestation(3), 'company.validated')).toBe('key-4');
  });
});

describe('withOutcomes: a 409 does not replace our own success on the same prestation', () => {
  // Validated by us: the command answered stream version 3. The prestation was never corrected (its `version` is 1).
  const ours = new Map<string, ActionOutcome>([['p-1', { done: 'company.validated', version: 3 }]]);
  const after = (streamVersion: number, outcome: ActionOutcome) => withOutcomes(ours, [{ prestation: prestation(streamVersion), outcome }]).get('p-1');

  it('drops a 409 for a command sent on the stream version before our success (a double click, the view not caught up)', () => {
    expect(after(2, refused)).toEqual(ours.get('p-1'));
  });

  it('keeps a 409 for a command sent once the view had caught up with our success (review: compared with the correction count, every later 409 was dropped)', () => {
    expect(after(3, refused)).toBe(refused);
    expect(after(4, refused)).toBe(refused);
  });

  it('keeps what is not a 409 after a success, and anything on another prestation or without a success before it', () => {
    expect(after(2, unavailable)).toBe(unavailable);
    expect(withOutcomes(ours, [{ prestation: prestation(2, 'p-2'), outcome: refused }]).get('p-2')).toBe(refused);
    expect(withOutcomes(new Map([['p-1', refused]]), [{ prestation: prestation(2), outcome: unavailable }]).get('p-1')).toBe(unavailable);
  });
});
