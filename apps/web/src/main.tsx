import { QueryClientProvider } from '@tanstack/react-query';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { watchForUpdates } from './app/app-update';
import { initI18n } from './i18n/i18n';
import { queryClient } from './app/use-resource';
import './design/tokens.css';

await initI18n();
const root = createRoot(document.getElementById('root') as HTMLElement);
// As a transition, the first render yields to the browser every few milliseconds instead of
// holding the main thread in one long task (a slow phone's total blocking time, Lighthouse).
startTransition(() =>
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  ),
);

// The worker app works offline (R5: read-only): the service worker keeps the app's files. Registered
// once the page has loaded: its install downloads every chunk, which must not compete with the first screen's.
// An installed app left open checks for a new build whenever it comes back to the foreground (offline the check fails: nothing to do).
const registerServiceWorker = () =>
  void navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).then((registration) =>
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void registration.update().catch(() => undefined)),
  );
if ('serviceWorker' in navigator) {
  watchForUpdates(navigator.serviceWorker);
  if (document.readyState === 'complete') registerServiceWorker();
  else addEventListener('load', registerServiceWorker, { once: true });
}
