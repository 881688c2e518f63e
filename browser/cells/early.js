// Starts the page's Python as early as a script can, and is the one place that compiles Python's
// interpreter. sitebuild/runtime/cells_early.py bundles it (with early/, its parts) and inlines it, minified,
// first in the <head> of every page:
//   <script data-cells="URL of assets/cells/" data-interpreter="URL of pyodide.asm.wasm" [data-boot]>
// A classic inline script, so it runs the moment the parser reaches it (see cells_early.py why).
// With data-boot (pages with code cells) the worker and the interpreter start now, unless the
// reader's browser asks to save data; runtime.js adopts them (window.pycellsEarly.adopt()).
//
// Why the page compiles the interpreter: Chrome keeps the machine code of a WebAssembly module in its
// code cache only when a page, not a worker, compiles it from a streamed download. So a second visit,
// or another page of the site, skips the compilation; the worker instantiates the Module it is sent
// (handoff.js) instead of downloading and compiling its own copy (early/interpreter.js).
// It also downloads the wheels every start loads, after the interpreter, and hands them over when the
// worker asks (early/wheels.js, wheel_handoff.js): the worker's thread is busy starting Python meanwhile.
import { interpreter } from "./early/interpreter.js";
import { wheels } from "./early/wheels.js";

const script = document.currentScript; // read now: it is this script only while it first runs
const cellsURL = new URL(script.dataset.cells, location.href);
const python = interpreter(new URL(script.dataset.interpreter, location.href));
const wheelFiles = wheels(cellsURL, python.compile);
let started = null; // the worker started here, until runtime.js adopts it

/** The worker, as a blob that imports worker.js, so that it runs under this page's policy: see
 *  confine.js (the same three lines; this script is inlined, it cannot import it). */
function confinedWorker() {
  const workerURL = new URL("worker.js", cellsURL);
  const source = URL.createObjectURL(new Blob([`import ${JSON.stringify(workerURL.href)};`], { type: "text/javascript" }));
  const worker = new Worker(source, { type: "module" });
  worker.addEventListener("message", () => URL.revokeObjectURL(source), { once: true });
  return worker;
}

/** The page's worker, started now: it asks for the interpreter and the wheels and is answered here;
 *  what else it says is kept for runtime.js to replay when it adopts the worker. */
function startWorker() {
  const worker = confinedWorker();
  const early = { worker, messages: [], error: null };
  worker.onmessage = ({ data }) => {
    if (data.type === "need-interpreter") python.answer(worker);
    else if (data.type === "need-wheel") wheelFiles.answer(worker, data.url);
    else early.messages.push(data); // replayed by runtime.js
  };
  worker.onerror = (event) => {
    event.preventDefault();
    early.error = event.message || "the Python worker could not start (a download failed?)";
  };
  wheelFiles.download(); // the interpreter's download starts now, the wheels' after it; the worker asks
  return early;
}

window.pycellsEarly = {
  answer: python.answer,
  answerWheel: wheelFiles.answer,
  /** Hear the wheels' download progress. */
  onWheelBytes: wheelFiles.onBytes,
  /** Hear the interpreter's download progress, starting with what has arrived so far. */
  onBytes: python.onBytes,
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
