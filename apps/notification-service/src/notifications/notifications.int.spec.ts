import { randomUUID } from 'node:crypto';
import { type PrestationCommand, Topics } from '@prestaflow/contracts';
import { readLogFromStart } from '@prestaflow/event-store';
import { KAFKA } from '@prestaflow/platform';
import { UserAbsenceCommands, WorkerProfileCommands } from '@prestaflow/write-side';
import {
  confirmAsUser,
  contestAsWorker,
  reachUserDeadline,
  reachWorkerDeadline,
  remindUser,
  setWorkerEmail,
  T0,
  validateAsWorker,
} from '@prestaflow/testing';
import { type Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { startTestSmtpServer } from '@prestaflow/mail/testing';
import { eventually, type PeopleOptions, sleep, startNotificationStack } from '../testing/fixtures';
import { type BouncedAddress } from './notification-queries';
import { NotificationsConsumer } from './notifications.consumer';

/**
 * A real SMTP server on loopback that can be "down" (421 to a new connection, 451 to a mail on an
 * open one: the mailer keeps its connections, libs/mail), refuses bounce-* addresses (550), and
 * can hold a recipient until a test lets it go (`hold`; `holding` counts the ones it holds).
 */
async function startSmtp() {
  const state: { down: boolean; hold: Promise<void> | null; holding: number } = { down: false, hold: null, holding: 0 };
  const server = await startTestSmtpServer(0, {
    onConnect(_session, callback) {
      callback(state.down ? Object.assign(new Error('4.3.2 try again later'), { responseCode: 421 }) : undefined);
    },
    onMailFrom(_address, _session, callback) {
      callback(state.down ? Object.assign(new Error('4.3.2 try again later'), { responseCode: 451 }) : undefined);
    },
    onRcptTo(address, _session, callback) {
      const answer = () => callback(address.address.startsWith('bounce-') ? Object.assign(new Error('5.1.1 mailbox unknown'), { responseCode: 550 }) : undefined);
      if (!state.hold) return answer();
      state.holding++;
      void state.hold.then(answer);
    },
  });
  return { ...server, state };
}

describe('notification-service with a real SMTP server, broker and database', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let stack: Awaited<ReturnType<typeof startNotificationStack>>;
  let url: string;

  const people = (options?: PeopleOptions) => stack.people(options);
  const mailsTo = (address: string | null) => smtp.received.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text === address);
  const logOf = (prestationId: string) => stack.logOf(prestationId);
  const run = (command: PrestationCommand) => stack.commands.execute(command);

  beforeAll(async () => {
    smtp = await startSmtp();
    stack = await startNotificationStack({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    url = stack.url;
  }, 90_000);

  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
  }, 30_000);

  it('R4 tells the worker "a prestation awaits your validation" within seconds of a company encoding, in Dutch, text and HTML, details, deadline in Brussels time, link', async () => {
    const p = await people({ worker: { language: 'nl'} });
    const started = Date.now();
    await run(p.encode);
    const [mail] = await eventually('the worker mail', () => mailsTo(p.worker.email).length > 0 && mailsTo(p.worker.email));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(10_000);
    console.log(`worker e-mail received ${elapsed} ms after the company encoding`);
    expect(mail!.subject).toBe('Een prestatie wacht op uw validatie');
    expect(mail!.headers.get('content-language')).toBe('nl');
    expect(mail!.text).toContain('vóór 17 juni 2025 om 23:59 (Brusselse tijd)'); // T0 + 5 working days, end of day in Brussels
    // R2: the company by its name in the reference data, and the reason it gave.
    expect(mail!.text).toContain('Titres Test heeft een prestatie voor u ingevoerd.');
    expect(mail!.text).toContain('Reden van de onderneming: "');
    expect(mail!.text).toContain('Datum van de prestatie: 10 juni 2025');
    expect(mail!.text).toContain('Uren: 4');
    expect(mail!.text).toContain('Huishoudelijke hulp'); // the app's and the exports' word (activityLabels)
    expect(mail!.text).toContain(`https://prestaflow.example/app/worker/prestations/${p.prestationId}`);
    expect(mail!.html).toContain(`<a href="https://prestaflow.example/app/worker/prestations/${p.prestationId}">De prestatie openen</a>`);
    expect(mail!.messageId).toMatch(/@prestaflow\.local>$/);
    await eventually('the SENT mark', async () => (await logOf(p.prestationId))[0]?.status === 'SENT');
    expect(await logOf(p.prestationId)).toMatchObject([{ recipient: `worker:${p.worker.id}`, channel: 'EMAIL', reason: 'WORKER_TO_VALIDATE', status: 'SENT', language: 'nl' }]);

    // Replays of the log and redeliveries of the same events: nothing is sent twice.
    const consumer = stack.service.get(NotificationsConsumer);
    const replayed: unknown[] = [];
    await readLogFromStart({
      kafka: stack.writer.get<Kafka>(KAFKA),
      topic: Topics.PrestationEvents,
      onBatch: async (messages) => {
        for (const message of messages) if (message.key?.toString() === p.prestationId && message.value) replayed.push(JSON.parse(message.value.toString()));
      },
    });
    expect(replayed).toHaveLength(1);
    for (let i = 0; i < 3; i++) await consumer.onEvents([replayed[0]]);
    await sleep(300);
    expect(mailsTo(p.worker.email)).toHaveLength(1);
    expect(await logOf(p.prestationId)).toHaveLength(1);
  }, 60_000);

  it('R11 R4 writes to the address of the latest WorkerEmailChanged rather than the reference data', async () => {
    const p = await people({ worker: { language: 'en'} });
    const newAddress = `new-${p.worker.id}@example.be`;
    await stack.writer.get(WorkerProfileCommands).execute({ ...setWorkerEmail(T0, newAddress, p.workerActor), workerId: p.worker.id });
    await run(p.encode);
    const [mail] = await eventually('the mail to the new address', () => mailsTo(newAddress).length > 0 && mailsTo(newAddress));
    expect(mail!.subject).toBe('A prestation awaits your validation');
    expect(mail!.text).toContain('before 17 June 2025 at 23:59 (Brussels time)');
    expect(mailsTo(p.worker.email)).toHaveLength(0);
  }, 30_000);

  it('R4 R6 a worker with no e-mail and no app is recorded as not notifiable, and the deadline still runs', async () => {
    const p = await people({ worker: { language: 'fr', email: null } });
    await run(p.encode);
    const logged = await eventually('the log row', async () => (await logOf(p.prestationId))[0]);
    expect(logged).toMatchObject({ recipient: `worker:${p.worker.id}`, channel: 'NONE', status: 'NOT_NOTIFIABLE', lastError: 'no e-mail address and no app' });
    const fired = await run({ ...reachWorkerDeadline('2025-06-17T21:59:59.999Z'), prestationId: p.prestationId });
    expect(fired.events.map((e) => e.type)).toEqual(['AutoValidated']);
  }, 30_000);

  it('R8 tells the user, in German: awaiting confirmation, reminders at day 20 and 40, automatic validation done', async () => {
    const p = await people({ user: { language: 'de' } });
    await run(p.encode);
    await run({ ...reachWorkerDeadline('2025-06-17T21:59:59.999Z'), prestationId: p.prestationId });
    await run({ ...remindUser('2025-07-07T21:59:59.999Z', 1), prestationId: p.prestationId });
    await run({ ...remindUser('2025-07-27T21:59:59.999Z', 2), prestationId: p.prestationId });
    await run({ ...reachUserDeadline('2025-08-16T21:59:59.999Z'), prestationId: p.prestationId });
    const mails = await eventually('four mails to the user', () => mailsTo(p.user.email).length >= 4 && mailsTo(p.user.email));
    await sleep(300);
    expect(mailsTo(p.user.email)).toHaveLength(4);
    const bySubject = (subject: string) => mails.filter((mail) => mail.subject === subject);
    expect(bySubject('Eine Leistung wartet auf Ihre Bestätigung')).toHaveLength(1);
    expect(bySubject('Erinnerung: Eine Leistung wartet auf Ihre Bestätigung')).toHaveLength(2);
    expect(bySubject('Leistung automatisch bestätigt')).toHaveLength(1);
    expect(bySubject('Eine Leistung wartet auf Ihre Bestätigung')[0]!.text).toContain('vor dem 16. August 2025 um 23:59 (Brüsseler Zeit)');
    expect(bySubject('Leistung automatisch bestätigt')[0]!.text).toContain('am 16. August 2025 um 23:59 (Brüsseler Zeit) automatisch bestätigt');
    expect(mails.every((mail) => mail.headers.get('content-language') === 'de' && mail.html !== false)).toBe(true);
    expect(mailsTo(p.worker.email)).toHaveLength(1);
  }, 30_000);

  it('R17 R8 tells the user the date to confirm by with the absence they declared counted, the date the deadline service sets (newcomer trial: the e-mail said 11 days too early)', async () => {
    const p = await people();
    // Away 14-23 July, declared before the prestation: the 60 days from 11 June end on 20 August, not 10 August.
    const user = { id: p.user.id, role: 'USER' } as const;
    await stack.writer.get(UserAbsenceCommands).execute({ type: 'DeclareUserAbsence', userId: p.user.id, data: { from: '2025-07-14', to: '2025-07-23' }, metadata: { now: '2025-06-01T10:00:00.000Z', actor: user } });
    await run(p.encode);
    await run({ ...validateAsWorker('2025-06-11T08:00:00.000Z', {}, p.workerActor), prestationId: p.prestationId });
    const [mail] = await eventually('the user mail', () => mailsTo(p.user.email).length > 0 && mailsTo(p.user.email));
    expect(mail!.text).toContain('20 août 2025 à 10:00');
  }, 30_000);

  it('R5 tells the company at once of a worker contest, in French, with the reason', async () => {
    const p = await people();
    await run(p.encode);
    await run({
      ...contestAsWorker('2025-06-11T08:00:00.000Z', { version: 1, channel: 'APP', reasonCode: 'WRONG_HOURS', text: 'Seulement 3 heures', proposedHours: 3 }, p.workerActor),
      prestationId: p.prestationId,
    });
    const [mail] = await eventually('the company mail', () => mailsTo(p.company.email).length > 0 && mailsTo(p.company.email));
    expect(mail!.subject).toBe('Un·e travailleur·euse conteste une prestation');
    // Issue 11: the worker by name, in the sentence and in the rows.
    expect(mail!.text).toContain('Maria a contesté la prestation ci-dessous le ');
    expect(mail!.text).toContain('Travailleur·euse : Maria');
    expect(mail!.headers.get('content-language')).toBe('fr');
    expect(mail!.text).toContain('le 11 juin 2025 à 10:00 (heure de Bruxelles)');
    expect(mail!.text).toContain('Motif : Heures erronées. « Seulement 3 heures » Heures proposées : 3.'); // the reason as the worker chose it (contestReasonLabels)
    expect(mail!.text).toContain(`https://prestaflow.example/app/company/prestations/${p.prestationId}`);
  }, 30_000);

  it('R5 R7 tells the user too when they had confirmed before the worker contested: their confirmation no longer applies, without the worker\'s words', async () => {
    const p = await people({ user: { language: 'en' } });
    await run(p.encode);
    await run({ ...confirmAsUser('2025-06-10T18:00:00.000Z', 1, { id: p.user.id, role: 'USER' }), prestationId: p.prestationId });
    await run({
      ...contestAsWorker('2025-06-11T08:00:00.000Z', { version: 1, channel: 'APP', reasonCode: 'NOT_PERFORMED', text: 'Personne à la maison' }, p.workerActor),
      prestationId: p.prestationId,
    });
    const [mail] = await eventually('the user mail', () => mailsTo(p.user.email).length > 0 && mailsTo(p.user.email));
    expect(mail!.subject).toBe('A prestation you confirmed is contested');
    expect(mail!.text).toContain('Maria contested the prestation below, which you had confirmed, on 11 June 2025 at 10:00 (Brussels time). Your confirmation no longer applies');
    expect(mail!.text).not.toContain('Personne à la maison');
    expect(mail!.text).toContain(`https://prestaflow.example/app/user/prestations/${p.prestationId}`);
    await eventually('the company mail', () => mailsTo(p.company.email).length > 0);
  }, 30_000);

  it('R14 sends each company, once a day, the digest of what its workers still have to validate, with each deadline', async () => {
    const p = await people();
    const second = { ...p.encode, prestationId: randomUUID(), data: { ...p.encode.data, hours: 3 } } as PrestationCommand;
    const validated = { ...p.encode, prestationId: randomUUID(), data: { ...p.encode.data, hours: 7 } } as PrestationCommand;
    await run(p.encode);
    await run(second);
    await run(validated);
    await run({ ...validateAsWorker('2025-06-11T08:00:00.000Z', {}, p.workerActor), prestationId: validated.prestationId });
    // Each prestation sits on its own partition: wait until the service has read all three.
    await eventually('the three prestations read', async () => {
      const [a, b, c] = await Promise.all([p.prestationId, second.prestationId, validated.prestationId].map(logOf));
      return a!.length > 0 && b!.length > 0 && c!.some((n) => n.reason === 'USER_TO_CONFIRM');
    });
    const digest = async () =>
      (await (await fetch(`${url}/notifications/digests`, { method: 'POST', headers: { 'content-type': 'application/json', ...stack.operator }, body: JSON.stringify({ date: '2025-06-12' }) })).json()) as {
        companies: number;
      };
    expect((await digest()).companies).toBeGreaterThanOrEqual(1);
    const digestMails = () => mailsTo(p.company.email).filter((m) => m.subject === 'Prestations à valider par vos travailleur·euses');
    const mail = await eventually('the digest', () => digestMails()[0]);
    const text = mail.text ?? '';
    expect(mail.headers.get('content-language')).toBe('fr');
    expect(text).toContain('2 prestations attendent encore la validation de vos travailleur·euses');
    // Issue 11: the worker by name, as the reference data has it.
    expect(text).toContain(`10 juin 2025 · Maria · 4 h · Aide ménagère · à valider avant le 17 juin 2025 à 23:59 (heure de Bruxelles)`);
    expect(text).toContain(' · 3 h · ');
    expect(text).not.toContain(' · 7 h · ');
    expect(text).toContain(`https://prestaflow.example/app/company/prestations/${second.prestationId}`);
    await digest(); // the same day again: nothing new
    await sleep(300);
    expect(digestMails()).toHaveLength(1);
  }, 30_000);

  it('R4 SMTP down: the e-mail stays pending and is retried with back-off, then sent exactly once when the server is back', async () => {
    const p = await people();
    smtp.state.down = true;
    try {
      await run(p.encode);
      const pending = await eventually('two failed attempts', async () => {
        const [row] = await logOf(p.prestationId);
        return row && row.attempts >= 2 && row;
      });
      expect(pending).toMatchObject({ status: 'PENDING', channel: 'EMAIL' });
      expect(pending.lastError).toMatch(/unavailable/);
      expect(mailsTo(p.worker.email)).toHaveLength(0);
    } finally {
      smtp.state.down = false;
    }
    await eventually('the mail, once the server is back', () => mailsTo(p.worker.email).length > 0);
    await eventually('the SENT mark', async () => (await logOf(p.prestationId))[0]?.status === 'SENT');
    await sleep(500);
    expect(mailsTo(p.worker.email)).toHaveLength(1);
  }, 30_000);

  it('R4 keeps no transaction open while a mail is being sent, so the event relay is never held back (ADR 0004)', async () => {
    const p = await people();
    let release = () => undefined as void;
    smtp.state.hold = new Promise<void>((resolve) => (release = resolve));
    try {
      await run(p.encode);
      await eventually('the mail server holding the send', () => smtp.state.holding > 0);
      // An open transaction with an xid would hold back every relay of the cluster until the send ended.
      const open = (await stack.writer.get(DataSource).query(
        `SELECT state, query FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND query ILIKE '%FROM notifications%'`,
      )) as unknown[];
      expect(open).toEqual([]);
    } finally {
      smtp.state.hold = null;
      release();
    }
    await eventually('the SENT mark', async () => (await logOf(p.prestationId))[0]?.status === 'SENT');
    expect(mailsTo(p.worker.email)).toHaveLength(1);
  }, 30_000);

  it('R4 a refused address is recorded as bounced and shown to the company, never retried', async () => {
    const tag = randomUUID().slice(0, 8);
    const p = await people({ worker: { language: 'fr', email: `bounce-${tag}@example.be` } });
    await run(p.encode);
    const [logged] = await eventually('the bounce', async () => {
      const rows = await logOf(p.prestationId);
      return rows[0]?.status === 'BOUNCED' && rows;
    });
    expect(logged!.lastError).toMatch(/550/);
    const bounces = (await (await fetch(`${url}/notifications/bounces?companyId=${p.company.id}`, { headers: stack.operator })).json()) as BouncedAddress[];
    expect(bounces).toMatchObject([{ address: `bounce-${tag}@example.be`, recipient: `worker:${p.worker.id}`, companyId: p.company.id }]);
    expect((await fetch(`${url}/notifications/bounces`, { headers: stack.operator })).status).toBe(400);
  }, 30_000);
});
