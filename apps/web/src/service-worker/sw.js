// The app's service worker (issue 11, R5): keeps the app's files so that the worker app opens
// offline; the data shown offline is the app's own last copy (marked as such on screen).
// Navigations: network first, the kept index.html when offline. Hashed assets: cache first, all
// of them kept at install (index.html's and, from the build's asset-manifest.json, every chunk).
// The build writes its version into the cache's name (service-worker-plugin.ts): each build's
// service worker differs from the last, so installed apps install it, and its activation drops the
// previous build's files; the page then offers to reload (app-update.ts).
const CACHE = 'prestaflow-app-__BUILD_VERSION__';
const SHELL = '/app/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const response = await fetch(SHELL, { cache: 'no-store' });
      const html = await response.clone().text();
      const assets = [...html.matchAll(/(?:src|href)="(\/app\/[^"]+)"/g)].map((found) => found[1]);
      // The screens' code loaded on demand (an area's chunk) is kept too: the build lists it.
      const manifest = await (await fetch('/app/asset-manifest.json', { cache: 'no-store' })).json();
      const chunks = Object.values(manifest).flatMap((entry) => [entry.file, ...(entry.css ?? [])].map((file) => `/app/${file}`));
      await cache.put(SHELL, response);
      await cache.addAll([...new Set([...assets, ...chunks])]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || !url.pathname.startsWith('/app/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).then(
        (response) => {
          if (response.ok) void caches.open(CACHE).then((cache) => cache.put(SHELL, response.clone()));
          return response;
        },
        async () => (await caches.match(SHELL)) ?? Response.error(),
      ),
    );
  } else if (url.pathname.startsWith('/app/assets/') || url.pathname.startsWith('/app/icons/')) {
    event.respondWith(
      caches.match(request).then(
        (kept) =>
          kept ??
          fetch(request).then((response) => {
            if (response.ok) void caches.open(CACHE).then((cache) => cache.put(request, response.clone()));
            return response;
          }),
      ),
    );
  }
});

// R4: a pushed message (the notification service's Web Push: {title, body, url, lang}) shown as a
// notification; a click opens its link (the prestation's screen in the worker app).
self.addEventListener('push', (event) => {
  const message = event.data ? event.data.json() : {};
  event.waitUntil(self.registration.showNotification(message.title ?? 'Prestaflow', { body: message.body ?? '', lang: message.lang, data: { url: message.url ?? '/app/worker' }, icon: '/app/icons/icon-192.png' }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data?.url ?? '/app/worker'));
});
