import nodemailer, { type Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** BCP 47 tag of the text (fr, nl, de, en), sent as Content-Language. */
  readonly language: string;
  /** Stable per notification: a resend after a crash carries the same id, so it can be recognised. */
  readonly messageId: string;
}

export type Delivery =
  | { readonly outcome: 'sent'; readonly response: string }
  /** The server refused the address for good (5xx): recorded, never retried. */
  | { readonly outcome: 'bounced'; readonly reason: string };

/** The server could not be reached or asked to try later (4xx), after every retry. */
export class MailServerUnavailableError extends Error {
  readonly code = 'MAIL_UNAVAILABLE';
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

const defaultRetry: RetryPolicy = { attempts: 6, initialDelayMs: 500, maxDelayMs: 30_000 };

interface SmtpError {
  responseCode?: number;
  response?: string;
  message?: string;
}

export class Mailer {
  constructor(
    private readonly transport: Transporter,
    private readonly from: string,
    private readonly retry: RetryPolicy = defaultRetry,
  ) {}

  /** Sends one mail: retried with exponential backoff while the server is down or says 4xx. */
  async deliver(mail: OutgoingMail): Promise<Delivery> {
    let lastError: SmtpError | undefined;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      try {
        const info = await this.transport.sendMail({
          from: this.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: { 'Content-Language': mail.language },
        });
        return { outcome: 'sent', response: String(info.response) };
      } catch (error) {
        const smtp = error as SmtpError;
        if (smtp.responseCode !== undefined && smtp.responseCode >= 500) {
          return { outcome: 'bounced', reason: smtp.response ?? smtp.message ?? `SMTP ${smtp.responseCode}` };
        }
        lastError = smtp;
        if (attempt < this.retry.attempts) {
          await new Promise((r) => setTimeout(r, Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** (attempt - 1))));
        }
      }
    }
    throw new MailServerUnavailableError(`mail server unavailable after ${this.retry.attempts} attempts: ${lastError?.response ?? lastError?.message}`);
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * How long one SMTP exchange waits, in ms, for each of: the connection, the server's greeting, and
 * every answer after that (socket inactivity). nodemailer's own defaults (2 min, 30 s, 10 min)
 * would let a silent server hold a message far past a send lease (ADR 0005).
 */
export const DEFAULT_SMTP_TIMEOUT_MS = 8_000;

/**
 * The waits of one exchange, each bounded by the timeout: connect, greeting, EHLO, STARTTLS, the
 * TLS handshake, EHLO again, AUTH (two), MAIL FROM, RCPT TO, DATA, the message's acceptance.
 * An exchange ends within this many timeouts.
 */
export const SMTP_EXCHANGE_STEPS = 12;

/**
 * How many SMTP connections a mailer keeps open and sends on at once, by default: the notification
 * service sends at most that many at a time (SMTP_CONNECTIONS), so a message does not wait in the
 * pool's queue, a wait its timeouts would not bound.
 */
export const SMTP_CONNECTIONS = 5;

/**
 * SMTP_URL as nodemailer reads it, e.g. smtp://127.0.0.1:1025 or smtps://user:pass@host:465; every
 * wait bounded by `timeoutMs`. Connections are pooled (nodemailer's SMTP pool, SMTP_CONNECTIONS):
 * connecting, EHLO, STARTTLS and AUTH once per connection rather than once per mail halved the
 * sender's CPU per mail and cut its time to a third (bench/README.md, "The floor").
 */
export function createMailer(smtpUrl: string, from: string, retry?: RetryPolicy, timeoutMs = DEFAULT_SMTP_TIMEOUT_MS, connections = SMTP_CONNECTIONS): Mailer {
  // The transport built here: nodemailer.createTransport({url, ...}) would keep the URL's settings only.
  // maxRequeues: in nodemailer's pool (lib/smtp-pool), not in @types/nodemailer.
  const options: SMTPPool.Options & { maxRequeues: number } = {
    url: smtpUrl,
    pool: true,
    maxConnections: connections,
    // A connection closed mid-send fails that send (our retries decide): nodemailer's default
    // requeues it without end, past the exchange's bound that the send lease counts on (ADR 0005).
    maxRequeues: 0,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  };
  return new Mailer(nodemailer.createTransport(new SMTPPool(options)), from, retry);
}
