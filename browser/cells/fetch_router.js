// The worker's one fetch: an ordered list of interceptors, which worker.js states once. Each says what
// it answers (answers(url) -> boolean) and answers it (fetch(input, init, next), where next asks the
// interceptors after it, and after the last the network). A request passes down the list; an
// interceptor that does not answer it passes it on untouched. Order matters, so it is written in one
// place: one that counts or guards what the others answer stands before them.
// An interceptor may also take Pyodide's WebAssembly.instantiateStreaming the same way
// (instantiateStreaming(source, imports, next)): the interpreter's handoff answers both halves.
import { requestURL } from "./request_url.js";

/** Replace globalThis.fetch (and, if an interceptor asks, WebAssembly.instantiateStreaming) with
 *  `interceptors` in order, in front of what they were. */
export function routeFetch(interceptors) {
  const network = globalThis.fetch.bind(globalThis);
  const fetchFrom = (i) => async (input, init) => {
    const url = requestURL(input);
    const at = interceptors.findIndex((it, j) => j >= i && it.answers(url));
    return at < 0 ? network(input, init) : interceptors[at].fetch(input, init, fetchFrom(at + 1));
  };
  globalThis.fetch = fetchFrom(0);

  const instantiators = interceptors.filter((it) => it.instantiateStreaming);
  if (!instantiators.length) return;
  const compile = WebAssembly.instantiateStreaming.bind(WebAssembly);
  const instantiateFrom = (i) => async (source, imports) => (i < instantiators.length
    ? instantiators[i].instantiateStreaming(source, imports, instantiateFrom(i + 1)) : compile(source, imports));
  WebAssembly.instantiateStreaming = instantiateFrom(0);
}
