import { keepPreviousData, QueryClient, type QueryKey, useQuery } from '@tanstack/react-query';
import { useRef, useSyncExternalStore } from 'react';
import { ApiError, NetworkError } from '../api/client';
import { currentSession } from '../auth/session';

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
const unreachable = (error: Error | null): error is Error => error instanceof NetworkError || (error instanceof ApiError && error.status >= 502 && error.status <= 504);

// While the gateway is out of reach, how soon to look again: 5 s, doubling up to a minute.
const firstRetryMs = 5_000;
const lastRetryMs = 60_000;

/**
 * The app's server state (TanStack Query, house style): every answer is fetched again when a
 * screen shows it, not retried behind the person's back (a refusal is shown at once), fetched even
 * when the browser says it is offline (the failure is what the screens show), and again when the
 * browser comes back online.
 */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, networkMode: 'always', refetchOnWindowFocus: false, staleTime: 0 } },
});

/** A copy kept on the device (`keep`): when it was fetched, and what. */
interface Kept<T> {
  readonly savedAt: string;
  readonly data: T;
}

const readKept = <T,>(keep: string): Kept<T> | undefined => {
  const saved = localStorage.getItem(keep);
  return saved === null ? undefined : (JSON.parse(saved) as Kept<T>);
};

/**
 * Loads data from the gateway under `key` (the operation's name, then what it depends on: another
 * language, filter or id is another answer), for the person logged in on this tab. With `keep`
 * (the worker's and the household's lists, R5) the last answer is also kept on the device, and
 * shown, marked with its time, when the network is not there. When a reload finds no network (or
 * no gateway: 502-504), what the page shows stays, marked the same way, rather than giving way to
 * the error: a confirmation sent offline took the household's whole list with it (newcomer trial);
 * another key's answer is never shown as this one's. While out of reach, it is fetched again now
 * and then (5 s, doubling up to a minute) and at once when the browser is back online: a page came
 * back after a gateway restart only by Retry (newcomer trial). Any other error replaces the data.
 */
export function useResource<T>(key: QueryKey, load: () => Promise<T>, keep?: string): Resource<T> {
  const person = currentSession()?.id ?? null;
  // Fetches that found the gateway out of reach since the last answer: the next look waits longer.
  const misses = useRef(0);
  const query = useQuery({
    queryKey: [person, ...key],
    queryFn: async () => {
      try {
        const data = await load();
        misses.current = 0;
        // Not once the person has logged out or another has logged in meanwhile: their list would stay on the device.
        if (keep && (currentSession()?.id ?? null) === person) localStorage.setItem(keep, JSON.stringify({ savedAt: new Date().toISOString(), data } satisfies Kept<T>));
        return data;
      } catch (error) {
        if (unreachable(error as Error)) misses.current += 1;
        throw error;
      }
    },
    placeholderData: keepPreviousData,
    refetchInterval: (current) => (unreachable(current.state.error) ? Math.min(lastRetryMs, firstRetryMs * 2 ** Math.max(0, misses.current - 1)) : false),
  });
  // A fetch without data starts by clearing the error: the last one stands meanwhile, or each look would
  // take the error (and its Retry, and the list kept on the device) away and back (review).
  const lastError = useRef<Error | undefined>(undefined);
  if (query.error) lastError.current = query.error;
  else if (query.isSuccess && !query.isPlaceholderData) lastError.current = undefined;
  const error = query.error ?? (query.isFetching ? lastError.current : undefined);
  const own = query.isPlaceholderData ? undefined : query.data;
  let shown: { data: T | undefined; savedAt: string | undefined; error: Error | undefined };
  if (!error) shown = { data: query.data, savedAt: undefined, error: undefined };
  else if (!unreachable(error)) shown = { data: undefined, savedAt: undefined, error };
  else if (own !== undefined) shown = { data: own, savedAt: new Date(query.dataUpdatedAt).toISOString(), error: undefined };
  else {
    const kept = keep ? readKept<T>(keep) : undefined;
    shown = kept ? { data: kept.data, savedAt: kept.savedAt, error: undefined } : { data: undefined, savedAt: undefined, error };
  }
  return { ...shown, loading: query.isFetching, reload: () => void query.refetch() };
}
