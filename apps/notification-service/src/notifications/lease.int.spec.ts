import { randomInt, randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { startTestSmtpServer } from '@prestaflow/mail/testing';
import { createDataSource, migrate } from '@prestaflow/platform';
import { ServiceProcess, StackIsolation, uniqueName } from '@prestaflow/platform/testing';
import { type DataSource } from 'typeorm';
import { loadNotificationConfig } from '../config';
import { eventually, sleep } from '../testing/fixtures';
import { NotificationLog } from './notification-log';

/**
 * ADR 0005, issue #10 item 6: a message is sent under a lease that outlasts any SMTP exchange and
 * is renewed when its turn comes too late for the claim's lease to cover it; a crash holds messages back for one lease at most and
 * sends again at most the message in flight.
 */

/**
 * A real SMTP server that answers each step `stepMs` late; `accepted`: the Message-IDs it took, in
 * order; `mostAtOnce`: the most messages it had under way at one time (MAIL FROM to acceptance).
 */
async function slowSmtp(stepMs: number) {
  const accepted: string[] = [];
  const load = { underWay: 0, mostAtOnce: 0 };
  const later = (done: () => void) => void setTimeout(done, stepMs);
  const server = await startTestSmtpServer(0, {
    onConnect: (_session, callback) => later(() => callback()),
    onMailFrom: (_address, _session, callback) => {
      load.mostAtOnce = Math.max(load.mostAtOnce, ++load.underWay);
      later(() => callback());
    },
    onRcptTo: (_address, _session, callback) => later(() => callback()),
    onData: (stream, _session, callback) =>
      void simpleParser(stream).then(
        (mail) =>
          later(() => {
            accepted.push(mail.messageId ?? '');
            load.underWay--;
            callback();
          }),
        callback,
      ),
  });
  return { ...server, accepted, load };
}

/** `count` rendered e-mails due now, as the consumer records them; returns their Message-IDs. */
async function pendingMails(db: DataSource, count: number): Promise<string[]> {
  const tag = randomUUID().slice(0, 8);
  const ids = Array.from({ length: count }, (_, i) => `<lease-${tag}-${i}@prestaflow.local>`);
  await db.query(
    `INSERT INTO notifications (event_id, recipient, channel, reason, prestation_id, company_id, address, language, subject, body_text, body_html, message_id, status)
     SELECT 'event-' || m, 'worker:980000000001', 'EMAIL', 'AWAITING_VALIDATION', 'prestation-' || m, 'company-${tag}', 'maria@example.be', 'fr',
            'Une prestation attend votre validation', 'Bonjour', '<p>Bonjour</p>', m, 'PENDING'
     FROM unnest($1::text[]) AS m`,
    [ids],
  );
  return ids;
}

const statuses = async (db: DataSource, ids: readonly string[]) =>
  (await db.query('SELECT message_id, status FROM notifications WHERE message_id = ANY($1)', [ids])) as Array<{ message_id: string; status: string }>;

describe('notification sending under a lease', () => {
  /** A schema of its own, an SMTP server answering each step `stepMs` late, and one instance sending to it over `connections`. */
  async function withOneInstance(stepMs: number, connections: number, test: (db: DataSource, log: NotificationLog, smtp: Awaited<ReturnType<typeof slowSmtp>>) => Promise<void>) {
    const db = await createDataSource({ url: process.env['DATABASE_URL'] as string, schema: uniqueName('lease') }).initialize();
    await migrate(db);
    const smtp = await slowSmtp(stepMs);
    const log = new NotificationLog(db, loadNotificationConfig({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_CONNECTIONS: String(connections) }));
    try {
      await test(db, log, smtp);
    } finally {
      await log.onModuleDestroy();
      await smtp.close();
      await db.query(`DROP SCHEMA ${db.driver.schema} CASCADE`);
      await db.destroy();
    }
  }

  it('R4 sends what the given events recorded, past one claim of 10, SMTP_CONNECTIONS at once, and leaves the other events\' messages pending', async () => {
    await withOneInstance(20, 3, async (db, log, smtp) => {
      const ids = await pendingMails(db, 14);
      const [given, others] = [ids.slice(0, 12), ids.slice(12)];
      expect(await log.sendPending(given.map((id) => `event-${id}`))).toBe(12);
      expect([...smtp.accepted].sort()).toEqual([...given].sort());
      // Three at once over three connections, never more.
      expect(smtp.load.mostAtOnce).toBe(3);
      expect((await statuses(db, others)).map(({ status }) => status)).toEqual(['PENDING', 'PENDING']);
      expect(await log.sendPending([])).toBe(0);
    });
  }, 30_000);

  it('R4 a message whose turn comes well inside the claim\'s lease is sent under that lease, not renewed first (one statement less per message)', async () => {
    // One connection, 100 ms a step: the third message's turn comes about a second after the claim.
    await withOneInstance(100, 1, async (db, log, smtp) => {
      const ids = await pendingMails(db, 3);
      expect(await log.sendPending(ids.map((id) => `event-${id}`))).toBe(3);
      // A renewal would have moved each row's lease end to its own turn.
      const ends = (await db.query('SELECT DISTINCT next_attempt_at FROM notifications WHERE message_id = ANY($1)', [ids])) as unknown[];
      expect(ends).toHaveLength(1);
      expect(smtp.accepted).toHaveLength(3);
    });
  }, 30_000);

  it('R4 a batch slower than the lease: a message whose lease ran out and that another instance claimed is left to it, so each is sent once', async () => {
    const db = await createDataSource({ url: process.env['DATABASE_URL'] as string, schema: uniqueName('lease') }).initialize();
    await migrate(db);
    // Instance A's server takes about 2.5 s a message, so its batch of 10 outlasts the 12.5 s lease;
    // B's answers at once, and B keeps claiming what is due.
    const [slow, fast] = await Promise.all([slowSmtp(500), slowSmtp(0)]);
    // One connection each: A sends its batch one message after another.
    const configFor = (port: number) => loadNotificationConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_TIMEOUT_MS: '1000', NOTIFICATION_LEASE_MS: '12500', SMTP_CONNECTIONS: '1' });
    const [a, b] = [new NotificationLog(db, configFor(slow.port)), new NotificationLog(db, configFor(fast.port))];
    try {
      const ids = await pendingMails(db, 14);
      const allSent = async () => (await statuses(db, ids)).every(({ status }) => status === 'SENT');
      const first = a.sendPending();
      await eventually('A to claim its batch', async () => ((await db.query('SELECT count(*)::int AS n FROM notifications WHERE lease IS NOT NULL')) as [{ n: number }])[0].n >= 10);
      const second = (async () => {
        while (!(await allSent())) {
          await b.sendPending();
          await sleep(100);
        }
      })();
      await Promise.all([first, second]);
      const sent = [...slow.accepted, ...fast.accepted];
      expect([...sent].sort()).toEqual([...ids].sort());
      // The point of the test: B took over some of A's batch while A was still sending it.
      expect(slow.accepted.length).toBeLessThan(10);
    } finally {
      await Promise.all([a.onModuleDestroy(), b.onModuleDestroy()]);
      await Promise.all([slow.close(), fast.close()]);
      await db.query(`DROP SCHEMA ${db.driver.schema} CASCADE`);
      await db.destroy();
    }
  }, 90_000);

  it('R4 the service killed mid-batch: after its restart every message is sent within the lease, none lost, duplicates at most the ones in flight at the kill (SMTP_CONNECTIONS)', async () => {
    const leaseMs = 13_000;
    const smtp = await slowSmtp(50);
    // A database of its own: no other test's instance sends these rows, this one sends no other's (ADR 0025).
    const isolation = await StackIsolation.create('notification_kill');
    const service = await ServiceProcess.start('notification-service', {
      ...isolation.env('notification-service'),
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_TIMEOUT_MS: '1000',
      NOTIFICATION_LEASE_MS: String(leaseMs),
      SMTP_CONNECTIONS: '2',
      NOTIFICATION_RETRY_INTERVAL_MS: '100',
      NOTIFICATION_BACKOFF_MS: '100',
    });
    const db = await createDataSource({ url: isolation.databaseUrl }).initialize();
    try {
      const ids = await pendingMails(db, 30);
      const mine = () => smtp.accepted.filter((id) => ids.includes(id));
      const killAfter = randomInt(3, 15);
      await eventually(`${killAfter} messages accepted`, () => mine().length >= killAfter, 30_000);
      await service.kill9();
      await sleep(300); // a message whose data had reached the server is accepted meanwhile
      const sentAtKill = new Set((await statuses(db, ids)).filter(({ status }) => status === 'SENT').map((row) => row.message_id));
      const inFlight = [...new Set(mine())].filter((id) => !sentAtKill.has(id));
      expect(inFlight.length).toBeLessThanOrEqual(2);
      await service.restart();
      const restarted = Date.now();
      await eventually('every message sent', async () => (await statuses(db, ids)).every(({ status }) => status === 'SENT'), leaseMs + 30_000);
      // Held back for one lease at most (from the kill), then sent at about 0.2 s each.
      expect(Date.now() - restarted).toBeLessThan(leaseMs + 15_000);
      expect([...new Set(mine())].sort()).toEqual([...ids].sort());
      const duplicates = [...new Set(mine().filter((id, i, all) => all.indexOf(id) !== i))];
      expect(duplicates.filter((id) => !inFlight.includes(id))).toEqual([]);
    } finally {
      await service.stop();
      await db.destroy();
      await smtp.close();
      await isolation.drop();
    }
  }, 120_000);
});
