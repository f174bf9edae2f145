import { commandEndpoints, internalCommands, parseCommandRequest } from './command-routes';
import { ValidationError } from './errors';

const parametersOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map(([, name]) => name);
const streamParameter = { new: [], prestation: ['id'], worker: ['workerId'], user: ['userId'] } as const;

describe('ADR 0006 the command routes, one table for the gateway and the services', () => {
  it.each(Object.entries(internalCommands))('%s: the internal path names the stream its kind reads (InternalCommandRunner)', (_, route) => {
    expect(parametersOf(route.path)).toEqual(streamParameter[route.stream]);
  });

  it.each(Object.entries(commandEndpoints))('%s: a prestation is the path\'s; only the caller\'s own profile or absences stand for a missing parameter', (_, endpoint) => {
    const route = internalCommands[endpoint.command];
    expect(route.callers).toContain(endpoint.role);
    const missing = parametersOf(route.path).filter((name) => !parametersOf(endpoint.path).includes(name));
    if (route.stream === 'prestation') expect(missing).toEqual([]);
    else if (missing.length > 0) expect(`${endpoint.role}:${route.stream}`).toMatch(/^(WORKER:worker|USER:user)$/);
  });

  it('R5: the channel is set by the worker routes, the company and the user send none', () => {
    const channels = Object.values(commandEndpoints).map((endpoint) => [endpoint.portal, 'channel' in endpoint ? endpoint.channel : undefined]);
    expect(channels.filter(([portal]) => portal === 'ivr').every(([, channel]) => channel === 'IVR')).toBe(true);
    expect(channels.filter(([portal]) => portal === 'company' || portal === 'user').every(([, channel]) => channel === undefined)).toBe(true);
  });
});

describe('parseCommandRequest: the services check the data against the contracts\' schemas', () => {
  const encoding = { prestationId: '2b1f3e5c-3f0e-4b8a-9a55-0d4c9f1e2a7b', companyId: '0401234567', userId: '100000000001', serviceDate: '2026-11-27', hours: 4, activity: 'IRONING' };

  it('takes what the schema names and drops the rest, leaving the call as it was', () => {
    const data = { ...encoding, channel: 'APP', workerId: 'somebody else', region: 'FLANDERS' };
    expect(parseCommandRequest('EncodePrestation', data)).toEqual({ ...encoding, channel: 'APP' });
    expect(data.workerId).toBe('somebody else');
  });

  it.each([
    ['EncodePrestation', encoding, 'data.channel', 'is required'],
    ['EncodePrestation', { ...encoding, channel: 'COMPANY' }, 'data.channel', 'must be one of APP, IVR'],
    ['EncodePrestation', { ...encoding, channel: 'APP', hours: 0 }, 'data.hours', 'must be >= 1'],
    ['CorrectPrestation', { version: 1, serviceDate: '2026-11-27', hours: 4, activity: 'IRONING', reason: ' ' }, 'data.reason', 'must not be blank'],
    ['ContestAsWorker', { version: 1, reasonCode: 'BORED', text: 'no' }, 'data.reasonCode', 'must be one of'],
    ['ValidateAsCompany', { version: '1' }, 'data.version', 'must be integer'],
    ['SetWorkerEmail', { email: '"a"@b.c' }, 'data.email', 'must be an e-mail address'],
    ['DeclareUserAbsence', { from: '2026-12-01' }, 'data.to', 'is required'],
    // Patterns and formats said in words, never as the regular expression.
    ['CorrectPrestation', { version: 1, serviceDate: '2003-12-31', hours: 4, activity: 'IRONING' }, 'data.serviceDate', 'must be 2004-01-01 or later'],
    ['CorrectPrestation', { version: 1, serviceDate: '27/11/2026', hours: 4, activity: 'IRONING' }, 'data.serviceDate', 'must be a day of the calendar, written YYYY-MM-DD'],
    ['CorrectPrestation', { version: 1, serviceDate: '2026-02-30', hours: 4, activity: 'IRONING' }, 'data.serviceDate', 'must be a day of the calendar, written YYYY-MM-DD'],
    ['CancelPrestation', { reason: '' }, 'data.reason', 'must not be empty'],
    ['CancelPrestation', { reason: '\u200b \ufeff' }, 'data.reason', 'must not be blank'],
    ['CancelPrestation', { reason: 'x'.repeat(2001) }, 'data.reason', 'must be at most 2000 characters'],
    ['EncodePrestation', { ...encoding, channel: 'APP', userId: '12' }, 'data.userId', 'must be 12 digits'],
  ] as const)('%s refuses %j naming %s (400)', (command, data, field, message) => {
    const refusal = (() => {
      try {
        parseCommandRequest(command, data);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal).toMatchObject({ field, message: expect.stringContaining(message) });
  });

  it('a channel left out of a worker\'s decision is accepted (the service takes APP), a reason of a correction may be null', () => {
    expect(parseCommandRequest('ValidateAsWorker', { version: 2 })).toEqual({ version: 2 });
    expect(parseCommandRequest('CorrectPrestation', { version: 1, serviceDate: '2026-11-27', hours: 4, activity: 'IRONING', reason: null })).toMatchObject({ reason: null });
  });

  it('a text too long is TOO_LONG with the length allowed (limit), for the web to name; other refusals carry no limit', () => {
    const refusalOf = (data: unknown) => {
      try {
        parseCommandRequest('CancelPrestation', data);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(refusalOf({ reason: 'x'.repeat(2001) })).toMatchObject({ field: 'data.reason', reason: 'TOO_LONG', limit: 2000 });
    expect((refusalOf({ reason: '   ' }) as ValidationError).limit).toBeUndefined();
  });
});
