// The widgets' way into Python: "run this code, give me the JSON it prints". It uses the page's one
// runtime (assets/cells/runtime.js: the Web Worker that owns Pyodide, numpy and explainers), the same
// instance the code cells use, so a page never starts two Pythons. Its code is loaded on first use.
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
 * Run `code` in the widgets' Python; it must print one JSON value (on its last line of output).
 * onStatus(text) hears the loading progress in words. Resolves to the parsed value; rejects with an
 * Error whose message is Python's own (e.g. "ValueError: characters ['!'] are not in the vocabulary").
 */
export async function evaluate(code, onStatus = () => {}) {
  const rt = await shared();
  const listen = ({ detail }) => onStatus(describe(detail));
  rt.addEventListener("status", listen);
  if (!rt.ready) onStatus("Starting Python…");
  try {
    // In a namespace of its own: the widget's names must not land among the reader's variables.
    const outcome = await rt.run(`exec(${pyString(code)}, {"__name__": "widget"})`, "widget");
    if (!outcome.items) throw new Error(outcome.bootFailed ?? outcome.crash ?? outcome.failed ?? "Python was stopped");
    const error = outcome.items.find((item) => item.type === "error");
    if (error) throw new Error(`${error.ename}: ${error.evalue}`);
    const text = outcome.items.filter((item) => item.type === "stdout").map((item) => item.text).join("");
    return JSON.parse(text.trim().split("\n").at(-1));
  } finally {
    rt.removeEventListener("status", listen);
  }
}

/** A Python string literal for any JavaScript string (JSON's escapes are valid in Python). */
export const pyString = (text) => JSON.stringify(String(text));
