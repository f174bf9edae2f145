import { type PrestationEventEnvelope } from '@prestaflow/contracts';
import { type Language, type PrestationState } from '@prestaflow/domain';
import { type Sql } from '@prestaflow/event-store';
import { readWorkerProfile } from '@prestaflow/write-side';
import { type Audience, type Names, type Notice, type Reason } from './reasons';
import { prestationLink, render } from './templates';

/** One row of the notification log, as planned for an event. */
export interface PlannedNotification {
  readonly eventId: string;
  readonly recipient: string;
  readonly channel: 'EMAIL' | 'PUSH' | 'NONE';
  readonly reason: Reason | 'COMPANY_DAILY_DIGEST';
  readonly prestationId: string;
  readonly companyId: string;
  readonly address: string | null;
  readonly language: Language;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Stable: a message sent again after a crash carries the same id (docs/adr/0005). */
  readonly messageId: string;
  readonly status: 'PENDING' | 'NOT_NOTIFIABLE';
  readonly lastError: string | null;
}

/** Who a notice goes to, as the reference tables know them when it is planned. */
export interface Contact {
  readonly id: string;
  readonly language: Language;
  readonly email: string | null;
  readonly appInstalled: boolean;
  /** Web Push subscriptions the worker app registered. */
  readonly devices: number;
}

/** A notice of the event with the contact of its audience. */
export interface Addressed {
  readonly notice: Notice;
  readonly contact: Contact;
}

/**
 * The notification rows an event asks for, from the prestation's state right after it and the
 * contacts of the notices' audiences (`noticesOf`, `readContact`). Pure: the same event, state
 * and contacts always give the same rows (message ids included, docs/adr/0005).
 */
export function planNotifications(appUrl: string, event: PrestationEventEnvelope, state: PrestationState, addressed: readonly Addressed[], names: Names = {}): PlannedNotification[] {
  if (state.status === 'None') return [];
  return addressed.flatMap(({ notice, contact }) => planFor(appUrl, event, state.prestation.companyId, { ...notice, details: { ...notice.details, names } }, contact));
}

/** The names of the prestation's company, worker and user in the reference data (in the caller's transaction when `sql` is one). */
export async function readNames(sql: Sql, state: Exclude<PrestationState, { status: 'None' }>): Promise<Names> {
  const { companyId, workerId, userId } = state.prestation;
  const [row] = (await sql.query(
    `SELECT (SELECT name FROM companies WHERE company_id = $1) AS company, (SELECT name FROM workers WHERE worker_id = $2) AS worker,
            (SELECT name FROM users WHERE user_id = $3) AS "user"`,
    [companyId, workerId, userId],
  )) as Array<Record<keyof Names, string | null>>;
  return Object.fromEntries(Object.entries(row ?? {}).filter(([, name]) => name !== null)) as Names;
}

/** One row per channel the recipient has: e-mail, push, or none at all (R4: recorded, the deadline runs anyway). */
function planFor(appUrl: string, event: PrestationEventEnvelope, companyId: string, notice: Notice, contact: Contact): PlannedNotification[] {
  const recipient = `${notice.audience}:${contact.id}`;
  const link = prestationLink(appUrl, notice.audience, event.prestationId);
  const message = render(notice.reason, contact.language, notice.details, link);
  const row = (channel: PlannedNotification['channel']) => ({
    eventId: event.eventId,
    recipient,
    channel,
    reason: notice.reason,
    prestationId: event.prestationId,
    companyId,
    address: channel === 'EMAIL' ? contact.email : null,
    language: contact.language,
    ...message,
    messageId: `<${event.eventId}.${recipient.replace(':', '-')}.${channel.toLowerCase()}@prestaflow.local>`,
  });
  const rows: PlannedNotification[] = [];
  if (contact.email) rows.push({ ...row('EMAIL'), status: 'PENDING', lastError: null });
  // Planned whatever this instance can send: every instance records the same rows for an event,
  // and one with VAPID keys (or SMTP) sends what is pending.
  if (contact.devices > 0) {
    const push = row('PUSH');
    // The service worker shows `title` and `body` and opens `url`; `tag` lets it replace a duplicate.
    const payload = { title: message.subject, body: message.text.split('\n')[2] ?? '', url: link, tag: push.messageId, lang: contact.language };
    rows.push({ ...push, text: JSON.stringify(payload), html: '', status: 'PENDING', lastError: null });
  }
  if (rows.length === 0) {
    const lastError = contact.appInstalled ? 'no e-mail address; the app has no push subscription' : 'no e-mail address and no app';
    rows.push({ ...row('NONE'), status: 'NOT_NOTIFIABLE', lastError });
  }
  return rows;
}

/** The contact of a notice's audience, from the reference tables (in the caller's transaction when `sql` is one). */
export async function readContact(sql: Sql, audience: Audience, state: Exclude<PrestationState, { status: 'None' }>): Promise<Contact> {
  const { workerId, userId, companyId } = state.prestation;
  switch (audience) {
    case 'worker': {
      // One round trip for the reference row and the devices; a worker the reference data lacks still has a row here.
      const [row] = (await sql.query(
        `SELECT w.language, w.email, w.app_installed, (SELECT count(*)::int FROM push_subscriptions p WHERE p.worker_id = $1) AS devices
         FROM (SELECT $1::text AS worker_id) k LEFT JOIN workers w ON w.worker_id = k.worker_id`,
        [workerId],
      )) as Array<{ language: Language | null; email: string | null; app_installed: boolean | null; devices: number }>;
      // R11: the address the worker (or their company) set last wins over the reference data.
      const profile = await readWorkerProfile(sql, workerId);
      return { id: workerId, language: row?.language ?? 'fr', email: profile.email ?? row?.email ?? null, appInstalled: row?.app_installed ?? false, devices: row?.devices ?? 0 };
    }
    case 'user': {
      const [row] = (await sql.query('SELECT language, email FROM users WHERE user_id = $1', [userId])) as Array<{ language: Language; email: string | null }>;
      return { id: userId, language: row?.language ?? 'fr', email: row?.email ?? null, appInstalled: false, devices: 0 };
    }
    case 'company': {
      const [row] = (await sql.query('SELECT language, email FROM companies WHERE company_id = $1', [companyId])) as Array<{ language: Language; email: string | null }>;
      return { id: companyId, language: row?.language ?? 'fr', email: row?.email ?? null, appInstalled: false, devices: 0 };
    }
    default: {
      const _exhaustive: never = audience;
      throw new Error(`unknown audience ${String(_exhaustive)}`);
    }
  }
}
