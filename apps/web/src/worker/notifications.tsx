import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Notice } from '../design/components';

/**
 * R4 on this device: asks the browser's permission for notifications. The Web Push subscription
 * itself needs the notification service's VAPID key through the gateway, not yet exposed there
 * (see the closing note); the service worker already shows pushed messages (sw.js).
 */
export function EnableNotifications() {
  const { t } = useTranslation();
  const supported = typeof Notification !== 'undefined' && 'serviceWorker' in navigator;
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!supported) return <p>{t('worker.notificationsUnavailable')}</p>;
  if (permission === 'granted') return <Notice tone="success">{t('worker.notificationsOn')}</Notice>;
  return (
    <Button variant="secondary" disabled={permission === 'denied'} onClick={() => void Notification.requestPermission().then(setPermission)}>
      {t('worker.enableNotifications')}
    </Button>
  );
}
