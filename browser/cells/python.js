// Python itself: boot Pyodide from the site's own runtime folder, load numpy and explainers,
// and run cells through glue.py. Knows nothing of messages or the DOM, so Node can test it.
//
// A memory snapshot skips most of a boot: the interpreter's memory right after Python started
// (before any package's compiled library is loaded: a snapshot cannot restore those), restored
// in a fraction of the time a start takes. The site ships one, made by the build in Node with the
// same recipe (sitebuild/runtime/python_snapshot.mjs; site_snapshot.js fetches it), so that even a
// first visit restores; a browser that boots afresh (the site's was not fetched, or did not restore)
// writes its own down, and `store` keeps it for later pages and visits (snapshot_store.js: Cache
// Storage). A snapshot that fails to restore costs one fresh boot, never a page.

import { headOf } from "./snapshot_store.js";

// Standard-library modules that every boot imports later (the package loader, glue.py, numpy),
// all pure Python or built in: imported before the snapshot is taken, restored with it. The build's
// snapshot follows the same recipe (python_snapshot.mjs imports it from here).
// Not ctypes: it keeps a handle from the dynamic loader, whose state a snapshot does not hold.
export const BEFORE_SNAPSHOT = [
  "json", "tarfile", "csv", "datetime", "calendar", "base64", "email.message", "email.utils",
  "importlib.metadata", "dataclasses", "pickle", "platform", "__future__",
].join(", ");
// Names the snapshot recipe: a stored snapshot made by another recipe is not used.
export const SNAPSHOT_RECIPE = `v1: import ${BEFORE_SNAPSHOT}`;

/**
 * Start Python from a snapshot if one restores, else afresh. The snapshot is `store`'s (this browser's
 * own, made on an earlier fresh boot) or else `site()`'s (the site's, made by the build:
 * site_snapshot.js); a fresh boot gives the snapshot it makes to `store.write`.
 * store: {read() -> Promise<null | {hung: true} | {bytes: bytes or a promise of them, expect}>, write(bytes),
 * drop(), begin(), done()}, each async; `hung`: an earlier restore never finished, so none is tried now.
 * site: () -> null | {bytes: a promise of them, expect}.
 * Other options and the result: as startPython's, plus `restored` (false, "browser" or "site": which
 * snapshot) and `keepSnapshot()`, to call when idle: it writes the snapshot this boot made, if any.
 */
export async function startPythonReusing({ store, site = () => null, ...options }) {
  const stored = await store.read().catch(() => null);
  const snapshot = stored?.hung ? null : stored ? { ...stored, from: "browser" } : withFrom(ask(site), "site");
  if (snapshot) {
    // The marker is written beside the restore, not before it (the warm boot does not wait for it);
    // done() follows begin(), so a finished restore never leaves a marker behind.
    const begun = store.begin().catch(() => {});
    try {
      const bytes = Promise.resolve(snapshot.bytes).then((b) => checked(b, snapshot.expect));
      bytes.catch(() => {}); // handled below, through startPython; not an "uncaught" error meanwhile
      // The limit counts from the bytes' arrival: the site's snapshot may still be downloading.
      const arrived = bytes.then(() => {}, () => {});
      const python = await within(RESTORE_LIMIT_MS, startPython({ ...options, snapshot: bytes }), arrived);
      begun.then(() => store.done()).catch(() => {});
      return { ...python, restored: snapshot.from, keepSnapshot: () => Promise.resolve() };
    } catch (err) {
      console.warn(`pycells: the ${snapshot.from}'s Python snapshot did not restore; starting Python afresh`, err);
      // This browser's is dropped (a fresh one replaces it); the site's cannot be, and is passed over
      // from now on: the snapshot this boot keeps comes first. After the marker's write, or it would
      // outlive the drop and make the next visit take this failed restore for one that hung.
      await begun;
      await store.drop().catch(() => {});
    }
  }
  let made = null;
  const python = await startPython({ ...options, onSnapshot: (bytes) => (made = bytes) });
  // The caller keeps it when idle (after the runs already asked for): nothing waits for the write.
  const keepSnapshot = () => (made ? keep(store, made).finally(() => (made = null)) : Promise.resolve());
  return { ...python, restored: false, keepSnapshot };
}

const withFrom = (snapshot, from) => snapshot && { ...snapshot, from };

/** site(), or null if it throws: the site's snapshot is never worth a failed boot. */
function ask(site) {
  try {
    return site();
  } catch (err) {
    console.warn("pycells: the site's Python snapshot was not fetched", err);
    return null;
  }
}

// A good snapshot restores in about a second here; one that has not within this limit is taken for one
// that hung (the page's own watchdog, watchdog.js, waits longer), and this visit starts Python afresh.
const RESTORE_LIMIT_MS = 20_000;

