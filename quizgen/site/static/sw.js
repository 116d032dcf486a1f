/* quizgen: the course offline. After the first visit every file of this build (listed when
   the site was built, with content hashes) comes from the cache, so pages, search and quizzes
   work with no network. A build with other files has a cache of its own: it waits until the
   page asks for it ("a new version is available"), then replaces the old caches. */
"use strict";
const PREFIX = __PREFIX__;
const CACHE = PREFIX + __VERSION__;
const FILES = __FILES__;

self.addEventListener("install", (event) => {
  // From the server, not the browser's HTTP cache, which may still hold the last build's files.
  const fresh = FILES.map((url) => new Request(url, { cache: "reload" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(fresh)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => names.filter((name) => name.startsWith(PREFIX) && name !== CACHE))
      .then((old) => Promise.all(old.map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "quizgen:update") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  // The search page's query (search.html?q=...) and versioned assets (?v=...) are the same file.
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true }))
      .then((hit) => hit || fetch(request))
  );
});
