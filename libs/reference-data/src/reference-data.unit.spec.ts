import { ValidationError } from '@prestaflow/contracts';
import { parseCompany, parseUser, parseWorker } from './reference-data';

describe('reference data records', () => {
  it('reads a worker employed by several companies', () => {
    expect(
      parseWorker({ worker_id: '980123456789', name: 'Ana', language: 'NL', email: 'Ana@Example.be', app_installed: 'yes', company_ids: 'C1; C2;C1' }),
    ).toEqual({ workerId: '980123456789', name: 'Ana', language: 'nl', email: 'ana@example.be', appInstalled: true, companyIds: ['C1', 'C2'] });
  });

  it('reads a worker with no e-mail and no app (R4: still a valid worker, the deadline runs)', () => {
    expect(parseWorker({ worker_id: '980000000001', name: 'Bo', language: 'fr', email: '', app_installed: 'no', company_ids: 'C1' })).toMatchObject({
      email: null,
      appInstalled: false,
    });
  });

  it('names the field that is wrong', () => {
    expect(() => parseUser({ user_id: '12345', name: 'X', language: 'fr' })).toThrow(new ValidationError('user_id', '"12345" is not 12 digits'));
    expect(() => parseCompany({ company_id: 'C1', name: 'Net', region: 'Mars', language: 'fr' })).toThrow(
      'region: "MARS" is not one of BRUSSELS, WALLONIA, FLANDERS',
    );
    expect(() => parseUser({ user_id: '123456789012', name: 'X', language: 'fr', email: 'nope' })).toThrow('email: "nope" is not an e-mail address');
    expect(() => parseWorker({ worker_id: '980000000001', name: 'Bo', language: 'fr', app_installed: 'maybe', company_ids: 'C1' })).toThrow(
      'app_installed: "maybe" is not yes or no',
    );
    expect(() => parseCompany({ company_id: 'C1', region: 'WALLONIA', language: 'fr' })).toThrow('name: is required');
  });

  it('refuses a company id longer than the event contracts take (100 characters: it becomes an actor id, issue #10)', () => {
    const long = 'C'.repeat(101);
    expect(() => parseCompany({ company_id: long, name: 'Net', region: 'WALLONIA', language: 'fr' })).toThrow(/^company_id: .* is longer than 100 characters$/);
    expect(() => parseWorker({ worker_id: '980000000001', name: 'Bo', language: 'fr', app_installed: 'no', company_ids: `C1;${long}` })).toThrow(/^company_ids: /);
    expect(parseCompany({ company_id: 'C'.repeat(100), name: 'Net', region: 'WALLONIA', language: 'fr' }).companyId).toHaveLength(100);
  });
});
