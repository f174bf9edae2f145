import { type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface TestSmtpServer {
  readonly port: number;
  /** Every mail received, parsed as a mail client would. */
  readonly received: ParsedMail[];
  readonly close: () => Promise<void>;
}

/**
 * A real SMTP server on loopback for tests (no auth, no TLS). `overrides` let a test refuse a
 * connection (4xx) or an address (5xx) the way a real server would.
 */
export async function startTestSmtpServer(port = 0, overrides: Partial<SMTPServerOptions> = {}): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
    ...overrides,
  });
  server.on('error', () => undefined); // a refused client is the test's point, not a failure
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
