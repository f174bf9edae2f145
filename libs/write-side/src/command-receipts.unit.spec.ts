import fc from 'fast-check';
import { requestHash } from './command-receipts';

/** A copy of `value` with the properties of every object (at any depth) in another order. */
function reordered(value: unknown, order: (keys: string[]) => string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => reordered(item, order));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(order(Object.keys(value)).map((key) => [key, reordered((value as Record<string, unknown>)[key], order)]));
}

const requests = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 4 }), { minKeys: 1 });

describe('request identity of an idempotent command (canonical JSON, ADR 0014)', () => {
  it('the same body with its properties in another order, at any depth, is the same request', () => {
    fc.assert(
      fc.property(requests, fc.boolean(), (request, reverse) => {
        const other = reordered(request, (keys) => (reverse ? keys.reverse() : [...keys].sort().reverse()));
        expect(requestHash(other)).toBe(requestHash(request));
      }),
    );
  });

  it('a request with a value changed, added or removed is another request', () => {
    fc.assert(
      fc.property(requests, fc.string({ maxLength: 8 }), (request, key) => {
        const changed = { ...request, [key]: { was: request[key] ?? null } };
        expect(requestHash(changed)).not.toBe(requestHash(request));
      }),
    );
    const body = { actor: { id: 'co-1', role: 'COMPANY' }, data: { hours: 4, tags: ['a', 'b'] } };
    expect(requestHash({ ...body, data: { ...body.data, tags: ['b', 'a'] } })).not.toBe(requestHash(body));
    expect(requestHash({ ...body, data: { hours: 4 } })).not.toBe(requestHash(body));
    expect(requestHash({ data: { tags: ['a', 'b'], hours: 4 }, actor: { role: 'COMPANY', id: 'co-1' } })).toBe(requestHash(body));
  });
});
