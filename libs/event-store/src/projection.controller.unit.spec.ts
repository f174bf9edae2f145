import { ValidationError } from '@prestaflow/contracts';
import { EventDecodingError } from './errors';
import { isTransientFailure } from './projection.controller';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const typeormError = (code: string) => Object.assign(new Error('query failed'), { driverError: pgError(code) });

describe('which projection failures are retried without limit, and which may be dead-lettered', () => {
  it.each([
    ['a deadlock', typeormError('40P01')],
    ['a serialization failure', typeormError('40001')],
    ['too many connections', pgError('53300')],
    ['the server shutting down', typeormError('57P01')],
    ['a broken connection', typeormError('08006')],
    ['a reset socket', pgError('ECONNRESET')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a connection closed under the query', new Error('Connection terminated unexpectedly')],
  ])('retries %s', (_, error) => expect(isTransientFailure(error)).toBe(true));

  it.each([
    ['a poison event the projection refuses', Object.assign(new Error('negative amount -5'), { code: 'VALIDATION' })],
    ['a payload that is not a recorded event', new EventDecodingError('not JSON')],
    ['a contract violation', new ValidationError('data.hours', 'must be positive')],
    ['a row that breaks a constraint', typeormError('23505')],
    ['a bug in the projection', new TypeError("Cannot read properties of undefined (reading 'amount')")],
  ])('lets %s escape to the dead-letter topic', (_, error) => expect(isTransientFailure(error)).toBe(false));
});
