// The wheels every start loads, downloaded by the page while the worker's thread starts Python.

/** The wheels that config.js (in `cellsURL`) lists as PRELOAD_FILES, downloaded once `after()` (the
 *  interpreter's compilation) has settled, so that they do not share the connection with it:
 *  download() starts that, answer() hands one to a worker that asks (wheel_handoff.js), onBytes(listener)
 *  hears (step, loaded, total) as they arrive. */
export function wheels(cellsURL, after) {
  const listeners = new Set();
  const handed = new Set();
  let downloads = null; // a promise of Map(url -> promise of its bytes, null if that download failed)

  function download() {
    downloads ??= after().then(async () => {
      const configURL = new URL("config.js", cellsURL);
      const { PRELOAD_FILES, RUNTIME_URL } = await import(configURL);
      return new Map(PRELOAD_FILES.map(({ file, integrity }) => {
        const url = new URL(file, new URL(RUNTIME_URL, configURL)).href;
        const step = file.split("/").pop().split("-")[0].toLowerCase(); // "numpy", as fetchwatch.js names it
        const bytes = fetch(url, { integrity }).then((r) => (r.ok ? readCounting(r, step) : null)).catch(() => null);
        return [url, bytes];
      }));
    }).catch(() => new Map());
    return downloads;
  }

  /** A wheel's bytes, told to the listeners as they arrive: on a slow link numpy alone takes a
   *  minute, and the runtime judges a boot by its progress, not by its silence. */
  async function readCounting(response, step) {
    const total = response.headers.get("content-encoding") ? 0 : Number(response.headers.get("content-length"));
    const reader = response.body.getReader();
    const chunks = [];
    let loaded = 0;
    let last = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      chunks.push(chunk.value);
      loaded += chunk.value.byteLength;
      if (Date.now() - last > 100) (last = Date.now()), listeners.forEach((l) => l(step, loaded, total));
    }
    listeners.forEach((l) => l(step, loaded, total));
    const whole = new Uint8Array(loaded);
    chunks.reduce((at, c) => (whole.set(c, at), at + c.byteLength), 0);
    return whole.buffer;
  }

  /** Hand a wheel to the worker that asked for it (wheel_handoff.js): once; after that, or without
   *  it, the worker downloads it itself (a failure is then said by the worker, by name). */
  function answer(worker, url) {
    const first = !handed.has(url); // (marked now: two workers asking at once must not both get it)
    handed.add(url);
    download().then(async (all) => {
      const bytes = first ? await all.get(url) : null;
      worker.postMessage({ type: "wheel", url, bytes }, bytes ? [bytes] : []);
    });
  }

  return { download, answer, onBytes: (listener) => { listeners.add(listener); } };
}
