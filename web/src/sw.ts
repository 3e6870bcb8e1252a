/// <reference lib="webworker" />
// The service worker (vite-plugin-pwa, injectManifest): the app shell and
// every screen's code from the precache (Workbox), so the field app opens
// with no connection; the API is never cached here (the field data lives in
// IndexedDB, sync-core.ts). A new version waits until the page says so
// (SKIP_WAITING after the member taps "Cập nhật"), so a half-filled form is
// never reloaded under them; the outbox and drafts survive any update.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { SYNC_TAG, syncOnce } from './sync-core';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every app route (not /api/, not a file) opens the cached index.html.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//, /^\/healthz/] }));

self.addEventListener('message', (e) => {
  if (e.data && e.data.type === 'SKIP_WAITING') self.skipWaiting();
});

// Background Sync: the browser wakes the worker once a connection is back,
// even with the app closed; it sends the outbox exactly as the page would.
interface SyncEvent extends ExtendableEvent { tag: string }
self.addEventListener('sync', ((e: SyncEvent) => {
  if (e.tag !== SYNC_TAG) return;
  e.waitUntil((async () => {
    const r = await syncOnce(fetch.bind(self));
    const clients = await self.clients.matchAll({ type: 'window' });
    for (const c of clients) c.postMessage({ type: 'SYNCED', ok: r.ok });
    // Offline again: throwing asks the browser to try later.
    if (!r.ok && r.reason === 'offline') throw new Error('offline');
  })());
}) as EventListener);
