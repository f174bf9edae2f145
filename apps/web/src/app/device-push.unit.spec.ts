import { endDevicePush, pushEnabledFor } from './device-push';

// The device's storage, as the browser keeps it (Node has none).
const stored = new Map<string, string>();
Object.assign(globalThis, {
  localStorage: { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => stored.set(key, value), removeItem: (key: string) => stored.delete(key) },
});

/** A service worker registration holding one push subscription; counts its unsubscriptions. */
function device() {
  const ended = { count: 0 };
  const subscription = { unsubscribe: async () => (ended.count += 1) > 0 };
  return { ended, registrations: async () => ({ pushManager: { getSubscription: async () => (ended.count === 0 ? subscription : null) } }) };
}

describe("endDevicePush: a worker's notifications stop with them on a shared device (R4; review: they kept coming after logging out)", () => {
  beforeEach(() => stored.clear());

  it('logging out ends the subscription', async () => {
    const { ended, registrations } = device();
    pushEnabledFor('900000000001');
    expect(await endDevicePush(undefined, registrations)).toBe(true);
    expect(ended.count).toBe(1);
  });

  it('another person logging in ends it; the worker whose it is keeps it', async () => {
    const { ended, registrations } = device();
    pushEnabledFor('900000000001');
    expect(await endDevicePush({ role: 'worker', id: '900000000001' }, registrations)).toBe(false);
    expect(ended.count).toBe(0);
    expect(await endDevicePush({ role: 'worker', id: '900000000002' }, registrations)).toBe(true);
    expect(ended.count).toBe(1);
  });

  it('a company logging in with a worker id ends it too, as does a subscription whose owner was never recorded', async () => {
    const first = device();
    pushEnabledFor('900000000001');
    expect(await endDevicePush({ role: 'company', id: '900000000001' }, first.registrations)).toBe(true);
    const unrecorded = device();
    expect(await endDevicePush({ role: 'worker', id: '900000000001' }, unrecorded.registrations)).toBe(true);
  });

  it('no service worker, or no subscription: nothing to end', async () => {
    expect(await endDevicePush(undefined, async () => undefined)).toBe(false);
    expect(await endDevicePush(undefined, async () => ({ pushManager: { getSubscription: async () => null } }))).toBe(false);
  });
});
