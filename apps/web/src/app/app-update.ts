import { useSyncExternalStore } from 'react';

/** The part of `navigator.serviceWorker` the update watch uses (a fake in the unit test). */
export interface ServiceWorkers extends EventTarget {
  readonly controller: unknown;
}

let updateReady = false;
const listeners = new Set<() => void>();

/**
 * Watches for a new build of the app: each build's service worker differs (its cache name carries
 * the build's version, service-worker-plugin.mts), installs at once and takes over the open page
 * (`controllerchange`). The page still runs the previous build's code, so the app offers a reload.
 * The first install on a device (the page had no controller yet) is no update.
 */
export function watchForUpdates(serviceWorkers: ServiceWorkers): void {
  let controlled = serviceWorkers.controller !== null && serviceWorkers.controller !== undefined;
  serviceWorkers.addEventListener('controllerchange', () => {
    const replaced = controlled;
    controlled = true;
    if (!replaced || updateReady) return;
    updateReady = true;
    for (const listener of listeners) listener();
  });
}

/** Whether a new build has taken over, and who to tell: React's external-store shape. */
export const updateReadiness = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  isReady: (): boolean => updateReady,
};

/** True once a new build has taken over: the layout shows the reload offer. */
export const useUpdateReady = (): boolean => useSyncExternalStore(updateReadiness.subscribe, updateReadiness.isReady);
