// The site's service worker: a reader offline after a first visit still reads the pages they visited
// and runs their cells, matplotlib included. sitebuild/offline.py ships it as /sw.js (a worker controls
// only the pages at or below its own folder) with two constants before this text:
//   BUILD     the build's runtime version: a hash of every file in PRECACHE
//   PRECACHE  [[path, integrity]]: the runtime (Pyodide, every wheel, the cells' and widgets' code,
//             styles, fonts, the search index), relative to this file
// Pages, and what they fetch that PRECACHE lacks (figure data, images), are kept as they are visited.
//
// Versions never mix: one pair of caches per BUILD, the old ones deleted once this one is active; a
// page carries <meta name="gates-build"> (its runtime's BUILD), and a page newer than this worker
// turns it into a plain pass-through until the newer worker takes over, so that no page is ever
// served an older runtime than its own.
/* global BUILD, PRECACHE */

const PREFIX = "gates-offline-"; // our caches; the Python snapshot's cache is another's
const RUNTIME = `${PREFIX}runtime-${BUILD}`;
const PAGES = `${PREFIX}pages-${BUILD}`;
const SCOPE = self.registration.scope;
const precached = new Set(PRECACHE.map(([path]) => new URL(path, SCOPE).href));
const OFFLINE_HEADER = "x-gates-offline"; // on a 504 this worker made: fetchwatch.js words it
// A page newer than this worker was seen: from then on it passes everything through. The browser may
// stop an idle worker and start it again, which forgets a variable (seen in Chromium: the old worker,
// restarted, served a new page the old runtime), so the fact is kept in a cache of its own too.
const NEWER = `${PREFIX}newer-${BUILD}`;
let newerPageSeen = false;
const newerPage = async () => newerPageSeen || (newerPageSeen = await caches.has(NEWER).catch(() => false));

self.addEventListener("install", (event) => event.waitUntil(install()));
self.addEventListener("activate", (event) => event.waitUntil(activate()));
// A page opened before this worker controlled it asks for itself and what it loaded to be kept. The
// answer names this worker's BUILD: a page of another build was not kept here (keep.js asks the newer
// worker once it takes over, and only then says the page is saved).
self.addEventListener("message", (event) => {
  if (event.data?.type !== "keep") return;
  event.waitUntil(keep(event.data.urls).then(() => event.ports[0]?.postMessage({ type: "kept", build: BUILD })));
});
self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  // Whatever goes wrong in here, the request still goes to the network as if there were no worker.
  const answer = request.mode === "navigate" ? page(request) : asset(request);
  event.respondWith(answer.catch(() => (request.signal?.aborted ? left() : fetch(request))));
});

/** Keep the runtime (each file checked against its integrity: a browser cache holding another
 *  build's bytes is refused and the file asked for anew), and the pages the reader kept before. */
async function install() {
  const cache = await caches.open(RUNTIME);
  const missing = [];
  for (const [path, integrity] of PRECACHE) {
    const url = new URL(path, SCOPE).href;
    if (!(await cache.match(url))) missing.push([url, integrity]);
  }
  await inTurns(missing, 4, async ([url, integrity]) => {
    const response = await fetch(url, { cache: "force-cache", integrity })
      .catch(() => fetch(url, { cache: "reload", integrity }));
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    await cache.put(url, response);
  });
  await keepPagesOfOlderBuilds();
  await self.skipWaiting();
}

/** The pages kept under an older build, fetched again for this one (those that fail are dropped). */
async function keepPagesOfOlderBuilds() {
  const pages = await caches.open(PAGES);
  for (const name of await caches.keys()) {
    if (!name.startsWith(`${PREFIX}pages-`) || name === PAGES) continue;
    const urls = (await (await caches.open(name)).keys()).map((r) => r.url);
    await inTurns(urls, 2, async (url) => {
      const response = await fetch(url, { cache: "no-cache" });
      if (response.ok && (await buildOf(response.clone())) === BUILD) await pages.put(url, response);
    }).catch(() => {});
  }
}

/** Keep these URLs of this site, from the browser's cache where it has them: a page only if it is
 *  this build's, the runtime only as PRECACHE has it. */
async function keep(urls) {
  const pages = await caches.open(PAGES);
  const wanted = [...new Set(urls)].filter((url) => url.startsWith(SCOPE) && !precached.has(url));
  await inTurns(wanted, 4, async (url) => {
    const response = await fetch(url, { cache: "force-cache" }).catch(() => null);
    if (!response?.ok) return;
    const build = await buildOf(response.clone());
    if (build === null ? !isHTML(response) : build === BUILD) await pages.put(url, response);
  });
}

