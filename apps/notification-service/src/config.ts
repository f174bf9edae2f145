import { DEFAULT_SMTP_TIMEOUT_MS, SMTP_CONNECTIONS, SMTP_EXCHANGE_STEPS } from '@prestaflow/mail';
import { ConfigurationError, parsePositiveInteger } from '@prestaflow/platform';

/** PUSH_TIMEOUT_MS by default: as long as one SMTP wait. */
const DEFAULT_PUSH_TIMEOUT_MS = DEFAULT_SMTP_TIMEOUT_MS;

/** What the notification service reads from its environment besides the platform's settings. */
export interface NotificationConfig {
  /** SMTP_URL, e.g. smtp://127.0.0.1:1025; without it e-mails are recorded and stay pending. */
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** Where the links in messages point (APP_URL). */
  readonly appUrl: string;
  /** How often pending e-mails are tried again (NOTIFICATION_RETRY_INTERVAL_MS). */
  readonly retryIntervalMs: number;
  /** First back-off after a failed delivery, doubled each time up to an hour (NOTIFICATION_BACKOFF_MS). */
  readonly backoffMs: number;
  /** The longest wait of an SMTP exchange for the connection, the greeting or any answer (SMTP_TIMEOUT_MS, 8 s). */
  readonly smtpTimeoutMs: number;
  /** SMTP connections kept open, and notifications sent at once (SMTP_CONNECTIONS, 5): what the mail relay allows a client. */
  readonly smtpConnections: number;
  /**
   * How long a message is left to the instance that claimed it before another may send it
   * (NOTIFICATION_LEASE_MS, 2 min): renewed when a message's turn comes too late for the claim's, and longer than a whole
   * SMTP exchange can last, so a message held back by a crash goes out this long after (ADR 0005).
   */
  readonly leaseMs: number;
  /** Web Push (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT); without keys no push is sent. */
  readonly vapid: { readonly publicKey: string; readonly privateKey: string; readonly subject: string } | null;
  /** The hour (Brussels) the companies' daily digests go out (DIGEST_HOUR, 7 by default). */
  readonly digestHour: number;
  /** PUSH_CA: a PEM certificate authority to trust for push services besides the system's (a test's loopback service). */
  readonly pushCa: string | null;
  /** The longest one push request may last, from resolving the push service's name to its whole answer (PUSH_TIMEOUT_MS, 8 s): then that device failed, and the message is tried again unless another device of the worker took it. */
  readonly pushTimeoutMs: number;
}

function hourOf(env: NodeJS.ProcessEnv): number {
  const raw = env['DIGEST_HOUR']?.trim();
  const hour = raw ? Number(raw) : 7;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new ConfigurationError(`DIGEST_HOUR: "${raw}" is not an hour (0-23)`);
  return hour;
}

function vapidOf(env: NodeJS.ProcessEnv): NotificationConfig['vapid'] {
  const publicKey = env['VAPID_PUBLIC_KEY']?.trim();
  const privateKey = env['VAPID_PRIVATE_KEY']?.trim();
  if (!publicKey && !privateKey) return null;
  if (!publicKey || !privateKey) throw new ConfigurationError('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together');
  return { publicKey, privateKey, subject: env['VAPID_SUBJECT']?.trim() || 'mailto:no-reply@prestaflow.local' };
}

/** The lease must outlast the longest SMTP exchange, or a slow one could be sent again by another instance. */
function leaseOf(env: NodeJS.ProcessEnv, smtpTimeoutMs: number): number {
  const leaseMs = parsePositiveInteger(env, 'NOTIFICATION_LEASE_MS', 120_000);
  const exchangeMs = SMTP_EXCHANGE_STEPS * smtpTimeoutMs;
  if (leaseMs <= exchangeMs) {
    throw new ConfigurationError(`NOTIFICATION_LEASE_MS (${leaseMs}) must exceed the longest SMTP exchange, ${SMTP_EXCHANGE_STEPS} x SMTP_TIMEOUT_MS = ${exchangeMs} ms`);
  }
  return leaseMs;
}

export function loadNotificationConfig(env: NodeJS.ProcessEnv): NotificationConfig {
  const smtpTimeoutMs = parsePositiveInteger(env, 'SMTP_TIMEOUT_MS', DEFAULT_SMTP_TIMEOUT_MS);
  return {
    smtpUrl: env['SMTP_URL']?.trim() || null,
    mailFrom: env['MAIL_FROM']?.trim() || 'Prestaflow <no-reply@prestaflow.local>',
    appUrl: (env['APP_URL']?.trim() || 'http://127.0.0.1:3000').replace(/\/$/, ''),
    retryIntervalMs: parsePositiveInteger(env, 'NOTIFICATION_RETRY_INTERVAL_MS', 5_000),
    backoffMs: parsePositiveInteger(env, 'NOTIFICATION_BACKOFF_MS', 5_000),
    smtpTimeoutMs,
    smtpConnections: parsePositiveInteger(env, 'SMTP_CONNECTIONS', SMTP_CONNECTIONS),
    leaseMs: leaseOf(env, smtpTimeoutMs),
    vapid: vapidOf(env),
    pushCa: env['PUSH_CA']?.trim() || null,
    pushTimeoutMs: parsePositiveInteger(env, 'PUSH_TIMEOUT_MS', DEFAULT_PUSH_TIMEOUT_MS),
    digestHour: hourOf(env),
  };
}

export const NOTIFICATION_CONFIG = Symbol('NOTIFICATION_CONFIG');
