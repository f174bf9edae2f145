import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { isPlatformDate, parsePrestationEvent, parseWorkerProfileEvent } from './envelope';
import { ValidationError } from './errors';
import { companyEncodingBody, workerEmailBody } from './request-bodies';
import { earliestDate, emailPattern } from './schema';
import { isStorableText, requireStorableText } from './storable-text';

// The gateway's validator, as RequestBodyInterceptor builds it.
const gatewayAjv = addFormats(new Ajv({ removeAdditional: 'all', strictRequired: false }));
const apiTakesEmail = gatewayAjv.compile(workerEmailBody);
const apiTakesEncoding = gatewayAjv.compile(companyEncodingBody);

const emailChanged = (email: string) => ({
  eventId: 'event-1',
  workerId: '980000000003',
  streamPosition: 1,
  occurredAt: '2026-08-19T08:00:00.000Z',
  actor: { id: 'co-1', role: 'COMPANY' },
  schemaVersion: 1,
  correlationId: null,
  causationId: null,
  type: 'WorkerEmailChanged',
  data: { email, changedBy: 'COMPANY' },
});

const encoded = (data: Record<string, unknown>) => ({
  eventId: 'event-1',
  prestationId: '3f1d2c4e-8a9b-4c1d-9e2f-0a1b2c3d4e5f',
  streamPosition: 1,
  occurredAt: '2026-08-19T08:00:00.000Z',
  actor: { id: 'co-1', role: 'COMPANY' },
  schemaVersion: 2,
  correlationId: 'key-1',
  causationId: null,
  type: 'PrestationEncoded',
  data: {
    companyId: 'co-1',
    workerId: '980000000003',
    userId: '100000000042',
    serviceDate: '2026-08-18',
    hours: 4,
    activity: 'IRONING',
    region: 'WALLONIA',
    encodedBy: 'COMPANY',
    channel: 'COMPANY',
    reason: 'no network',
    workerDeadline: { id: 'worker-v1', dueAt: '2026-08-26T21:59:59.999Z' },
    ...data,
  },
});

const contractTakes = (parse: (raw: unknown) => unknown, raw: unknown) => {
  try {
    parse(raw);
    return true;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return false;
  }
};
const fieldRefused = (parse: (raw: unknown) => unknown, raw: unknown) => {
  try {
    parse(raw);
  } catch (error) {
    return (error as ValidationError).field;
  }
  return undefined;
};

describe('R11 one e-mail check: the API, the event contract, the CSV imports and the decider agree (issue #10)', () => {
  const pattern = new RegExp(emailPattern);

  it('refuses "a"@b.c everywhere (the API took it, the contract refused it: a poison event)', () => {
    expect(apiTakesEmail({ email: '"a"@b.c' })).toBe(false);
    expect(pattern.test('"a"@b.c')).toBe(false);
    expect(contractTakes(parseWorkerProfileEvent, emailChanged('"a"@b.c'))).toBe(false);
  });

  it('for any text, the API schema, the pattern and the contract give the same answer', () => {
    const emailish = fc.string({ unit: fc.constantFrom(...'ab.@-_+"\\ ()[]é1'.split('')), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), emailish, fc.string()), (email) => {
        const api = apiTakesEmail({ email });
        expect(contractTakes(parseWorkerProfileEvent, emailChanged(email))).toBe(api);
        expect(pattern.test(email) && email.length <= 254).toBe(api);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('service dates: from the start of the service-voucher system (2004) to year 9999 (issue #10, ADR 0013)', () => {
  it('refuses 0000-01-01 in the request and in the event (PostgreSQL has no year 0)', () => {
    expect(fieldRefused(parsePrestationEvent, encoded({ serviceDate: '0000-01-01' }))).toBe('data.serviceDate');
    expect(apiTakesEncoding({ prestationId: '3f1d2c4e-8a9b-4c1d-9e2f-0a1b2c3d4e5f', userId: '100000000042', serviceDate: '0000-01-01', hours: 4, workerId: '980000000003', activity: 'IRONING', reason: 'x' })).toBe(false);
    expect(isPlatformDate('0000-01-01')).toBe(false);
  });

  it(`takes exactly the real days from ${earliestDate}, in the contract, the API and the views' filters alike`, () => {
    const day = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }));
    fc.assert(
      fc.property(day, ([year, month, dayOfMonth]) => {
        const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
        const real = new Date(`2000-${date.slice(5)}T00:00:00Z`).getUTCMonth() + 1 === month && (month !== 2 || dayOfMonth < 29 || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)));
        const expected = real && date >= earliestDate;
        expect(isPlatformDate(date)).toBe(expected);
        expect(contractTakes(parsePrestationEvent, encoded({ serviceDate: date }))).toBe(expected);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('text PostgreSQL cannot store: no NUL, no unpaired surrogate, in any field (issue #10, ADR 0013)', () => {
  const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
  const poison = fc.oneof(fc.constant('\u0000'), surrogate);
  /** Text with one poison character somewhere, never completing a surrogate pair. */
  const poisoned = fc.tuple(fc.string({ maxLength: 10 }), poison, fc.string({ maxLength: 10 })).map(([a, p, b]) => `${a} ${p} ${b}`);

  it('refuses "a\\u0000b" as a reason, naming data.reason (it became a 503 that no retry could cure)', () => {
    expect(fieldRefused(parsePrestationEvent, encoded({ reason: 'a\u0000b' }))).toBe('data.reason');
  });

  it('any text with a NUL or an unpaired surrogate is refused and named, wherever it is', () => {
    fc.assert(
      fc.property(poisoned, fc.constantFrom('reason', 'companyId'), (text, field) => {
        expect(isStorableText(text)).toBe(false);
        expect(fieldRefused(parsePrestationEvent, encoded({ [field]: text }))).toBe(`data.${field}`);
        expect(() => requireStorableText({ a: [{ b: text }] }, 'query')).toThrow('query.a[0].b: must not contain');
        // With a reason the web says in the person's language (newcomer trial: a binary file got "not valid").
        expect(() => requireStorableText({ a: [{ b: text }] }, 'query')).toThrow(expect.objectContaining({ field: 'query.a[0].b', reason: 'UNREADABLE_TEXT' }));
        expect(() => requireStorableText({ [text]: 1 }, '')).toThrow(/must not contain/);
      }),
    );
  });

  it('takes every well-formed text, astral characters (surrogate pairs) included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }), (text) => {
        expect(isStorableText(text)).toBe(true);
        expect(() => requireStorableText({ reason: text, list: [text] }, 'data')).not.toThrow();
      }),
    );
    expect(isStorableText('😀 Aïcha')).toBe(true);
  });
});

describe('requireStorableText walks any depth a JSON body may have', () => {
  it('names the first bad text in document order, and does not overflow the stack on deep nesting', () => {
    expect(() => requireStorableText({ a: 'ok', b: ['x', 'y\u0000'], c: '\u0000' }, 'data')).toThrow('data.b[1]: must not contain');
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => requireStorableText(deep, '')).toThrow(/must not contain/);
  });
});