async function activate() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== RUNTIME && name !== PAGES) await caches.delete(name);
  }
  await self.clients.claim();
}

/** A page: from the network when it answers (kept if it is this build's), else as kept, else a page
 *  that says it is not kept yet. */
async function page(request) {
  let response;
  try {
    response = await fetch(request);
  } catch {
    const kept = await caches.match(request.url, { cacheName: PAGES, ignoreSearch: true }).catch(() => null);
    return kept ?? notKeptPage(request.url);
  }
  // Read before the page is handed over, so that a newer page's first request already finds the
  // pass-through on; keeping it never fails the page.
  await remember(request, response).catch((err) => console.warn("offline: a page was not kept:", err));
  return response;
}

async function remember(request, response) {
  if (!response.ok) return;
  const build = await buildOf(response.clone());
  if (build === BUILD) await (await caches.open(PAGES)).put(request.url, response.clone());
  else if (build) {
    newerPageSeen = true;
    await caches.open(NEWER); // before the page is handed over: its first request finds it
    self.registration.update().catch(() => {}); // the newer worker installs, then takes over
  }
}

/** Anything else: this build's runtime from its cache; the rest from the network, kept as it comes,
 *  and from where it was kept when the network fails. */
async function asset(request) {
  const newer = await newerPage();
  if (precached.has(request.url) && !newer) {
    const kept = await caches.match(request.url, { cacheName: RUNTIME });
    if (kept) return kept;
  }
  try {
    // Under a newer page, the browser's own cache may hold this build's files too: ask the site.
    const response = await fetch(request, newer ? { cache: "no-cache" } : undefined);
    if (response.ok && !precached.has(request.url) && !newer) {
      (await caches.open(PAGES)).put(request.url, response.clone());
    }
    return response;
  } catch (err) {
    const kept = (await caches.match(request.url, { cacheName: RUNTIME })) ?? (await caches.match(request.url, { cacheName: PAGES }));
    if (kept) return kept;
    const headers = { [OFFLINE_HEADER]: "not-saved", "content-type": "text/plain" };
    return new Response("This file is not saved in this browser yet, and the site cannot be reached.",
      { status: 504, statusText: "Offline", headers });
  }
}

/** The answer to a request whose page went away meanwhile (the reader followed a link): nobody reads
 *  it, but a rejected answer is logged as the worker's error. */
const left = () => new Response(null, { status: 204, statusText: "The page that asked has gone" });

/** The BUILD a page says it was built with (its <meta name="gates-build">), or null. */
async function buildOf(response) {
  if (!isHTML(response)) return null;
  const head = (await response.text()).slice(0, 20000);
  return head.match(/<meta name="gates-build" content="([0-9a-f]+)"/)?.[1] ?? null;
}

const isHTML = (response) => (response.headers.get("content-type") ?? "").includes("html");

/** The reader asked for a page that was never kept, while the site cannot be reached. */
async function notKeptPage(url) {
  const pages = await caches.open(PAGES);
  const items = [];
  for (const request of await pages.keys()) {
    const title = (await (await pages.match(request)).text()).match(/<title>([^<]*)<\/title>/)?.[1] ?? request.url;
    items.push(`<li><a href="${request.url}">${title}</a></li>`);
  }
  const list = items.length ? `<p>Pages saved in this browser:</p><ul>${items.join("")}</ul>` : "";
  const html = `<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline — Gates &amp; Long Memory</title>
<style>:root{color-scheme:light dark;font:1rem/1.5 system-ui,sans-serif}body{max-width:40rem;margin:2rem auto;padding:0 1rem}</style>
<h1>You are offline</h1><p>This page (${escapeHTML(new URL(url).pathname)}) is not saved in this browser yet: pages are
saved as you read them, and this one was not read here before. It opens once the site can be reached again.</p>${list}</html>`;
  return new Response(html, { status: 503, statusText: "Offline", headers: { "content-type": "text/html; charset=utf-8" } });
}

const escapeHTML = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Run `work` on every item, at most `n` at a time; rejects with the first failure. */
async function inTurns(items, n, work) {
  const queue = [...items];
  const next = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(n, queue.length) }, next));
}
