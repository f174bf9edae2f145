import { parsePrestationEvent, parseUserAbsenceEvent, parseWorkerProfileEvent, currentSchemaVersion } from './envelope';
import { ValidationError } from './errors';
import { userAbsenceStreamId, userIdOfAbsenceStream } from './commands';
import { prestationEventContracts, userAbsenceEventContracts, workerProfileEventContracts } from './events';

const companyEncoded = {
  eventId: 'event-1',
  prestationId: 'prestation-1',
  streamPosition: 1,
  occurredAt: '2025-06-10T09:00:00.000Z',
  actor: { id: 'company-1', role: 'COMPANY' },
  schemaVersion: 2,
  correlationId: 'request-1',
  causationId: null,
  type: 'PrestationEncoded',
  data: {
    companyId: 'company-1',
    workerId: '980000000001',
    userId: '100000000042',
    serviceDate: '2025-06-10',
    hours: 4,
    activity: 'HOUSEHOLD_HELP',
    region: 'FLANDERS',
    encodedBy: 'COMPANY',
    channel: 'COMPANY',
    reason: 'worker had no network',
    workerDeadline: { id: 'worker-v1', dueAt: '2025-06-17T21:59:59.999Z' },
  },
};

const field = (raw: unknown): string => {
  try {
    parsePrestationEvent(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
};

describe('event contracts: validated at every boundary', () => {
  it('accepts a well-formed envelope and returns it unchanged at the latest version', () => {
    expect(parsePrestationEvent(companyEncoded)).toEqual(companyEncoded);
  });

  it('names the field of a bad payload', () => {
    expect(field({ ...companyEncoded, data: { ...companyEncoded.data, hours: 10 } })).toBe('data.hours: must be <= 9');
    expect(field({ ...companyEncoded, data: { ...companyEncoded.data, workerId: '98' } })).toBe('data.workerId: must be 12 digits');
    expect(field({ ...companyEncoded, data: { ...companyEncoded.data, extra: 1 } })).toBe('data.extra: is not allowed');
    expect(field({ ...companyEncoded, actor: { id: 'x', role: 'ROBOT' } })).toMatch(/^actor\.role: must be equal to one of the allowed values/);
    expect(field({ ...companyEncoded, streamPosition: 0 })).toBe('streamPosition: must be >= 1');
    expect(field({ ...companyEncoded, occurredAt: 'yesterday' })).toBe('occurredAt: must be an instant in ISO 8601 with its offset, such as 2026-12-01T09:00:00Z');
    expect(field('not an event')).toBe('event: must be object');
  });

  it('R2 a company encoding without its reason is refused at the boundary too', () => {
    const { reason: _reason, ...withoutReason } = companyEncoded.data;
    expect(field({ ...companyEncoded, data: withoutReason })).toBe('data.reason: is required');
    expect(field({ ...companyEncoded, data: { ...companyEncoded.data, channel: 'IVR' } })).toBe(
      'data.channel: must be equal to constant',
    );
  });

  it('R1 a worker encoding carries the company deadline and the user window', () => {
    const { reason: _reason, workerDeadline: _deadline, ...rest } = companyEncoded.data;
    expect(field({ ...companyEncoded, data: { ...rest, encodedBy: 'WORKER', channel: 'IVR' } })).toBe(
      'data.companyDeadline: is required',
    );
  });

  it('refuses an unknown event type and a version from the future', () => {
    expect(field({ ...companyEncoded, type: 'PrestationTeleported' })).toMatch(/^type: must be equal to one of the allowed values/);
    expect(field({ ...companyEncoded, schemaVersion: 3 })).toBe('schemaVersion: must be <= 2 for PrestationEncoded');
  });

  it('R19 upcasts a version-1 PrestationEncoded (before regions) to version 2 with the Walloon profile', () => {
    const { region: _region, ...v1 } = companyEncoded.data;
    expect(parsePrestationEvent({ ...companyEncoded, schemaVersion: 1, data: v1 })).toEqual({
      ...companyEncoded,
      data: { ...companyEncoded.data, region: 'WALLONIA' },
    });
  });

  it('every contract can upcast each of its older versions', () => {
    for (const contract of [...prestationEventContracts, ...workerProfileEventContracts, ...userAbsenceEventContracts]) {
      for (let version = 1; version < contract.schemaVersion; version += 1) {
        expect(typeof contract.upcasters[version]).toBe('function');
      }
      expect(currentSchemaVersion(contract.type)).toBe(contract.schemaVersion);
    }
  });

  it('R11 worker profile events are keyed by worker id', () => {
    const changed = {
      eventId: 'event-9',
      workerId: '980000000001',
      streamPosition: 1,
      occurredAt: '2025-06-10T09:00:00.000Z',
      actor: { id: '980000000001', role: 'WORKER' },
      schemaVersion: 1,
      correlationId: null,
      causationId: null,
      type: 'WorkerEmailChanged',
      data: { email: 'ana@example.be', changedBy: 'WORKER' },
    };
    expect(parseWorkerProfileEvent(changed)).toEqual(changed);
    expect(() => parseWorkerProfileEvent({ ...changed, data: { email: 'nope', changedBy: 'WORKER' } })).toThrow(
      'data.email: must be an e-mail address',
    );
  });

  it('R17 a user absence is keyed by the user id, in a stream of its own, with its dates checked', () => {
    expect(userAbsenceStreamId('100000000042')).toBe('user-absences-100000000042');
    expect(userIdOfAbsenceStream(userAbsenceStreamId('100000000042'))).toBe('100000000042');
    const declared = {
      eventId: 'event-10',
      userId: '100000000042',
      streamPosition: 1,
      occurredAt: '2025-06-10T09:00:00.000Z',
      actor: { id: '100000000042', role: 'USER' },
      schemaVersion: 1,
      correlationId: null,
      causationId: null,
      type: 'UserAbsenceDeclared',
      data: { absenceId: '2025-07-01/2025-07-10', from: '2025-07-01', to: '2025-07-10' },
    };
    expect(parseUserAbsenceEvent(declared)).toEqual(declared);
    expect(() => parseUserAbsenceEvent({ ...declared, data: { ...declared.data, to: '10/07/2025' } })).toThrow('data.to: must be a day of the calendar, written YYYY-MM-DD');
  });
});
