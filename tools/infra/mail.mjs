// A real SMTP server that keeps what it receives, with a web view of the mailbox, for dev and
// tests (no mail leaves the machine). Mail is parsed with mailparser as a client would see it.
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Starts the SMTP catcher (no auth, no TLS: loopback only) and its web view. */
export async function startMailCatcher({ smtpPort = 1025, webPort = 1080, host = '127.0.0.1' } = {}) {
  const messages = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Prestaflow mail catcher',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({
            id: messages.length + 1,
            receivedAt: new Date().toISOString(),
            envelope: { from: session.envelope.mailFrom?.address, to: session.envelope.rcptTo.map((r) => r.address) },
            subject: mail.subject ?? '',
            from: mail.from?.text ?? '',
            to: mail.to?.text ?? '',
            language: mail.headers.get('content-language') ?? null,
            text: mail.text ?? '',
            html: mail.html || '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(smtpPort, host, resolve);
  });

  const web = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (url.pathname === '/messages') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(messages));
    } else if (url.pathname === '/') {
      const rows = messages
        .slice()
        .reverse()
        .map((m) => `<tr><td>${m.id}</td><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to)}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`)
        .join('');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><title>Prestaflow mail</title><h1>Received mail (${messages.length})</h1>
<table border="1" cellpadding="4"><tr><th>#</th><th>received</th><th>to</th><th>subject</th></tr>${rows}</table>`);
    } else {
      const message = messages.find((m) => `/messages/${m.id}` === url.pathname);
      if (!message) {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('no such message');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(message.html || `<pre>${escapeHtml(message.text)}</pre>`);
    }
  });
  await new Promise((resolve, reject) => {
    web.once('error', reject);
    web.listen(webPort, host, resolve);
  });

  const address = (server) => server.address().port;
  return {
    smtp: { host, port: address(smtp.server) },
    webUrl: `http://${host}:${address(web)}`,
    messages,
    stop: () => Promise.all([new Promise((r) => smtp.close(r)), new Promise((r) => web.close(r))]),
  };
}