/** `bytes`, if they are the snapshot that was written (its length and head), else an Error. */
export function checked(bytes, expect) {
  const why = !expect?.head ? "it was stored without its length and head"
    : bytes.byteLength !== expect.length ? `it is ${bytes.byteLength} bytes, not the ${expect.length} written`
    : headOf(bytes) !== expect.head ? "its header is not the one written" : "";
  if (why) throw new Error(`the Python snapshot is unusable: ${why}`);
  return bytes;
}

/** `promise`, or an Error if it has not settled `ms` after `start` did. */
function within(ms, promise, start = Promise.resolve()) {
  let timer;
  const late = new Promise((_, reject) => {
    start.then(() => {
      timer = setTimeout(() => reject(new Error(`the snapshot did not restore within ${ms / 1000} s`)), ms);
    });
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Start Python. `indexURL`: the runtime folder (ends with "/"); `glueSource`: glue.py's text
 * (or a promise of it, so it can download while Python boots);
 * `preload`: packages loaded before the first run; `onStep(step)`: called as each human step
 * begins ("python", "numpy", "explainers", "ready").
 * `snapshot`: a memory snapshot (bytes, or a promise of them) to restore instead of starting
 * Python; else `onSnapshot(bytes)`, if given, receives one made right after Python started.
 * Resolves to {run(code, cellName) -> promise of items, call(module, fn, args) -> {value} | {error},
 * stream: {start, next, stop} (a long call), loadImports(code), pyodide}.
 */
export async function startPython({
  indexURL, glueSource, preload = ["numpy", "explainers"], onStep = () => {}, quiet = true,
  snapshot = null, onSnapshot = null,
}) {
  onStep("python");
  const { loadPyodide } = await import(`${indexURL}pyodide.esm.js`);
  const silence = quiet ? () => {} : console.log;
  const pyodide = await loadPyodide({
    indexURL,
    lockFileURL: `${indexURL}pyodide-lock.json`,
    stdout: silence, // run_cell captures a cell's own output; this is Python's stray noise
    stderr: silence,
    ...(snapshot ? { _loadSnapshot: snapshot } : onSnapshot ? { _makeSnapshot: true } : {}),
  });
  if (snapshot) {
    // Every restore would otherwise draw the same "random" numbers: the snapshot's generator state.
    pyodide.runPython("import random; random.seed()");
  } else if (onSnapshot) {
    pyodide.runPython(`import ${BEFORE_SNAPSHOT}`);
    onSnapshot(takeSnapshot(pyodide));
  }
  onStep("numpy");
  // One call: the wheels download in parallel (explainers depends on numpy in the lock file).
  await pyodide.loadPackage(preload, { messageCallback: silence });
  onStep("explainers");
  pyodide.FS.writeFile("/home/pyodide/cells_glue.py", await glueSource); // a string, or its download
  const glue = pyodide.pyimport("cells_glue"); // imports numpy and explainers now, not on first Run
  pyodide.runPython("import explainers, explainers.models");
  // Warm up, in a namespace of its own, what every first Run pays for once: start_cell's machinery
  // (compile, capture, tracebacks) and the import scan. The reader's first Run then only runs.
  pyodide.runPython("import cells_glue as _g; _g.start_cell('None', {'__name__': '_warmup'}, '_warmup'); del _g");
  await pyodide.loadPackagesFromImports("import numpy", { messageCallback: silence });
  onStep("ready");

  return {
    pyodide,
    /** Load the lock-file packages a cell imports (e.g. matplotlib), only the first time. */
    async loadImports(code, onMessage = silence) {
      await pyodide.loadPackagesFromImports(code, { messageCallback: onMessage });
    },
    /** Run one cell in the page's namespace; a promise of its output items, in order. A cell that
     *  awaits at top level hands back a coroutine, awaited here on Pyodide's event loop. */
    async run(code, cellName) {
      const out = glue.run(code, cellName);
      if (typeof out === "string") return JSON.parse(out);
      try {
        return JSON.parse(await out);
      } finally {
        out.destroy();
      }
    },
    /** A widget's call of explainers' `module`.`fn`(...args) (glue.py): {value} or {error: {ename, evalue}}. */
    call(module, fn, args) {
      return JSON.parse(glue.call(module, fn, JSON.stringify(args)));
    },
    /** A long call (glue.py's stream_*; the worker's streams.js drives it): start, advance by about
     *  budgetMs (its progress and, once done, its value or error), stop where it stands. */
    stream: {
      start: (id, module, fn, args) => JSON.parse(glue.stream_start(id, module, fn, JSON.stringify(args))),
      next: (id, budgetMs) => JSON.parse(glue.stream_next(id, budgetMs / 1000)),
      stop: (id) => glue.stream_stop(id),
    },
  };
}

async function keep(store, bytes) {
  try {
    await store.write(bytes);
  } catch (err) {
    console.info("pycells: the Python snapshot was not kept", err);
  }
}

/** The interpreter's memory now, or null if it cannot be written down (then boots stay unsnapshotted). */
function takeSnapshot(pyodide) {
  try {
    return pyodide.makeMemorySnapshot();
  } catch (err) {
    console.info("pycells: no Python snapshot this time", err);
    return null;
  }
}
