// Worker-side fetch guard, two interceptors of the worker's fetch (fetch_router.js): a request for
// another site is refused here, with words the reader can act on (the page's policy refuses it too, and
// every other way out: confine.js), and every download reports its bytes so the page can say
// "Downloading Python — 3.1 of 12.4 MB".
import { routeFetch } from "./fetch_router.js";
import { SITE_ORIGIN, requestURL } from "./request_url.js";

const LABELS = [
  [/pyodide\.asm\.wasm|python_stdlib\.zip|pyodide-lock\.json|python-snapshot\.bin/, "python"],
  [/\.whl$/, (file) => file.split("-")[0].toLowerCase()],
];

// Reported when it fails, never counted: Pyodide reads the lock file's body only once Python has
// started, and a download that looks unfinished while Python starts would have the watchdog judge that
// long silent step by the plain limit instead of the computing one (watchdog.js).
const UNCOUNTED = /pyodide-lock\.json$/;
// Counted, but its failure is not the boot's: without the site's snapshot Python starts afresh
// (site_snapshot.js, python.js).
const OPTIONAL = /python-snapshot\.bin$/;

function stepOf(url) {
  const file = decodeURIComponent(new URL(url).pathname.split("/").pop());
  for (const [pattern, step] of LABELS) {
    if (pattern.test(file)) return typeof step === "function" ? step(file) : step;
  }
  return null;
}

/** Answers a request for another site: refused, in words. */
export const siteOnly = {
  answers: (url) => url.origin !== SITE_ORIGIN,
  async fetch(input) {
    const url = requestURL(input);
    throw new TypeError(`blocked: this page's Python only fetches from its own site (${url.origin})`);
  },
};

/** Answers every request, to watch it: calls onBytes(step, loaded, total) as bodies stream in, and
 *  onFail(file, reason) when a download fails (Pyodide only logs that, and then waits forever). */
export function watch(onBytes, onFail) {
  const totals = new Map(); // step -> {loaded, total}
  return {
    answers: () => true,
    async fetch(input, init, next) {
      const url = requestURL(input);
      const step = stepOf(url.href);
      const file = url.pathname.split("/").pop();
      const vital = step && !OPTIONAL.test(file);
      let response;
      try {
        response = await next(input instanceof Request ? input : url.href, init);
      } catch (err) {
        if (vital) onFail(file, await whyFailed(next, url, init, err));
        throw err;
      }
      if (vital && !response.ok) onFail(file, failureOf(response));
      if (!step || !response.ok || !response.body || UNCOUNTED.test(file)) return response;

      const sum = totals.get(step) ?? { loaded: 0, total: 0 };
      totals.set(step, sum);
      // A compressed response's length is not the length of what we read: leave the total unknown.
      const length = Number(response.headers.get("content-length"));
      if (length && !response.headers.get("content-encoding")) sum.total += length;
      let last = 0; // report at most every 100 ms, and at the end
      const counter = new TransformStream({
        transform(chunk, controller) {
          sum.loaded += chunk.byteLength;
          if (Date.now() - last > 100) (last = Date.now()), onBytes(step, sum.loaded, sum.total);
          controller.enqueue(chunk);
        },
        flush: () => onBytes(step, sum.loaded, sum.total),
      });
      const { status, statusText, headers } = response;
      return new Response(response.body.pipeThrough(counter), { status, statusText, headers });
    },
  };
}

/** The guard and the watch alone in front of globalThis.fetch (worker.js routes them with the others). */
export const watchFetch = (onBytes, onFail) => routeFetch([siteOnly, watch(onBytes, onFail)]);

/** A failed response in words: the site's service worker (sw.js) marks what it could not find
 *  offline. */
function failureOf(response) {
  if (response.headers.get("x-gates-offline")) return "the site cannot be reached, and this file is not saved in this browser yet";
  return `HTTP ${response.status}`;
}

/** Why a download failed, in words: Pyodide asks for wheels with the lock's sha256 as `integrity`, and a
 *  file whose bytes differ fails exactly like a lost connection ("Failed to fetch"). Asking again
 *  without the check tells them (and an error page, which fails the check too) apart. */
async function whyFailed(realFetch, url, init, err) {
  if (!init?.integrity) return err.message;
  try {
    const again = await realFetch(url, { ...init, integrity: undefined });
    if (!again.ok) return failureOf(again); // an error page fails the check too
    return "integrity check failed: the file on the server is not the one this site was built with";
  } catch {
    /* the connection, then */
  }
  return err.message;
}

/** XMLHttpRequest (pyodide.http.open_url) obeys the same rule as fetch. */
export function guardXHR() {
  if (typeof XMLHttpRequest === "undefined") return;
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const absolute = requestURL(url);
    if (absolute.origin !== SITE_ORIGIN) {
      throw new TypeError(`blocked: this page's Python only fetches from its own site (${absolute.origin})`);
    }
    return open.call(this, method, absolute.href, ...rest);
  };
}
