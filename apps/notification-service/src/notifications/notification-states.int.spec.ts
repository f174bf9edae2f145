import { startTestSmtpServer } from '@prestaflow/mail/testing';
import { DataSource } from 'typeorm';
import { eventually, sleep, startNotificationStack } from '../testing/fixtures';
import { NotificationLog } from './notification-log';
import { NotificationStates } from './notification-states';
import { readContacts, readNames } from './planner';

/**
 * Notification planning as a projection whose reaction records the notifications in its own
 * transaction (ADR 0029), against a real SMTP server, broker and database.
 */
describe('notification states: reactions in the projection transaction, rebuilds that send nothing', () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let stack: Awaited<ReturnType<typeof startNotificationStack>>;
  let db: DataSource;

  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text === address);
  const count = async (sql: string) => ((await db.query(sql)) as [{ n: number }])[0].n;
  // The stacks of other test files publish to the same topic: count only this database's prestations.
  const ours = `prestation_id IN (SELECT stream_id FROM event_streams WHERE stream_type = 'prestation')`;
  const notifications = () => count(`SELECT count(*)::int AS n FROM notifications WHERE ${ours}`);
  const rebuild = (name: string, query = '') => fetch(`${stack.url}/projections/${name}/rebuild${query}`, { method: 'POST', headers: stack.operator });

  beforeAll(async () => {
    smtp = await startTestSmtpServer(0);
    stack = await startNotificationStack({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    db = stack.service.get(DataSource);
  }, 90_000);

  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
  }, 30_000);

  it('R4 a reaction that fails after recording leaves neither the rows nor the checkpoint; the redelivered event records and sends its notification once', async () => {
    const log = stack.service.get(NotificationLog);
    const record = log.record.bind(log);
    const p = await stack.people();
    const checkpoints = () => count(`SELECT count(*)::int AS n FROM projection_checkpoints WHERE projection = 'notification_states' AND stream_id = '${p.prestationId}'`);
    const outboxRows = () => count(`SELECT count(*)::int AS n FROM notifications WHERE prestation_id = '${p.prestationId}'`);
    const seenByTheRetry: number[] = [];
    // The outbox rows are written in the projection's transaction, then the "crash"; the retry
    // first looks from another connection at what the crashed attempt left.
    const crashed = jest
      .spyOn(log, 'record')
      .mockImplementationOnce(async (planned, sql) => {
        await record(planned, sql);
        throw new Error('crashed between the outbox rows and the commit');
      })
      .mockImplementationOnce(async (planned, sql) => {
        seenByTheRetry.push(await outboxRows(), await checkpoints());
        return record(planned, sql);
      });
    await stack.commands.execute(p.encode);
    await eventually('the worker mail', () => mailsTo(p.worker.email!).length > 0);
    expect(crashed).toHaveBeenCalledTimes(2);
    expect(seenByTheRetry).toEqual([0, 0]);
    await sleep(300);
    expect(mailsTo(p.worker.email!)).toHaveLength(1);
    expect(await stack.logOf(p.prestationId)).toMatchObject([{ reason: 'WORKER_TO_VALIDATE', channel: 'EMAIL', status: 'SENT' }]);
    expect(await checkpoints()).toBe(1);
    crashed.mockRestore();
  }, 60_000);

  it('R4 R11 the contacts and names of a batch\'s notices come from one read for all of them, each matched to its own prestation', async () => {
    const [a, b] = [await stack.people({ worker: { language: 'nl', app: true } }), await stack.people({ worker: { language: 'de', email: null } })];
    await db.query(`UPDATE workers SET name = 'Anna' WHERE worker_id = $1`, [b.worker.id]);
    await db.query(`INSERT INTO push_subscriptions (endpoint, worker_id, p256dh, auth) VALUES ($1, $2, 'k', 'a')`, [`https://push.example/${a.worker.id}`, a.worker.id]);
    const state = (p: typeof a, workerId = p.worker.id) =>
      ({ status: 'AwaitingWorkerValidation', prestation: { companyId: p.company.id, workerId, userId: p.user.id } }) as unknown as Parameters<typeof readNames>[1][number];
    const [sa, sb, unknown] = [state(a), state(b), state(a, '999999999999')];
    const contactOf = await readContacts(db, [
      { audience: 'worker', state: sa },
      { audience: 'worker', state: sb },
      { audience: 'worker', state: unknown },
      { audience: 'user', state: sb },
      { audience: 'company', state: sa },
    ]);
    expect(contactOf('worker', sa)).toEqual({ id: a.worker.id, language: 'nl', email: a.worker.email, appInstalled: true, devices: 1 });
    expect(contactOf('worker', sb)).toEqual({ id: b.worker.id, language: 'de', email: null, appInstalled: false, devices: 0 });
    expect(contactOf('worker', unknown)).toEqual({ id: '999999999999', language: 'fr', email: null, appInstalled: false, devices: 0 });
    expect(contactOf('user', sb)).toEqual({ id: b.user.id, language: 'fr', email: b.user.email, appInstalled: false, devices: 0 });
    expect(contactOf('company', sa)).toEqual({ id: a.company.id, language: 'fr', email: a.company.email, appInstalled: false, devices: 0 });
    expect(await readNames(db, [sb, unknown, sa])).toEqual([
      { company: 'Titres Test', worker: 'Anna', user: 'Jan' },
      { company: 'Titres Test', user: 'Jan' },
      { company: 'Titres Test', worker: 'Maria', user: 'Jan' },
    ]);
  }, 30_000);

  it('R4 a rebuild by name folds every prestation again and sends nothing; an unknown name is 404, a bad policy 400', async () => {
    const p = await stack.people();
    await stack.commands.execute(p.encode);
    await eventually('the worker mail', () => mailsTo(p.worker.email!).length > 0);
    const before = { mails: smtp.received.length, rows: await notifications() };
    await db.query('UPDATE notification_states SET awaiting_worker_until = NULL WHERE prestation_id = $1', [p.prestationId]);

    const response = await rebuild('notification_states');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ projection: 'notification_states', badEvents: [] });
    expect(await count(`SELECT count(*)::int AS n FROM notification_states WHERE prestation_id = '${p.prestationId}' AND awaiting_worker_until IS NOT NULL`)).toBe(1);
    await sleep(500);
    expect({ mails: smtp.received.length, rows: await notifications() }).toEqual(before);

    const unknown = await rebuild('deadlines');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toContain('notification_states');
    expect((await rebuild('notification_states', '?onBadEvent=sometimes')).status).toBe(400);
  }, 60_000);

  it('R4 the first fill after the migration folds the past with no reaction, except the events the replaced consumer had not handled', async () => {
    const [p, q] = [await stack.people(), await stack.people()];
    await stack.commands.execute(p.encode);
    await stack.commands.execute(q.encode);
    await eventually('the worker mails', () => mailsTo(p.worker.email!).length > 0 && mailsTo(q.worker.email!).length > 0);
    // q's worker has a device now: q's encoding, handled already, would get a PUSH row if planned again.
    await db.query(`INSERT INTO push_subscriptions (endpoint, worker_id, p256dh, auth) VALUES ($1, $2, 'key', 'auth')`, [`https://push.example/${q.worker.id}`, q.worker.id]);
    const before = await notifications();
    const prestations = await count(`SELECT count(*)::int AS n FROM event_streams WHERE stream_type = 'prestation'`);
    // What the migration leaves: an empty table with no progress; and the old consumer stopped
    // before it handled p's encoding (no outbox row for it).
    await db.query(`DELETE FROM projection_checkpoints WHERE projection = 'notification_states'`);
    await db.query('DELETE FROM notification_states');
    await db.query('DELETE FROM notifications WHERE prestation_id = $1', [p.prestationId]);
    const states = stack.service.get(NotificationStates);
    expect(await states.fillIfNeverProjected()).toBe(prestations);
    expect(await count(`SELECT count(*)::int AS n FROM notification_states WHERE ${ours}`)).toBe(prestations);
    // Only p's encoding was planned again: every other prestation's past recorded nothing new.
    expect(await notifications()).toBe(before);
    expect(await stack.logOf(p.prestationId)).toMatchObject([{ reason: 'WORKER_TO_VALIDATE', channel: 'EMAIL' }]);
    expect(await states.fillIfNeverProjected()).toBeUndefined();
  }, 60_000);
});
