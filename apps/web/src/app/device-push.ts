/**
 * Whose notifications this device's Web Push subscription carries (R4), so that they stop with that
 * person: a shared device kept showing the last worker's notices, with a company's name and a
 * deadline, after they logged out (review). Ending the subscription is enough: the push service then
 * refuses the notification service's sends (410), which forgets the subscription (push-channel.ts).
 */
const ownerKey = 'prestaflow.push.worker';

interface Person {
  readonly role: string;
  readonly id: string;
}

/** Something that finds the device's push subscription: the service worker registration, if any. */
type Registrations = () => Promise<{ readonly pushManager?: { getSubscription(): Promise<{ unsubscribe(): Promise<boolean> } | null> } } | undefined>;

const serviceWorkerRegistration: Registrations = async () => ('serviceWorker' in navigator ? navigator.serviceWorker.getRegistration() : undefined);

/** On enabling notifications: this device's subscription now carries `workerId`'s. */
export function pushEnabledFor(workerId: string): void {
  localStorage.setItem(ownerKey, workerId);
}

/**
 * Ends this device's push subscription unless it carries `keep`'s notices: on logging in (`keep`, the
 * person logging in) and on logging out (no `keep`). One made before its owner was recorded ends too.
 * Resolves to whether one was ended.
 */
export async function endDevicePush(keep?: Person, registrations: Registrations = serviceWorkerRegistration): Promise<boolean> {
  if (keep?.role === 'worker' && localStorage.getItem(ownerKey) === keep.id) return false;
  localStorage.removeItem(ownerKey);
  const subscription = await (await registrations())?.pushManager?.getSubscription();
  return subscription ? subscription.unsubscribe() : false;
}
