// The widgets' way into Python: call a function of the explainers package with JSON arguments and
// get its JSON answer (glue.py's `call`; no Python source is put together here). It uses the page's
// one runtime (assets/cells/runtime.js: the Web Worker that owns Pyodide, numpy and explainers), the
// same instance the code cells use, so a page never starts two Pythons. Its code is loaded on first use.
let runtime = null;
let describe = String;

async function shared() {
  if (!runtime) {
    const [{ sharedRuntime }, progress] = await Promise.all([import("../cells/runtime.js"), import("../cells/progress.js")]);
    describe = progress.describe;
    runtime ??= sharedRuntime();
  }
  return runtime;
}

/** True once Python has loaded (nothing is started by asking). */
export const pythonReady = () => Boolean(runtime?.ready);

/**
 * `module`.`fn`(...args) in the page's Python, e.g. call("explainers.figures.widgets_bank", "probs",
 * ["the bank"]). onStatus(text) hears the loading progress in words. Resolves to the function's
 * value; rejects with an Error whose message is Python's own (e.g. "ValueError: characters ['!'] are
 * not in the vocabulary").
 */
export async function call(module, fn, args, onStatus = () => {}) {
  const rt = await shared();
  const listen = ({ detail }) => onStatus(describe(detail));
  rt.addEventListener("status", listen);
  if (!rt.ready) onStatus("Starting Python…");
  try {
    const outcome = await rt.call(module, fn, args);
    if (outcome.error) throw new Error(`${outcome.error.ename}: ${outcome.error.evalue}`);
    if (!("value" in outcome)) throw new Error(outcome.bootFailed ?? outcome.crash ?? outcome.failed ?? "Python was stopped");
    return outcome.value;
  } finally {
    rt.removeEventListener("status", listen);
  }
}

/**
 * A long call: `module`.`fn`(...args) returns a generator in Python (e.g. a training loop); onProgress(value)
 * hears each value it yields as it runs, onStatus(text) the loading progress. Returns {result, stop}: result
 * resolves to {value} (the generator's return value) or {stopped: true}, and rejects as call() does;
 * stop() ends it within a chunk (~0.1 s of Python), keeping the page's Python and its namespace.
 */
export function stream(module, fn, args, { onProgress = () => {}, onStatus = () => {} } = {}) {
  let stopped = false, stop = () => (stopped = true);
  const result = shared().then(async (rt) => {
    const listen = ({ detail }) => onStatus(describe(detail));
    rt.addEventListener("status", listen);
    if (!rt.ready) onStatus("Starting Python…");
    const running = rt.stream(module, fn, args, onProgress);
    stop = running.stop;
    if (stopped) stop(); // asked before the runtime's module had loaded
    try {
      const outcome = await running.outcome;
      if (outcome.error) throw new Error(`${outcome.error.ename}: ${outcome.error.evalue}`);
      if (outcome.stopped) return { stopped: true };
      if (!("value" in outcome)) throw new Error(outcome.bootFailed ?? outcome.crash ?? outcome.failed ?? "Python was stopped");
      return { value: outcome.value };
    } finally {
      rt.removeEventListener("status", listen);
    }
  });
  return { result, stop: () => stop() };
}
