// Worker-side: the wheels every boot loads (numpy, explainers: config.js PRELOAD_FILES) download
// while Python initialises, not after it. Pyodide asks for a package only once Python has started,
// which on a real connection would leave the network idle for seconds and then make the reader wait
// for megabytes. Started once the interpreter itself has arrived (worker.js), they do not compete
// with it for the connection. Each file is read whole (an unread body would stall once the browser's
// buffer is full), under the integrity Pyodide checks; Pyodide's own request for it is answered with
// those bytes, once: a later request (a retry) downloads afresh.

/** Answer fetch() for `files` ([{file, integrity}], relative to `indexURL`) from downloads that the
 *  returned start() begins. Install it before any other fetch wrapper: fetchwatch.js then counts and
 *  reports these bytes when Pyodide reads them, as it does for any download. */
export function prefetch(indexURL, files) {
  const fetchNext = globalThis.fetch.bind(globalThis);
  const early = new Map(); // url -> {integrity, response: Promise<{bytes, status, statusText, headers}>}
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
    const kept = early.get(url);
    if (!kept || (init?.integrity && init.integrity !== kept.integrity)) return fetchNext(input, init);
    early.delete(url);
    const { bytes, ...rest } = await kept.response;
    return new Response(bytes, rest);
  };
  let started = false;
  return function start() {
    if (started) return;
    started = true;
    for (const { file, integrity } of files) {
      const url = new URL(file, indexURL).href;
      const response = fetchNext(url, { integrity }).then(async (r) => ({
        bytes: await r.arrayBuffer(), status: r.status, statusText: r.statusText, headers: r.headers,
      }));
      response.catch(() => {}); // a failure is Pyodide's to meet, when it asks (above)
      early.set(url, { integrity, response });
    }
  };
}
