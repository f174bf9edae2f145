import { DataSource } from 'typeorm';
import webpush from 'web-push';
import { eventually, startNotificationStack } from '../testing/fixtures';
import { startPushReceiver } from '../testing/push-receiver';

describe('Web Push to the worker app, through a real push service on loopback that decrypts', () => {
  const vapid = webpush.generateVAPIDKeys();
  let receiver: Awaited<ReturnType<typeof startPushReceiver>>;
  let stack: Awaited<ReturnType<typeof startNotificationStack>>;
  let url: string;

  // The worker app calls with the worker's own token (ADR 0018); `as` another worker's.
  const subscribe = async (workerId: string, subscription: { endpoint: string; keys: { p256dh: string; auth: string } }, as = workerId) =>
    fetch(`${url}/notifications/push-subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await stack.issuer.authorization('worker', as)) },
      body: JSON.stringify({ workerId, subscription }),
    });

  beforeAll(async () => {
    receiver = await startPushReceiver(vapid.publicKey);
    // No SMTP_URL: only push leaves this instance.
    stack = await startNotificationStack({
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@prestaflow.example',
      PUSH_CA: receiver.ca,
      PUSH_TIMEOUT_MS: '1000',
    });
    url = stack.url;
  }, 90_000);

  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
  }, 30_000);

  it('gives the VAPID public key to the app and refuses a subscription that is not https', async () => {
    expect(await (await fetch(`${url}/notifications/push-key`, { headers: await stack.issuer.authorization('worker', '980000000001') })).json()).toEqual({ publicKey: vapid.publicKey });
    expect((await subscribe('980000000001', { endpoint: 'http://127.0.0.1/x', keys: { p256dh: 'a', auth: 'b' } })).status).toBe(400);
  });

  it('R4 a worker without e-mail whose app registered a subscription gets "a prestation awaits your validation" by push, signed and encrypted, once', async () => {
    const p = await stack.people({ worker: { language: 'nl', email: null, app: true } });
    const device = receiver.device();
    expect((await subscribe(p.worker.id, device)).status).toBe(201);
    await stack.commands.execute(p.encode);
    const push = await eventually('the push message', () => receiver.received.find((r) => r.device === device.id));
    expect(push.payload).toMatchObject({
      title: 'Een prestatie wacht op uw validatie',
      url: `https://prestaflow.example/app/worker/prestations/${p.prestationId}`,
      lang: 'nl',
    });
    expect(push.payload['body']).toContain('17 juni 2025 om 23:59 (Brusselse tijd)');
    expect(push.claims).toMatchObject({ aud: receiver.origin, sub: 'mailto:ops@prestaflow.example' });
    expect(push.ttl).toBe('86400');
    expect(receiver.rejected).toEqual([]);
    // Marked once the push service's 201 is back.
    await eventually('the SENT mark', async () => (await stack.logOf(p.prestationId))[0]?.status === 'SENT');
    expect(await stack.logOf(p.prestationId)).toMatchObject([{ channel: 'PUSH', status: 'SENT', reason: 'WORKER_TO_VALIDATE' }]);
    expect(receiver.received.filter((r) => r.device === device.id)).toHaveLength(1);
  }, 30_000);

  it('R4 a subscription the push service says is gone (410) is removed; with no channel left the push is marked bounced', async () => {
    const p = await stack.people({ worker: { language: 'fr', email: null, app: true } });
    await subscribe(p.worker.id, receiver.device('gone'));
    await stack.commands.execute(p.encode);
    await eventually('the bounce', async () => (await stack.logOf(p.prestationId))[0]?.status === 'BOUNCED');
    const left = (await stack.writer.get(DataSource).query('SELECT count(*)::int AS n FROM push_subscriptions WHERE worker_id = $1', [p.worker.id])) as Array<{ n: number }>;
    expect(left[0]!.n).toBe(0);
  }, 30_000);

  it('R4 a push service that fails says why in the log, its control characters left out, and the push is tried again', async () => {
    const p = await stack.people({ worker: { language: 'fr', email: null, app: true } });
    await subscribe(p.worker.id, receiver.device('failing'));
    await stack.commands.execute(p.encode);
    const [tried] = await eventually('a failed attempt', async () => {
      const log = await stack.logOf(p.prestationId);
      return log[0]?.attempts ? log : undefined;
    });
    expect(tried).toMatchObject({ channel: 'PUSH', status: 'PENDING', lastError: 'the push service answered 500: busy now' });
  }, 30_000);

  it.each([
    ['never answers', 'silent'],
    ['answers a byte at a time', 'trickle'],
  ] as const)('R4 a push service that takes the request and %s holds nothing up: the push is tried again after PUSH_TIMEOUT_MS, and the next worker gets theirs meanwhile', async (_how, answer) => {
    const silent = await stack.people({ worker: { language: 'fr', email: null, app: true } });
    await subscribe(silent.worker.id, receiver.device(answer));
    await stack.commands.execute(silent.encode);
    const [tried] = await eventually('a failed attempt', async () => {
      const log = await stack.logOf(silent.prestationId);
      return log[0]?.attempts ? log : undefined;
    });
    expect(tried).toMatchObject({ channel: 'PUSH', status: 'PENDING', lastError: 'no whole answer within 1000 ms' });

    const next = await stack.people({ worker: { language: 'fr', email: null, app: true } });
    const device = receiver.device();
    await subscribe(next.worker.id, device);
    await stack.commands.execute(next.encode);
    await eventually('the next worker\'s push', () => receiver.received.find((r) => r.device === device.id));
  }, 30_000);
});
