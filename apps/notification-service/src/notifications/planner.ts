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

/** A prestation's state once it exists: what notices are planned from. */
type Known = Exclude<PrestationState, { status: 'None' }>;

/**
 * The names of each prestation's company, worker and user in the reference data, in the order of
 * `states`, in one query (in the caller's transaction when `sql` is one).
 */
export async function readNames(sql: Sql, states: readonly Known[]): Promise<Names[]> {
  const parties = states.map(({ prestation }) => prestation);
  const rows = (await sql.query(
    `SELECT (SELECT name FROM companies WHERE company_id = p.company_id) AS company, (SELECT name FROM workers WHERE worker_id = p.worker_id) AS worker,
            (SELECT name FROM users WHERE user_id = p.user_id) AS "user"
     FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS p(company_id, worker_id, user_id, n) ORDER BY p.n`,
    [parties.map((p) => p.companyId), parties.map((p) => p.workerId), parties.map((p) => p.userId)],
  )) as Array<Record<keyof Names, string | null>>;
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, name]) => name !== null)) as Names);
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

const partyOf: Readonly<Record<Audience, (state: Known) => string>> = {
  worker: ({ prestation }) => prestation.workerId,
  user: ({ prestation }) => prestation.userId,
  company: ({ prestation }) => prestation.companyId,
};

/**
 * The contacts of the notices' audiences (`wanted`: each audience with its prestation's state)
 * from the reference tables: one query per audience and one per worker for the address of R11,
 * in the caller's transaction when `sql` is one. Returns the contact of an audience and state
 * among those wanted; a party the reference data lacks gets French and no address.
 */
export async function readContacts(sql: Sql, wanted: ReadonlyArray<{ audience: Audience; state: Known }>): Promise<(audience: Audience, state: Known) => Contact> {
  const idsOf = (audience: Audience) => [...new Set(wanted.filter((w) => w.audience === audience).map((w) => partyOf[audience](w.state)))];
  const contacts = new Map<string, Contact>();
  const workerIds = idsOf('worker');
  if (workerIds.length > 0) {
    // A worker the reference data lacks may still have devices: every id gets a row.
    const rows = (await sql.query(
      `SELECT k.id, w.language, w.email, w.app_installed, (SELECT count(*)::int FROM push_subscriptions p WHERE p.worker_id = k.id) AS devices
       FROM unnest($1::text[]) AS k(id) LEFT JOIN workers w ON w.worker_id = k.id`,
      [workerIds],
    )) as Array<{ id: string; language: Language | null; email: string | null; app_installed: boolean | null; devices: number }>;
    for (const row of rows) {
      // R11: the address the worker (or their company) set last wins over the reference data. One query at a time: they share the transaction's connection.
      const profile = await readWorkerProfile(sql, row.id);
      contacts.set(`worker:${row.id}`, { id: row.id, language: row.language ?? 'fr', email: profile.email ?? row.email ?? null, appInstalled: row.app_installed ?? false, devices: row.devices });
    }
  }
  for (const [audience, table, key] of [['user', 'users', 'user_id'], ['company', 'companies', 'company_id']] as const) {
    const ids = idsOf(audience);
    if (ids.length === 0) continue;
    const rows = (await sql.query(`SELECT ${key} AS id, language, email FROM ${table} WHERE ${key} = ANY($1)`, [ids])) as Array<{ id: string; language: Language; email: string | null }>;
    for (const row of rows) contacts.set(`${audience}:${row.id}`, { id: row.id, language: row.language, email: row.email, appInstalled: false, devices: 0 });
  }
  return (audience, state) => {
    const id = partyOf[audience](state);
    return contacts.get(`${audience}:${id}`) ?? { id, language: 'fr', email: null, appInstalled: false, devices: 0 };
  };
}
