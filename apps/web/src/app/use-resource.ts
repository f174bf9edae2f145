import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, NetworkError } from '../api/client';

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

/** No network, or no gateway behind its proxy (502-504): what was fetched before still stands. */
const unreachable = (error: Error) => error instanceof NetworkError || (error instanceof ApiError && error.status >= 502 && error.status <= 504);

// While the gateway is out of reach, how soon to look again: 5 s, doubling up to a minute.
const firstRetryMs = 5_000;
const lastRetryMs = 60_000;

/** What a resource holds, and for which dependencies (the key its data was loaded for). */
type Loaded<T> = Omit<Resource<T>, 'reload'> & { readonly key?: string; readonly fetchedAt?: string };

/**
 * Loads data from the gateway; with `keep` (the worker app, R5) the last answer is also kept on
 * the device, and shown, marked with its time, when the network is not there. When a reload
 * finds no network (or no gateway: 502-504), what the page shows stays, marked the same way, and
 * is fetched again once the browser is back online, rather than
 * giving way to the error: a confirmation sent offline took the household's whole list with it
 * (newcomer trial). Not for other dependencies (another filter, another language): that would
 * show one query's answer under another. While out of reach, it is also fetched again now and
 * then (5 s, doubling up to a minute): a page came back after a gateway restart only by Retry
 * (newcomer trial), and a browser that never went offline sends no 'online' event.
 */
export function useResource<T>(load: () => Promise<T>, dependencies: readonly unknown[], keep?: string): Resource<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: true, savedAt: undefined });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const key = JSON.stringify(dependencies);
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    const fetchedAt = new Date().toISOString();
    load().then(
      (data) => {
        if (keep) localStorage.setItem(keep, JSON.stringify({ savedAt: fetchedAt, data }));
        if (live) setState({ data, error: undefined, loading: false, savedAt: undefined, key, fetchedAt });
      },
      (error: Error) => {
        if (!live) return;
        setState((previous) => {
          if (unreachable(error)) {
            if (previous.data !== undefined && previous.key === key) return { ...previous, loading: false, savedAt: previous.savedAt ?? previous.fetchedAt };
            const saved = keep ? localStorage.getItem(keep) : null;
            if (saved) {
              const { savedAt, data } = JSON.parse(saved) as { savedAt: string; data: T };
              return { data, error: undefined, loading: false, savedAt, key };
            }
          }
          return { data: undefined, error, loading: false, savedAt: undefined, key };
        });
      },
    );
    return () => {
      live = false;
    };
  }, [key, round]);
  // Back online, what is shown from before is fetched again.
  useEffect(() => {
    if (!state.savedAt) return;
    addEventListener('online', reload);
    return () => removeEventListener('online', reload);
  }, [state.savedAt, reload]);
  const outOfReach = state.savedAt !== undefined || (state.error !== undefined && unreachable(state.error));
  const misses = useRef(0);
  useEffect(() => {
    if (state.loading) return;
    if (!outOfReach) {
      misses.current = 0;
      return;
    }
    const timer = setTimeout(reload, Math.min(lastRetryMs, firstRetryMs * 2 ** misses.current));
    misses.current += 1;
    return () => clearTimeout(timer);
  }, [state.loading, outOfReach, reload]);
  return { data: state.data, error: state.error, loading: state.loading, savedAt: state.savedAt, reload };
}
