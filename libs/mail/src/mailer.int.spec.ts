import { createServer, type Socket } from 'node:net';
import { type AddressInfo } from 'node:net';
import { createMailer, DEFAULT_SMTP_TIMEOUT_MS, MailServerUnavailableError, type OutgoingMail } from './mailer';
import { startTestSmtpServer as startSmtp, type TestSmtpServer } from './testing/smtp-server';

const mail: OutgoingMail = {
  to: 'maria.lopes@example.be',
  subject: 'Une prestation attend votre validation',
  text: 'Bonjour Maria',
  html: '<p>Bonjour Maria</p>',
  language: 'fr',
  messageId: '<notification-1@prestaflow.local>',
};
const fastRetry = { attempts: 5, initialDelayMs: 100, maxDelayMs: 400 };

describe('Mailer over real SMTP', () => {
  it('delivers text and HTML with its language and stable message id', async () => {
    const smtp = await startSmtp();
    const mailer = createMailer(`smtp://127.0.0.1:${smtp.port}`, 'Prestaflow <no-reply@prestaflow.local>', fastRetry);
    try {
      expect(await mailer.deliver(mail)).toMatchObject({ outcome: 'sent' });
      const [received] = smtp.received;
      expect(received?.subject).toBe(mail.subject);
      expect(received?.text?.trim()).toBe('Bonjour Maria');
      expect(received?.html).toContain('<p>Bonjour Maria</p>');
      expect(received?.headers.get('content-language')).toBe('fr');
      expect(received?.messageId).toBe(mail.messageId);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('sends one after another on one connection (pooled): connecting and EHLO once, not once per mail', async () => {
    let connections = 0;
    const smtp = await startSmtp(0, {
      onConnect(_session, callback) {
        connections++;
        callback();
      },
    });
    const mailer = createMailer(`smtp://127.0.0.1:${smtp.port}`, 'no-reply@prestaflow.local', fastRetry);
    try {
      for (const n of [1, 2, 3]) expect(await mailer.deliver({ ...mail, messageId: `<notification-${n}@prestaflow.local>` })).toMatchObject({ outcome: 'sent' });
      expect(smtp.received.map((received) => received.messageId)).toEqual([1, 2, 3].map((n) => `<notification-${n}@prestaflow.local>`));
      expect(connections).toBe(1);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('records a refused address as bounced, without retrying', async () => {
    let attempts = 0;
    const smtp = await startSmtp(0, {
      onRcptTo(_address, _session, callback) {
        attempts++;
        callback(Object.assign(new Error('5.1.1 mailbox unknown'), { responseCode: 550 }));
      },
    });
    const mailer = createMailer(`smtp://127.0.0.1:${smtp.port}`, 'no-reply@prestaflow.local', fastRetry);
    try {
      const delivery = await mailer.deliver(mail);
      expect(delivery).toMatchObject({ outcome: 'bounced' });
      expect(delivery.outcome === 'bounced' && delivery.reason).toMatch(/550/);
      expect(attempts).toBe(1);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('retries with backoff while the server is down, and delivers once it is up', async () => {
    const placeholder = await startSmtp();
    const port = placeholder.port;
    await placeholder.close(); // now nothing listens on that port
    const mailer = createMailer(`smtp://127.0.0.1:${port}`, 'no-reply@prestaflow.local', fastRetry);
    let smtp: TestSmtpServer | undefined;
    const startLater = new Promise<void>((resolve) =>
      setTimeout(async () => {
        smtp = await startSmtp(port);
        resolve();
      }, 250),
    );
    try {
      expect(await mailer.deliver(mail)).toMatchObject({ outcome: 'sent' });
      await startLater;
      expect(smtp?.received).toHaveLength(1);
    } finally {
      mailer.close();
      await smtp?.close();
    }
  });

  it('gives up after the last retry when the server keeps saying 4xx, so the caller keeps it pending', async () => {
    const smtp = await startSmtp(0, {
      onMailFrom(_address, _session, callback) {
        callback(Object.assign(new Error('4.3.2 try again later'), { responseCode: 451 }));
      },
    });
    const mailer = createMailer(`smtp://127.0.0.1:${smtp.port}`, 'no-reply@prestaflow.local', { attempts: 3, initialDelayMs: 20, maxDelayMs: 40 });
    try {
      await expect(mailer.deliver(mail)).rejects.toThrow(MailServerUnavailableError);
      expect(smtp.received).toHaveLength(0);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  describe('every wait of an exchange is bounded (ADR 0005: well inside the send lease)', () => {
    const once = { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 };
    /** A raw TCP server that accepts connections and never says a word. */
    async function silentServer() {
      const sockets: Socket[] = [];
      const server = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return {
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((resolve) => (sockets.forEach((socket) => socket.destroy()), server.close(() => resolve()))),
      };
    }
    const timed = async (work: Promise<unknown>) => {
      const started = Date.now();
      await expect(work).rejects.toThrow(MailServerUnavailableError);
      return Date.now() - started;
    };

    it('a server that accepts the connection and never greets: given up after the greeting timeout', async () => {
      const silent = await silentServer();
      const mailer = createMailer(`smtp://127.0.0.1:${silent.port}`, 'no-reply@prestaflow.local', once, 300);
      try {
        expect(await timed(mailer.deliver(mail))).toBeLessThan(2_000);
      } finally {
        mailer.close();
        await silent.close();
      }
    });

    it(`by default, a silent server is given up after ${DEFAULT_SMTP_TIMEOUT_MS} ms (nodemailer alone waits 30 s for a greeting)`, async () => {
      const silent = await silentServer();
      const mailer = createMailer(`smtp://127.0.0.1:${silent.port}`, 'no-reply@prestaflow.local', once);
      try {
        expect(await timed(mailer.deliver(mail))).toBeLessThan(DEFAULT_SMTP_TIMEOUT_MS + 3_000);
      } finally {
        mailer.close();
        await silent.close();
      }
    }, 40_000);

    it('a server that takes the message and never answers it: given up after the socket timeout, not 10 minutes', async () => {
      const smtp = await startSmtp(0, { onData: (stream) => void stream.resume() });
      const mailer = createMailer(`smtp://127.0.0.1:${smtp.port}`, 'no-reply@prestaflow.local', once, 300);
      try {
        expect(await timed(mailer.deliver(mail))).toBeLessThan(2_000);
      } finally {
        mailer.close();
        await smtp.close();
      }
    });
  });
});
