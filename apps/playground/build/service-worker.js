// Service worker of the Loupe playground (template: the build fills in the asset list and version).
// Precaches every built file on install so the app works offline after the first visit; pages are
// fetched network-first (a new build wins) and fall back to the cached start page offline. Vary is
// ignored because the preview server varies on Origin, which module-script requests carry and
// the precache requests do not.
const CACHE = 'loupe-playground-__VERSION__';
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('loupe-playground-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(() =>
        caches
          .match('./')
          .then((page) => page ?? new Response('Offline and not cached yet.', { status: 503 })),
      ),
    );
    return;
  }
  event.respondWith(caches.match(request, { ignoreVary: true }).then((hit) => hit ?? fetch(request)));
});
