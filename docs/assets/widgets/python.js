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
