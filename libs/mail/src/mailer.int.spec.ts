import { createMailer, MailServerUnavailableError, type OutgoingMail } from './mailer';
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
});
