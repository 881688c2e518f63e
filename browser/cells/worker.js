// The page's one Web Worker: it owns Pyodide and speaks typed messages.
//   page -> worker  {id, type: "run", code, cell}
//                   {id, type: "call", module, function, args}  a widget's call (glue.py's call)
//                   {id, type: "stream", module, function, args} | {id, type: "stop"}   a long call (streams.js)
//                   {type: "settled"}                         the runs asked for while Python started
//                                                             are sent: background work may follow them
//                   {type: "interpreter", module}             the compiled interpreter, once asked
//                   {type: "wheel", url, bytes}               a wheel the page downloaded, once asked
//   worker -> page  {type: "need-interpreter"}                (handoff.js)
//                   {type: "need-wheel", url}                 (wheel_handoff.js)
//                   {type: "status", step, loaded?, total?}   boot and download progress
//                   {type: "ready", restored} | {type: "boot-failed", message}   restored: false, or the
//                                                             snapshot Python came from ("site", "browser")
//                   {id, type: "result", items}               run_cell's output items
//                   {id, type: "answer", value} | {id, type: "answer", error: {ename, evalue}}
//                   {id, type: "progress", value} | {id, type: "answer", stopped: true}   a long call's
//                   {id, type: "error", message, fatal}       the run could not happen
import { PRELOAD_FILES, PRELOAD_PACKAGES, RUNTIME_URL, SITE_SNAPSHOT } from "./config.js";
import { routeFetch } from "./fetch_router.js";
import { guardXHR, siteOnly, watch } from "./fetchwatch.js";
import { acceptInterpreter, interpreterFromPage } from "./handoff.js";
import { SNAPSHOT_RECIPE, startPythonReusing } from "./python.js";
import { siteSnapshot } from "./site_snapshot.js";
import { snapshotStore } from "./snapshot_store.js";
import { streams } from "./streams.js";
import { acceptWheel, wheelsFromPage } from "./wheel_handoff.js";

const post = (message) => self.postMessage(message);
const indexURL = new URL(RUNTIME_URL, import.meta.url).href.replace(/\/?$/, "/");
let booted = false;
let lastFailure = null; // the last download that failed after the boot (a package a cell imports)
// Every fetch of the worker (Pyodide's, glue.py's, a cell's) goes down this list, in order: the first
// interceptor that answers a request handles it, and may ask those after it (fetch_router.js).
routeFetch([
  // pyodide.asm.wasm (and its instantiation): the Module the page compiled, else downloaded through the rest.
  interpreterFromPage,
  // Another site's URL: refused, in words (the page's policy refuses it too).
  siteOnly,
  // Every request that gets here is watched: its bytes counted for the progress, a failed download named.
  watch(
    (step, loaded, total) => post({ type: "status", step, loaded, total }),
    (file, reason) => {
      const message = `downloading ${file} failed (${reason})`;
      if (booted) lastFailure = message;
      else post({ type: "boot-failed", message });
    },
  ),
  // The wheels every start loads: the page's download of them, after the watch so that it counts them.
  wheelsFromPage(PRELOAD_FILES.map(({ file }) => new URL(file, indexURL).href)),
]);
guardXHR(); // XMLHttpRequest (pyodide.http.open_url) obeys the same rule as fetch

async function boot() {
  if (typeof WebAssembly !== "object") throw new Error("this browser has no WebAssembly");
  // Downloaded while Python boots, not before it.
  const glueSource = fetch(new URL("./glue.py", import.meta.url)).then((response) => {
    if (!response.ok) throw new Error(`glue.py: HTTP ${response.status}`);
    return response.text();
  });
  glueSource.catch(() => {}); // reported when startPython awaits it
  return startPythonReusing({
    indexURL, glueSource, preload: PRELOAD_PACKAGES, onStep: (step) => post({ type: "status", step }),
    store: snapshotStore(indexURL, SNAPSHOT_RECIPE),
    site: () => siteSnapshot(indexURL, SITE_SNAPSHOT),
  });
}

const python = boot();
python.then(
  ({ restored }) => ((booted = true), post({ type: "ready", restored })),
  (err) => post({ type: "boot-failed", message: String(err?.message ?? err) }),
);

// One run at a time, in the order the page asked: each waits for the one before.
let queue = python.catch(() => {});

/** Write the snapshot a first boot made, after the runs already queued: a reader who clicked Run
 *  while Python started sees the output first (writing ~20 MB takes ~100 ms). The page says when
 *  those runs are sent ("settled"): before then the worker cannot know whether one is coming. */
function keepSnapshotAfterQueuedRuns() {
  queue = queue.then(() => python.then((py) => py.keepSnapshot(), () => {}));
}

/** Python, or null once the request `id` has been told that it failed to start. */
async function pythonFor(id) {
  try {
    return await python;
  } catch (err) {
    post({ id, type: "error", fatal: "boot", message: String(err?.message ?? err) });
    return null;
  }
}

async function run({ id, code, cell }) {
  const py = await pythonFor(id);
  if (!py) return;
  try {
    let loading = false; // e.g. matplotlib, the first time a cell imports it
    lastFailure = null;
    await py.loadImports(code, (msg) => {
      if (!/^Loading /.test(msg) || loading) return;
      loading = true;
      post({ type: "status", step: "packages", message: msg }); // "Loading matplotlib, cycler, …"
    });
    if (loading) post({ type: "status", step: "ready" });
    // Pyodide logs a failed package download and goes on: the import would then fail with a
    // ModuleNotFoundError that hides the cause. Say which file, and why; the cell offers Retry.
    if (lastFailure) throw new Error(lastFailure);
  } catch (err) {
    return post({ id, type: "error", fatal: false, retry: true, message: `could not load a package: ${err?.message ?? err}` });
  }
  try {
    post({ id, type: "result", items: await py.run(code, cell) });
  } catch (err) {
    // run_cell turns every Python exception into an output item: what reaches here is Pyodide
    // itself failing (out of wasm memory, a fatal error), and that interpreter is unusable.
    post({ id, type: "error", fatal: "crash", message: String(err?.message ?? err) });
  }
}

/** A widget's call: a function of the explainers package (already imported by the boot), in turn
 *  with the cells' runs. */
async function call({ id, module, function: fn, args }) {
  const py = await pythonFor(id);
  if (!py) return;
  try {
    post({ id, type: "answer", ...py.call(module, fn, args) });
  } catch (err) { // as in run: glue answers every Python exception, so this is Pyodide failing
    post({ id, type: "error", fatal: "crash", message: String(err?.message ?? err) });
  }
}

// Long calls take turns in the same queue, a chunk per turn: a run or a call asked meanwhile goes between.
const long = streams({ python: pythonFor, post, enqueue: (fn) => (queue = queue.then(fn)) });

// What the page may ask, by message type: each in its own function above (or its module's).
const HANDLERS = {
  run: (data) => (queue = queue.then(() => run(data))),
  call: (data) => (queue = queue.then(() => call(data))),
  stream: (data) => long.ask(data),
  stop: (data) => long.stop(data.id),
  interpreter: (data) => acceptInterpreter(data.module),
  wheel: (data) => acceptWheel(data.url, data.bytes),
  settled: () => keepSnapshotAfterQueuedRuns(),
};
self.onmessage = ({ data }) => Object.hasOwn(HANDLERS, data?.type) && HANDLERS[data.type](data);
