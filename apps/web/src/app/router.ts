import { type MouseEvent, useSyncExternalStore } from 'react';

/** The app lives under /app/ (the gateway's API keeps every other path). */
export const base = '/app';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
globalThis.addEventListener?.('popstate', notify);

/** The current path inside the app ("/worker/history") and its query. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const href = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => location.pathname + location.search,
  );
  const url = new URL(href, location.origin);
  return { path: url.pathname.startsWith(base) ? url.pathname.slice(base.length) || '/' : url.pathname, search: url.searchParams };
}

/** The app-relative path and query of the page shown now (kept across a login). */
export const here = () => (location.pathname.startsWith(base) ? location.pathname.slice(base.length) : '/') + location.search;

export function navigate(to: string, { replace = false } = {}): void {
  history[replace ? 'replaceState' : 'pushState'](null, '', base + to);
  notify();
  // Screen readers and keyboard users land at the top of the new screen.
  document.getElementById('main')?.focus();
}

/** A link inside the app: a real <a href> (open in a new tab works), without a page load. */
export function onLinkClick(event: MouseEvent<HTMLAnchorElement>, to: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to);
}

/** Matches "/worker/prestations/:id" against a path; the parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, name: string) => (names.push(name), '([^/]+)'))}/?$`);
  const found = regex.exec(path);
  return found ? Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] as string)])) : null;
}
