// The worker's half of early.js's wheel downloads: the wheels every start loads (numpy, explainers:
// config.js PRELOAD_FILES) are downloaded by the page while Python initialises here, and handed over
// when Pyodide asks for them. The page's thread is free to read a download then; this one is not:
// starting Python runs for seconds without a break, and a download nobody reads stalls.
//   worker -> page  {type: "need-wheel", url}   when Pyodide fetches one of them
//   page -> worker  {type: "wheel", url, bytes: ArrayBuffer | null}   null: download it yourself
import { requestURL } from "./request_url.js";
const asked = new Map(); // url -> resolve(bytes | null)

/** Give the page's answer to the waiting fetch. */
export function acceptWheel(url, bytes) {
  asked.get(url)?.(bytes ?? null);
  asked.delete(url);
}

/** An interceptor of the worker's fetch (fetch_router.js) that answers Pyodide's fetch of each of
 *  `urls` with the page's download of it, once (a retry, or a page without one, downloads as usual).
 *  Route it after fetchwatch.js's watch, which then counts these bytes as Pyodide reads them. The page
 *  checked them against the same integrity Pyodide asks for. */
export function wheelsFromPage(urls) {
  const pending = new Set(urls);
  return {
    answers: (url) => pending.has(url.href),
    async fetch(input, init, next) {
      const url = requestURL(input).href;
      pending.delete(url);
      const bytes = await new Promise((resolve) => {
        asked.set(url, resolve);
        self.postMessage({ type: "need-wheel", url });
      });
      if (!bytes) return next(input, init);
      // Its length, as a server would say it: fetchwatch.js then knows when the wheel has all arrived,
      // and the watchdog gives the load that follows (numpy unpacked and imported) a computing step's limit.
      const headers = { "content-type": "application/zip", "content-length": String(bytes.byteLength) };
      return new Response(bytes, { headers });
    },
  };
}
