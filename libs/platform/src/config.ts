import { DateTime } from 'luxon';

/** What every service reads from its environment; nothing else reads process.env. */
export interface PlatformConfig {
  readonly serviceName: string;
  readonly httpPort: number;
  /** 127.0.0.1 unless HOST says otherwise (0.0.0.0 in a container). */
  readonly httpHost: string;
  readonly kafkaBrokers: readonly string[];
  readonly databaseUrl: string;
  /**
   * The service's Kafka consumer group: its name unless KAFKA_CONSUMER_GROUP says otherwise (a
   * test stack on a database of its own reads the whole log in a group of its own, ADR 0025).
   */
  readonly consumerGroup: string;
  /**
   * R10: the cut-over instant (CUT_OVER), in UTC as events carry instants; unset, the domain's
   * default (1 June 2025, Brussels). The deciding services put it into the decider's policy.
   */
  readonly cutOver?: string;
}

export class ConfigurationError extends Error {
  readonly code = 'CONFIGURATION';
}

/** A setting that must be there; ConfigurationError saying how to get it otherwise. */
export function requiredSetting(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new ConfigurationError(`${name} is not set: start the platform with "npm start", or set it (see README.md).`);
  }
  return value;
}

export function parseBrokers(value: string): string[] {
  const brokers = value.split(',').map((broker) => broker.trim()).filter(Boolean);
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) {
      throw new ConfigurationError(`KAFKA_BROKERS: "${broker}" is not host:port`);
    }
  }
  return brokers;
}

export function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigurationError(`${name}: "${value}" is not a TCP port (0-65535)`);
  }
  return port;
}

/** An optional whole number above zero (an interval, a batch size); `fallback` when unset. */
export function parsePositiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigurationError(`${name}: "${raw}" is not a positive integer`);
  return value;
}

/**
 * CUT_OVER: an ISO 8601 instant with its offset (2025-06-01T00:00:00+02:00), a real day and time;
 * returned in UTC (2025-05-31T22:00:00.000Z), undefined when unset. ConfigurationError otherwise.
 */
export function parseCutOver(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env['CUT_OVER']?.trim();
  if (!raw) return undefined;
  // Without an offset the instant would depend on the server's zone.
  const parsed = /T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(raw) ? DateTime.fromISO(raw) : undefined;
  if (!parsed?.isValid) throw new ConfigurationError(`CUT_OVER: "${raw}" is not an ISO 8601 instant with its offset (e.g. 2025-06-01T00:00:00+02:00)`);
  return parsed.toUTC().toISO() ?? undefined;
}

export function loadPlatformConfig(serviceName: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  return {
    serviceName,
    httpPort: parsePort('PORT', env['PORT'], defaultPort),
    httpHost: env['HOST']?.trim() || '127.0.0.1',
    kafkaBrokers: parseBrokers(requiredSetting(env, 'KAFKA_BROKERS')),
    databaseUrl: requiredSetting(env, 'DATABASE_URL'),
    consumerGroup: env['KAFKA_CONSUMER_GROUP']?.trim() || serviceName,
    cutOver: parseCutOver(env),
  };
}
