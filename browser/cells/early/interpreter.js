// Python's interpreter, downloaded and compiled by the page (early.js says why the page does it).

/** The interpreter at `url`: compile() it once, answer() a worker that asks for it (handoff.js), and
 *  onBytes(listener) hears its download's progress. */
export function interpreter(url) {
  const listeners = new Set(); // (loaded, total) of the download
  let bytes = null; // the last [loaded, total], for a listener that comes late
  let compiled = null;

  /** The interpreter's Module, compiled once per page; null if that failed (the worker then
   *  downloads it itself, and says why if it fails there too). */
  function compile() {
    compiled ??= (async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      count(response.clone()).catch(() => {}); // a copy: the response streams, untouched, into the compiler
      // Streaming compilation refuses any type but application/wasm, and hosts that do not know .wasm
      // send application/octet-stream: those bytes are compiled whole instead.
      if (!isWasm(response)) return await WebAssembly.compile(await response.arrayBuffer());
      return await WebAssembly.compileStreaming(response);
    })().catch(() => (compiled = null));
    return compiled;
  }

  function isWasm(response) {
    return (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase() === "application/wasm";
  }

  async function count(response) {
    const total = response.headers.get("content-encoding") ? 0 : Number(response.headers.get("content-length"));
    const reader = response.body.getReader();
    let loaded = 0;
    let last = 0; // tell at most every 100 ms, and at the end
    for (let chunk = await reader.read(); ; chunk = await reader.read()) {
      if (!chunk.done) loaded += chunk.value.byteLength;
      if (chunk.done || Date.now() - last > 100) {
        last = Date.now();
        bytes = [loaded, total];
        listeners.forEach((listener) => listener(loaded, total));
      }
      if (chunk.done) return;
    }
  }

  /** Hand the interpreter to a worker that asked for it (handoff.js): asking proves it listens. */
  function answer(worker) {
    compile().then((module) => worker.postMessage({ type: "interpreter", module }));
  }

  /** Hear the download's progress, starting with what has arrived so far. */
  function onBytes(listener) {
    listeners.add(listener);
    if (bytes) listener(...bytes);
  }

  return { compile, answer, onBytes };
}
