/**
 * The check-in page's service worker, sent by the server as it is (see checkin.routes.ts).
 *
 * Hand-written rather than Workbox: Workbox's precache needs the build's file list injected after
 * Vite has run (a plugin or a post-build step in the shared build), while the kit needs three rules
 * only — the page shell (index.html is the same for every route) network-first with the last good
 * copy kept, the build's hashed files under /assets/ cache-first (a name never changes content),
 * and nothing of /api/ cached (the list and the queue live in IndexedDB, written by the page). The
 * page tells the worker which files it loaded before the worker took control, so the first visit
 * online is enough for the page to open offline afterwards.
 */
export const CHECKIN_SW_PATH = '/checkin-sw.js';
export const CHECKIN_SW_SCOPE = '/checkin/';

export const CHECKIN_SW_SOURCE = String.raw`'use strict';
const CACHE = 'niangjia-checkin-v1';
const SHELL = '/checkin/';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('niangjia-checkin-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

async function keep(request, response) {
  if (response && response.ok && response.type === 'basic') {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

// The page lists what it loaded before this worker controlled it: the shell and its files.
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'cache' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const shell = await fetch(SHELL, { credentials: 'same-origin' });
      if (shell.ok) await cache.put(SHELL, shell);
      for (const url of data.urls) {
        const u = new URL(url, self.location.origin);
        if (u.origin !== self.location.origin || !u.pathname.startsWith('/assets/')) continue;
        if (await cache.match(u.pathname)) continue;
        const res = await fetch(u.pathname);
        if (res.ok) await cache.put(u.pathname, res);
      }
      if (event.source) event.source.postMessage({ type: 'cached' });
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((res) => (res.ok ? caches.open(CACHE).then((c) => c.put(SHELL, res.clone())).then(() => res) : res))
        .catch(() => caches.match(SHELL).then((hit) => hit || Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request).then((res) => keep(url.pathname, res))));
    return;
  }
  event.respondWith(fetch(request).catch(() => caches.match(url.pathname).then((hit) => hit || Response.error())));
});
`;
