import fc from 'fast-check';
import { ValidationError } from '@prestaflow/contracts';
import { parseCompanyViewQuery } from './prestation-view.queries';

const sortKeys = ['serviceDate', 'status', 'workerId', 'workerName', 'hours', 'updatedAt'];
const prototypeNames = Object.getOwnPropertyNames(Object.prototype);

/** The field a ValidationError names, or undefined when the query is taken. */
const refused = (query: Record<string, unknown>): string | undefined => {
  try {
    parseCompanyViewQuery(query);
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.field;
  }
};

describe('R12 the company view query: filters', () => {
  it('refuses a worker or user id that is not 12 digits, naming it; takes one that is', () => {
    expect(refused({ workerId: 'abc' })).toBe('workerId');
    expect(refused({ userId: '12345' })).toBe('userId');
    expect(parseCompanyViewQuery({ workerId: '980000000001', userId: '' })).toMatchObject({ workerId: '980000000001', userId: undefined });
  });
});

describe('R12 the company view query: no lookup by a name the client chose (issue #10)', () => {
  it('refuses every name of Object.prototype as a sort key, naming sort (toString was a 500)', () => {
    for (const name of prototypeNames) {
      expect(refused({ sort: name })).toBe('sort');
      expect(refused({ sort: `-${name}` })).toBe('sort');
    }
  });

  it('takes exactly the sort keys, with or without -, and refuses any other text naming sort', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...sortKeys, ...prototypeNames), fc.string()), fc.boolean(), (key, descending) => {
        const sort = `${descending ? '-' : ''}${key}`;
        if (sortKeys.includes(key)) expect(parseCompanyViewQuery({ sort })).toMatchObject({ sort: key, descending });
        else if (sort !== '') expect(refused({ sort })).toBe('sort');
      }),
    );
  });

  it('a date filter is a day from 2004-01-01 or a 400 naming it, never an error of another kind', () => {
    fc.assert(
      fc.property(fc.constantFrom('from', 'to'), fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10))), (name, value) => {
        const field = refused({ [name]: value });
        if (field === undefined) expect(value === '' || (value >= '2004-01-01' && /^\d{4}-\d{2}-\d{2}$/.test(value))).toBe(true);
        else expect(field).toBe(name);
      }),
    );
  });
});
