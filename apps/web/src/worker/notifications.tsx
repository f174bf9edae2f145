import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { pushEnabledFor } from '../app/device-push';
import { ErrorNotice } from '../app/shared';
import { useOnline } from '../app/use-resource';
import { currentSession } from '../auth/session';
import { Button, Notice } from '../design/components';

type PushState = { kind: 'unsupported' | 'denied' | 'idle' | 'busy' | 'enabled' } | { kind: 'error'; error: unknown };

const pushSupported = () => typeof Notification !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window;

/** The VAPID public key (base64url, as the gateway gives it) as pushManager.subscribe takes it. */
function applicationServerKey(publicKey: string): Uint8Array<ArrayBuffer> {
  const base64 = publicKey.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(publicKey.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

/**
 * R4 on this device: asks the browser's permission, subscribes the app's service worker to Web
 * Push with the gateway's VAPID key (GET /worker/push-key) and registers the subscription for
 * the logged-in worker (POST /worker/push-subscriptions); the service worker then shows each
 * pushed notice, and a click opens its prestation (sw.js). States: unsupported (no Push API),
 * denied (blocked in the browser), enabled (this device is registered), error (with the reason:
 * push not configured on the platform, no push service reachable...).
 */
export function EnableNotifications() {
  const { t } = useTranslation();
  const online = useOnline();
  const [state, setState] = useState<PushState>(() =>
    !pushSupported() ? { kind: 'unsupported' } : Notification.permission === 'denied' ? { kind: 'denied' } : { kind: 'idle' },
  );

  // Already registered on this device (an earlier visit): shown as enabled.
  useEffect(() => {
    if (!pushSupported() || Notification.permission !== 'granted') return;
    void navigator.serviceWorker.ready
      .then((registration) => registration.pushManager.getSubscription())
      .then((subscription) => subscription && setState((current) => (current.kind === 'idle' ? { kind: 'enabled' } : current)));
  }, []);

  const enable = async () => {
    setState({ kind: 'busy' });
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') return setState({ kind: permission === 'denied' ? 'denied' : 'idle' });
      const { publicKey } = await call('workerPushKey');
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(publicKey) });
      // Whose they are, so that logging out, or another person logging in, ends them (app/device-push.ts).
      pushEnabledFor(currentSession()?.id ?? '');
      const { endpoint, keys } = subscription.toJSON();
      // A push subscription always has both keys; the API refuses one without (400 naming it).
      await call('workerPushSubscribe', { body: { subscription: { endpoint: endpoint ?? subscription.endpoint, keys: { p256dh: keys?.['p256dh'] ?? '', auth: keys?.['auth'] ?? '' } } } });
      setState({ kind: 'enabled' });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  };

  switch (state.kind) {
    case 'unsupported':
      return <p>{t('worker.notificationsUnavailable')}</p>;
    case 'denied':
      return <Notice tone="warning">{t('worker.notificationsDenied')}</Notice>;
    case 'enabled':
      return <Notice tone="success">{t('worker.notificationsOn')}</Notice>;
    default:
      return (
        <div className="stack">
          {/* The API's or the browser's own text only as a detail, in English (review: it was pasted into the sentence). */}
          {state.kind === 'error' && <ErrorNotice error={state.error}>{t('worker.notificationsError')}</ErrorNotice>}
          <Button variant="secondary" disabled={!online || state.kind === 'busy'} onClick={() => void enable()}>
            {t('worker.enableNotifications')}
          </Button>
        </div>
      );
  }
}
