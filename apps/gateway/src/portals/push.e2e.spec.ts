import webpush from 'web-push';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the notification service's loopback push service (one copy), as a browser vendor runs one
import { startPushReceiver } from '../../../notification-service/src/testing/push-receiver';
import { type Caller, eventually, people, Platform } from '../testing/harness';

/**
 * R4 through the gateway: the worker app reads the VAPID key and registers its Web Push
 * subscription at /worker/push-key and /worker/push-subscriptions, passed on to a real
 * notification service (on this stack's own database, ADR 0025), which then pushes a company's
 * encoding to the registered device through a push service on loopback that decrypts it.
 */
describe('Web Push subscriptions through the gateway (real notification service and push service)', () => {
  const who = people();
  const vapid = webpush.generateVAPIDKeys();
  let receiver: Awaited<ReturnType<typeof startPushReceiver>>;
  let platform: Platform;
  let tokens: Record<Caller, string>;

  beforeAll(async () => {
    receiver = await startPushReceiver(vapid.publicKey);
    platform = await Platform.start(who, {
      'notification-service': { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:ops@prestaflow.example', PUSH_CA: receiver.ca, APP_URL: 'https://prestaflow.example' },
    });
    tokens = await platform.tokens(who);
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
    await receiver?.close();
  }, 60_000);

  const subscribe = (subscription: unknown, caller: Caller | null = 'worker') =>
    platform.call('POST', '/worker/push-subscriptions', caller ? tokens[caller] : undefined, { subscription }, null);
  const devicesOf = async (workerId: string) =>
    ((await platform.dataSource.query('SELECT endpoint FROM push_subscriptions WHERE worker_id = $1 ORDER BY endpoint', [workerId])) as Array<{ endpoint: string }>).map((row) => row.endpoint);

  it('GET /worker/push-key gives the worker the VAPID public key; 401 without a token, 403 for a company', async () => {
    expect(await platform.call('GET', '/worker/push-key', tokens.worker)).toEqual({ status: 200, body: { publicKey: vapid.publicKey } });
    expect(await platform.call('GET', '/worker/push-key')).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await platform.call('GET', '/worker/push-key', tokens.company)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('POST /worker/push-subscriptions refuses a bad body with a 400 naming the field, other roles and no token, and stores nothing', async () => {
    const keys = { p256dh: receiver.device().keys.p256dh, auth: receiver.device().keys.auth };
    const cases: Array<[unknown, string]> = [
      [undefined, 'subscription'],
      ['https://push.example/1', 'subscription'],
      [{ keys }, 'subscription.endpoint'],
      [{ endpoint: 'http://push.example/1', keys }, 'subscription.endpoint'],
      [{ endpoint: 'https://push.example/1' }, 'subscription.keys'],
      [{ endpoint: 'https://push.example/1', keys: { ...keys, p256dh: 'not base64url!' } }, 'subscription.keys.p256dh'],
      [{ endpoint: 'https://push.example/1', keys: { p256dh: keys.p256dh } }, 'subscription.keys.auth'],
    ];
    for (const [subscription, field] of cases) {
      expect({ subscription, answer: await subscribe(subscription) }).toMatchObject({ subscription, answer: { status: 400, body: { code: 'VALIDATION', field } } });
    }
    const valid = { endpoint: 'https://push.example/1', keys };
    expect(await subscribe(valid, null)).toMatchObject({ status: 401 });
    expect(await subscribe(valid, 'company')).toMatchObject({ status: 403 });
    expect(await subscribe(valid, 'user')).toMatchObject({ status: 403 });
    expect(await devicesOf(who.worker)).toEqual([]);
  });

  it('R4 a registered subscription is stored for the token\'s worker, and a company encoding is pushed to that device, opening the prestation', async () => {
    const device = receiver.device();
    // What PushSubscription.toJSON() gives, expirationTime included.
    expect(await subscribe({ endpoint: device.endpoint, expirationTime: null, keys: device.keys })).toEqual({ status: 201, body: { endpoint: device.endpoint } });
    expect(await subscribe({ endpoint: device.endpoint, expirationTime: null, keys: device.keys })).toEqual({ status: 201, body: { endpoint: device.endpoint } });
    expect(await devicesOf(who.worker)).toEqual([device.endpoint]);
    expect(await devicesOf(who.otherWorker)).toEqual([]);

    const { prestationId, answer: encoded } = await platform.companyEncodes(who, tokens.company);
    expect(encoded.status).toBe(201);
    const push = await eventually(
      async () => receiver.received.find((received) => received.device === device.id),
      (found) => found !== undefined,
      60_000,
    );
    expect(push?.payload).toMatchObject({ title: 'Une prestation attend votre validation', url: `https://prestaflow.example/app/worker/prestations/${prestationId}`, lang: 'fr' });
    expect(receiver.rejected).toEqual([]);
  }, 90_000);

  it('answers 503 UNAVAILABLE, not 500, while the notification service is down', async () => {
    await platform.service('notification-service').stop();
    expect(await platform.call('GET', '/worker/push-key', tokens.worker)).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
    expect(await subscribe(receiver.device())).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
  }, 60_000); // a consumer leaving its group can wait on a rebalance
});
