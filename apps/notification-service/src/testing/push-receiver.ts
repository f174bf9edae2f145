import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decrypt } from 'http_ece';
import { importJWK, jwtVerify } from 'jose';

/**
 * How the push service answers a device's messages: 201 once decrypted, 410 (the subscription is
 * gone), not at all, a 201 whose body comes a byte every 200 ms without end, or a 500 whose body
 * holds control characters (a NUL among them).
 */
type DeviceAnswer = 'accepted' | 'gone' | 'silent' | 'trickle' | 'failing';

export interface ReceivedPush {
  readonly device: string;
  readonly payload: Record<string, unknown>;
  readonly ttl: string | undefined;
  /** The VAPID token's claims, checked against the platform's public key. */
  readonly claims: { aud?: unknown; sub?: unknown };
}

/**
 * A Web Push service on loopback, as a browser vendor runs one: HTTPS (a certificate made for
 * the test by openssl), checks the VAPID signature (RFC 8292) and decrypts each message with
 * the device's private key and auth secret (RFC 8291, aes128gcm), as the browser would.
 */
export async function startPushReceiver(vapidPublicKey: string) {
  const dir = mkdtempSync(join(tmpdir(), 'push-receiver-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const key = readFileSync(join(dir, 'key.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });

  const raw = Buffer.from(vapidPublicKey, 'base64url');
  const vapidKey = await importJWK({ kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') }, 'ES256');
  const devices = new Map<string, { ecdh: ECDH; auth: Buffer; answer: DeviceAnswer }>();
  const received: ReceivedPush[] = [];
  const rejected: string[] = [];

  const server = createServer({ key, cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const id = request.url?.replace(/^\/push\//, '') ?? '';
        const device = devices.get(id);
        if (device?.answer === 'silent') return; // the request is held until close()
        if (device?.answer === 'failing') return response.writeHead(500).end('busy\u0000\r\nnow');
        if (device?.answer === 'trickle') {
          response.writeHead(201, { 'content-length': '1000000' });
          const drip = setInterval(() => response.write('.'), 200);
          return response.on('close', () => clearInterval(drip));
        }
        if (!device || device.answer === 'gone') return response.writeHead(410).end();
        try {
          const [, token] = /^vapid t=([^,]+), k=/.exec(request.headers.authorization ?? '') ?? [];
          const { payload: claims } = await jwtVerify(token ?? '', vapidKey);
          if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
          const plain = decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: device.ecdh, authSecret: device.auth });
          received.push({ device: id, payload: JSON.parse(plain.toString('utf8')) as Record<string, unknown>, ttl: request.headers.ttl as string | undefined, claims });
          response.writeHead(201).end();
        } catch (error) {
          rejected.push(error instanceof Error ? error.message : String(error));
          response.writeHead(400).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    ca: cert,
    origin,
    received,
    rejected,
    /** A browser's subscription (PushSubscription.toJSON()); how the push service answers its messages (`DeviceAnswer`). */
    device(answer: DeviceAnswer = 'accepted') {
      const id = randomBytes(8).toString('hex');
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      devices.set(id, { ecdh, auth, answer });
      return { id, endpoint: `${origin}/push/${id}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a silent device's requests too
      }),
  };
}
