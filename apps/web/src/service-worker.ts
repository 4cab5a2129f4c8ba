/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The service worker: the app's shell (every built JS and CSS file) kept on the device, and the
// scoring guide of each audit the auditor opens, so the guide opens with no network. SvelteKit's
// own lists ($service-worker) name the files; a library (Workbox) would add a build step and its
// runtime for the three rules below. The changes made offline are not here: the guide keeps them
// in IndexedDB (src/lib/offline) and sends them itself.
//
// Browsers run a service worker only in a secure context: https, or http://localhost. A tablet
// reaching the server at http://<LAN address> gets no service worker (the guide's IndexedDB
// queue still keeps every change, but a reload with no network finds no page).
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

/** The shell of this version: content-hashed files, served from the device first. */
const SHELL = `shell-${version}`;
/** The guides taken offline, refreshed on each visit with a network (they carry the ratings). */
const PAGES = `pages-${version}`;
const SHELL_FILES = new Set([...build, ...files]);
/** The scoring guide of one audit (its `?clause=` is the page's own business: one copy per audit). */
const GUIDE = /^\/assessments\/[0-9a-fA-F-]{36}\/score\/?$/;

const pageKey = (path: string) => new URL(path, sw.location.origin).href;

/** Fetches an audit's guide and keeps it; a redirect (to sign-in) or an error keeps nothing. */
async function keepGuide(path: string): Promise<void> {
  const response = await fetch(path, { headers: { accept: 'text/html' }, redirect: 'manual' });
  if (response.ok && response.type === 'basic') await (await caches.open(PAGES)).put(pageKey(path), response);
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      await (await caches.open(SHELL)).addAll([...SHELL_FILES]);
      // The guides kept by the previous version point at its files, about to be removed: fetch
      // them again now (there is a network: the new version is being installed).
      for (const name of await caches.keys()) {
        if (!name.startsWith('pages-') || name === PAGES) continue;
        for (const request of await (await caches.open(name)).keys()) {
          await keepGuide(new URL(request.url).pathname).catch(() => undefined);
        }
      }
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== SHELL && name !== PAGES) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

// The guide asks for its own page to be kept when it opens: it may have been reached by a link
// (SvelteKit then fetches only its data, never the page) or before this worker took control.
sw.addEventListener('message', (event) => {
  const message = event.data as { type?: string; path?: unknown } | null;
  if (message?.type === 'take-offline' && typeof message.path === 'string' && GUIDE.test(message.path)) {
    event.waitUntil(keepGuide(message.path).catch(() => undefined));
  }
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  // Signing out or in (the form posts): the guides kept hold a user's audits; they go. The
  // changes waiting in IndexedDB stay: only their author's session ever sends them.
  if (request.method === 'POST' && (url.pathname === '/logout' || url.pathname === '/login')) {
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== 'GET') return;
  if (SHELL_FILES.has(url.pathname)) {
    event.respondWith(caches.match(request, { cacheName: SHELL }).then((hit) => hit ?? fetch(request)));
  } else if (request.mode === 'navigate' && GUIDE.test(url.pathname)) {
    event.respondWith(guide(request, url));
  }
});

/** The network first (the newest ratings); without one, the copy kept on the device. */
async function guide(request: Request, url: URL): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      const copy = response.clone();
      inBackground(caches.open(PAGES).then((pages) => pages.put(pageKey(url.pathname), copy)));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(pageKey(url.pathname), { cacheName: PAGES });
    if (kept) return kept;
    throw error;
  }
}

/** Keeping a copy must not delay the page; a failed copy only means an older one stays. */
function inBackground(work: Promise<unknown>): void {
  work.catch(() => undefined);
}
