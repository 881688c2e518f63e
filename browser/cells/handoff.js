// The worker's half of early.js: Pyodide instantiates the interpreter Module that the page
// compiled (and Chrome cached) instead of downloading and compiling its own copy.
//   worker -> page  {type: "need-interpreter"}   when Pyodide fetches it (the worker surely listens by then)
//   page -> worker  {type: "interpreter", module: WebAssembly.Module | null}

let receive;
const fromPage = new Promise((resolve) => (receive = resolve));
const standIns = new WeakMap(); // response that stands for the page's Module -> the real request
const interpreters = new WeakSet(); // the interpreter's own downloads (their url is lost on the way)
async function downloaded(pending) {
  const response = await pending;
  interpreters.add(response);
  return response;
}

/** Give the page's message to the handoff; a null module means: download it as usual. */
export const acceptInterpreter = (module) => receive(module ?? null);

/** The interceptor of the worker's fetch (fetch_router.js) that routes Pyodide's download and
 *  instantiation of pyodide.asm.wasm to the page's Module, if any. */
export const interpreterFromPage = {
  answers: (url) => url.pathname.endsWith("/pyodide.asm.wasm"),
  async fetch(input, init, next) {
    self.postMessage({ type: "need-interpreter" });
    if (!(await fromPage)) return downloaded(next(input, init));
    const response = new Response(new Uint8Array(0), { headers: { "content-type": "application/wasm" } });
    standIns.set(response, () => downloaded(next(input, init)));
    return response;
  },
  async instantiateStreaming(source, imports, next) {
    const response = await source;
    try {
      return await instantiateInterpreter(response, imports, next);
    } catch (err) {
      // Pyodide only logs this, and waits for ever: the page hears it now (and checks for damage).
      if (standIns.has(response) || interpreters.has(response)) {
        self.postMessage({ type: "boot-failed", message: `the interpreter did not compile (${err?.message ?? err})` });
      }
      throw err;
    }
  },
};

/** The page's Module if it instantiates here, else the interpreter downloaded and compiled here. */
async function instantiateInterpreter(response, imports, instantiateNext) {
  if (!standIns.has(response)) return instantiateWasm(response, imports, instantiateNext);
  const module = await fromPage;
  try {
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  } catch (err) {
    // Pyodide would only log this and wait forever: take the ordinary way instead.
    console.warn("pycells: the page's interpreter did not instantiate here; downloading it", err);
    return instantiateWasm(await standIns.get(response)(), imports, instantiateNext);
  }
}

/** Instantiate a fetched .wasm: streaming when the host sends application/wasm, from its bytes when it
 *  sends anything else (application/octet-stream on hosts that do not know .wasm), which streaming refuses. */
async function instantiateWasm(response, imports, instantiateStreaming) {
  const type = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/wasm") return instantiateStreaming(response, imports);
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
