// Chrome keeps the machine code of a WebAssembly module in its code cache only when a page, not a
// worker, compiles it from a streamed download. So the page compiles Python's interpreter here and
// hands the Module to the worker (handoff.js): a second visit, or another page of the site, skips
// the compilation. The download's bytes are counted on a copy, for the progress line.
import { RUNTIME_URL } from "./config.js";

const INTERPRETER = new URL(`${RUNTIME_URL}pyodide.asm.wasm`, import.meta.url);
let compiled = null;

/** The interpreter's WebAssembly.Module, compiled once per page, or null if that failed (the worker
 *  then downloads it itself, and reports why if it fails there too). onBytes(loaded, total). */
export function compileInterpreter(onBytes = () => {}) {
  compiled ??= (async () => {
    const response = await fetch(INTERPRETER);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    countBytes(response.clone(), onBytes);
    return WebAssembly.compileStreaming(response);
  })().catch(() => (compiled = null));
  return compiled;
}

async function countBytes(response, onBytes) {
  const total = Number(response.headers.get("content-encoding") ? 0 : response.headers.get("content-length"));
  const reader = response.body.getReader();
  let loaded = 0;
  let last = 0; // at most every 100 ms, and at the end
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return onBytes(loaded, total);
    loaded += value.byteLength;
    if (Date.now() - last > 100) (last = Date.now()), onBytes(loaded, total);
  }
}
