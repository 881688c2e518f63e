// Worker-side: the wheels every boot loads (numpy, explainers: config.js PRELOAD_FILES) start
// downloading with the interpreter, not after it. Pyodide asks for a package only once Python has
// started, so on a real connection those megabytes would otherwise begin to arrive only then.
// Each file is read whole at once (an unread body would stall the download once the browser's buffer
// is full), under the same integrity Pyodide checks; Pyodide's own request for it is then answered
// with those bytes, once: a second request (a retry) downloads afresh.

/** Start downloading `files` ([{file, integrity}], relative to `indexURL`) now, and answer fetch()
 *  for exactly those requests from them. Install it before any other fetch wrapper (fetchwatch.js
 *  then counts and reports these bytes when Pyodide reads them, as it does for any download). */
export function prefetch(indexURL, files) {
  const fetchNext = globalThis.fetch.bind(globalThis);
  const early = new Map(); // url -> {integrity, response: Promise<{bytes, status, statusText, headers}>}
  for (const { file, integrity } of files) {
    const url = new URL(file, indexURL).href;
    const response = fetchNext(url, { integrity }).then(async (r) => ({
      bytes: await r.arrayBuffer(), status: r.status, statusText: r.statusText, headers: r.headers,
    }));
    response.catch(() => {}); // a failure is Pyodide's to meet, when it asks (below)
    early.set(url, { integrity, response });
  }
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
    const kept = early.get(url);
    if (!kept || (init?.integrity && init.integrity !== kept.integrity)) return fetchNext(input, init);
    early.delete(url);
    const { bytes, ...rest } = await kept.response;
    return new Response(bytes, rest);
  };
}
