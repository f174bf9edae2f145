import { ConfigurationError, parsePositiveInteger } from '@prestaflow/platform';

/** What the deadline service reads from its environment besides the platform's settings. */
export interface DeadlineConfig {
  /** `controllable`: tests and demos set and move the clock over HTTP; `system` otherwise. */
  readonly clock: 'system' | 'controllable';
  /** Where a controllable clock starts (CLOCK_START, ISO 8601); the real time when unset. */
  readonly clockStart: Date;
  /** How often the poller looks for due deadlines (DEADLINE_POLL_INTERVAL_MS). */
  readonly pollIntervalMs: number;
  /** Rows claimed at once (DEADLINE_BATCH_SIZE). */
  readonly batchSize: number;
  /** How long a claim keeps its rows from other pollers, in ms (DEADLINE_LEASE_MS, ADR 0022): longer than a batch takes to fire. */
  readonly leaseMs: number;
  /**
   * Deadlines due before this instant are left alone (DEADLINE_FIRE_FROM). Unset in production;
   * a test or demo that moves a controllable clock over a database shared with other data sets it
   * so that it fires only its own deadlines.
   */
  readonly fireFrom: Date | null;
}

/** Two minutes: a batch of 100 commands takes well under a second unloaded. */
export const DEFAULT_DEADLINE_LEASE_MS = 120_000;

function instant(env: NodeJS.ProcessEnv, name: string): Date | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  const value = new Date(raw);
  if (Number.isNaN(value.getTime())) throw new ConfigurationError(`${name}: "${raw}" is not an ISO 8601 instant`);
  return value;
}

export function loadDeadlineConfig(env: NodeJS.ProcessEnv): DeadlineConfig {
  const clock = env['CLOCK']?.trim() || 'system';
  if (clock !== 'system' && clock !== 'controllable') throw new ConfigurationError(`CLOCK: "${clock}" is neither "system" nor "controllable"`);
  return {
    clock,
    clockStart: instant(env, 'CLOCK_START') ?? new Date(),
    pollIntervalMs: parsePositiveInteger(env, 'DEADLINE_POLL_INTERVAL_MS', 1_000),
    batchSize: parsePositiveInteger(env, 'DEADLINE_BATCH_SIZE', 100),
    leaseMs: parsePositiveInteger(env, 'DEADLINE_LEASE_MS', DEFAULT_DEADLINE_LEASE_MS),
    fireFrom: instant(env, 'DEADLINE_FIRE_FROM'),
  };
}

export const DEADLINE_CONFIG = Symbol('DEADLINE_CONFIG');
