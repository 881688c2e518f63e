// Starts the page's Python as early as a script can, and is the one place that compiles Python's
// interpreter. sitebuild/cells_early.py inlines it, minified, first in the <head> of every page:
//   <script data-cells="URL of assets/cells/" data-interpreter="URL of pyodide.asm.wasm" [data-boot]>
// A classic inline script, so it runs the moment the parser reaches it (see cells_early.py why).
// With data-boot (pages with code cells) the worker and the interpreter start now, unless the
// reader's browser asks to save data; runtime.js adopts them (window.pycellsEarly.adopt()).
//
// Why the page compiles the interpreter: Chrome keeps the machine code of a WebAssembly module in its
// code cache only when a page, not a worker, compiles it from a streamed download. So a second visit,
// or another page of the site, skips the compilation; the worker instantiates the Module it is sent
// (handoff.js) instead of downloading and compiling its own copy.
// It also downloads the wheels every start loads, after the interpreter, and hands them over when the
// worker asks (wheel_handoff.js): the worker's thread is busy starting Python meanwhile.
(() => {
  const script = document.currentScript;
  const interpreterURL = new URL(script.dataset.interpreter, location.href);
  const cellsURL = new URL(script.dataset.cells, location.href);
  const workerURL = new URL("worker.js", cellsURL);
  const listeners = new Set(); // onBytes(loaded, total) of the interpreter's download
  const wheelListeners = new Set(); // (step, loaded, total) of the wheels' downloads
  let bytes = null;
  let compiled = null;
  let started = null; // the worker started here, until runtime.js adopts it

  /** The interpreter's Module, compiled once per page; null if that failed (the worker then
   *  downloads it itself, and says why if it fails there too). */
  function compile() {
    compiled ??= (async () => {
      const response = await fetch(interpreterURL);
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

  /** The worker, as a blob that imports worker.js, so that it runs under this page's policy: see
   *  confine.js (the same three lines; this classic script cannot import it). */
  function confinedWorker() {
    const source = URL.createObjectURL(new Blob([`import ${JSON.stringify(workerURL.href)};`], { type: "text/javascript" }));
    const worker = new Worker(source, { type: "module" });
    worker.addEventListener("message", () => URL.revokeObjectURL(source), { once: true });
    return worker;
  }

  function startWorker() {
    const worker = confinedWorker();
    const early = { worker, messages: [], error: null };
    worker.onmessage = ({ data }) => {
      if (data.type === "need-interpreter") answer(worker);
      else if (data.type === "need-wheel") answerWheel(worker, data.url);
      else early.messages.push(data); // replayed by runtime.js
    };
    worker.onerror = (event) => {
      event.preventDefault();
      early.error = event.message || "the Python worker could not start (a download failed?)";
    };
    downloadWheels(); // the interpreter's download starts now, the wheels' after it; the worker asks
    return early;
  }

  /** Hand the interpreter to a worker that asked for it (handoff.js): asking proves it listens. */
  function answer(worker) {
    compile().then((module) => worker.postMessage({ type: "interpreter", module }));
  }

  let wheels = null; // a promise of Map(url -> promise of its bytes, null if that download failed)
  /** The wheels every start loads (config.js PRELOAD_FILES), downloaded here once the interpreter
   *  is (so they do not share the connection with it), while the worker starts Python. */
  function downloadWheels() {
    wheels ??= compile().then(async () => {
      const configURL = new URL("config.js", cellsURL);
      const { PRELOAD_FILES, RUNTIME_URL } = await import(configURL);
      return new Map(PRELOAD_FILES.map(({ file, integrity }) => {
        const url = new URL(file, new URL(RUNTIME_URL, configURL)).href;
        const step = file.split("/").pop().split("-")[0].toLowerCase(); // "numpy", as fetchwatch.js names it
        const bytes = fetch(url, { integrity }).then((r) => (r.ok ? readCounting(r, step) : null)).catch(() => null);
        return [url, bytes];
      }));
    }).catch(() => new Map());
    return wheels;
  }

  /** A wheel's bytes, told to the wheel listeners as they arrive: on a slow link numpy alone takes a
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
      if (Date.now() - last > 100) (last = Date.now()), wheelListeners.forEach((l) => l(step, loaded, total));
    }
    wheelListeners.forEach((l) => l(step, loaded, total));
    const whole = new Uint8Array(loaded);
    chunks.reduce((at, c) => (whole.set(c, at), at + c.byteLength), 0);
    return whole.buffer;
  }

  const handed = new Set();
  /** Hand a wheel to the worker that asked for it (wheel_handoff.js): once; after that, or without
   *  it, the worker downloads it itself (a failure is then said by the worker, by name). */
  function answerWheel(worker, url) {
    const first = !handed.has(url); // (marked now: two workers asking at once must not both get it)
    handed.add(url);
    downloadWheels().then(async (downloads) => {
      const bytes = first ? await downloads.get(url) : null;
      worker.postMessage({ type: "wheel", url, bytes }, bytes ? [bytes] : []);
    });
  }

  window.pycellsEarly = {
    answer,
    answerWheel,
    /** Hear the wheels' download progress. */
    onWheelBytes(listener) {
      wheelListeners.add(listener);
    },
    /** Hear the interpreter's download progress, starting with what has arrived so far. */
    onBytes(listener) {
      listeners.add(listener);
      if (bytes) listener(...bytes);
    },
    /** True while a worker started here waits to be adopted. */
    get waiting() {
      return Boolean(started);
    },
    /** The worker started here ({worker, messages, error}), handed over once; else null. */
    adopt() {
      const early = started;
      started = null;
      return early;
    },
  };
  const wanted = "boot" in script.dataset && !navigator.connection?.saveData;
  if (wanted && typeof WebAssembly === "object") {
    document.documentElement.dataset.python = "starting"; // runtime.js says when it has started
    started = startWorker();
  }
})();
