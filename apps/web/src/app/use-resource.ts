import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { NetworkError } from '../api/client';

/** Whether the browser believes it is online (R5: validating needs it), live. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => {
      addEventListener('online', listener);
      addEventListener('offline', listener);
      return () => {
        removeEventListener('online', listener);
        removeEventListener('offline', listener);
      };
    },
    () => navigator.onLine,
  );
}

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  /** Set when `data` is the copy kept on this device because the network failed: when it was fetched. */
  readonly savedAt: string | undefined;
  readonly reload: () => void;
}

/**
 * Loads data from the gateway; with `keep` (the worker app, R5) the last answer is also kept on
 * the device, and shown, marked with its time, when the network is not there.
 */
export function useResource<T>(load: () => Promise<T>, dependencies: readonly unknown[], keep?: string): Resource<T> {
  const [state, setState] = useState<Omit<Resource<T>, 'reload'>>({ data: undefined, error: undefined, loading: true, savedAt: undefined });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => {
        if (keep) localStorage.setItem(keep, JSON.stringify({ savedAt: new Date().toISOString(), data }));
        if (live) setState({ data, error: undefined, loading: false, savedAt: undefined });
      },
      (error: Error) => {
        const saved = keep && error instanceof NetworkError ? localStorage.getItem(keep) : null;
        if (!live) return;
        if (saved) {
          const { savedAt, data } = JSON.parse(saved) as { savedAt: string; data: T };
          setState({ data, error: undefined, loading: false, savedAt });
        } else setState({ data: undefined, error, loading: false, savedAt: undefined });
      },
    );
    return () => {
      live = false;
    };
  }, [...dependencies, round]);
  return { ...state, reload };
}
