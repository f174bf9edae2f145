import { ConfigurationError, loadPlatformConfig, parseBrokers, parseCutOver, parsePort, parsePositiveInteger } from './config';

describe('platform configuration', () => {
  const env = { KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19094', DATABASE_URL: 'postgres://x@127.0.0.1/db' };

  it('reads brokers, database and port from the environment', () => {
    expect(loadPlatformConfig('gateway', 3000, { ...env, PORT: '0' })).toEqual({
      serviceName: 'gateway',
      httpPort: 0,
      httpHost: '127.0.0.1',
      kafkaBrokers: ['127.0.0.1:19092', '127.0.0.1:19094'],
      databaseUrl: 'postgres://x@127.0.0.1/db',
      consumerGroup: 'gateway',
    });
  });

  it('takes the consumer group from KAFKA_CONSUMER_GROUP when set (ADR 0025)', () => {
    expect(loadPlatformConfig('gateway', 3000, { ...env, KAFKA_CONSUMER_GROUP: ' gateway-stack-1 ' }).consumerGroup).toBe('gateway-stack-1');
  });

  it('falls back to the service default port', () => {
    expect(loadPlatformConfig('gateway', 3000, env).httpPort).toBe(3000);
  });

  it('names the missing variable', () => {
    expect(() => loadPlatformConfig('gateway', 3000, { KAFKA_BROKERS: env.KAFKA_BROKERS })).toThrow(/DATABASE_URL is not set/);
  });

  it('refuses a broker that is not host:port', () => {
    expect(() => parseBrokers('127.0.0.1')).toThrow(ConfigurationError);
  });

  it('refuses a port out of range', () => {
    expect(() => parsePort('PORT', '70000', 1)).toThrow(/PORT: "70000" is not a TCP port/);
  });

  it('reads an optional positive integer, naming a bad one', () => {
    expect(parsePositiveInteger({}, 'BATCH', 100)).toBe(100);
    expect(parsePositiveInteger({ BATCH: '25' }, 'BATCH', 100)).toBe(25);
    expect(() => parsePositiveInteger({ BATCH: '0' }, 'BATCH', 100)).toThrow('BATCH: "0" is not a positive integer');
  });

  describe('R10 CUT_OVER, the cut-over instant', () => {
    it('is read in UTC, as events carry instants; unset, the domain keeps its default', () => {
      expect(loadPlatformConfig('encoding-service', 3001, { ...env, CUT_OVER: '2026-01-05T00:00:00+01:00' }).cutOver).toBe('2026-01-04T23:00:00.000Z');
      expect(parseCutOver({})).toBeUndefined();
    });

    it.each(['2026-02-30T00:00:00+01:00', '2026-01-05T00:00:00', '2026-01-05', 'June 1st'])('refuses %s at boot, naming the variable', (value) => {
      expect(() => loadPlatformConfig('encoding-service', 3001, { ...env, CUT_OVER: value })).toThrow(ConfigurationError);
      expect(() => parseCutOver({ CUT_OVER: value })).toThrow(/^CUT_OVER: .* is not an ISO 8601 instant with its offset/);
    });
  });
});
