// The Python worker runs under the page's Content-Security-Policy (csp.py), which is what confines the
// reader's code to this site. A worker loaded from its own URL takes its policy from its response's
// headers, and a static host sends none: it would run unconfined, and cell code could reach any site by
// calls no wrapper can intercept (WorkerGlobalScope.prototype.fetch, WebSocket, EventSource, import(),
// FontFace, a worker of its own). A worker loaded from a blob: URL inherits its creator's policy, so the
// worker is a one-line blob that imports the real one. early.js has the same three lines (an inline
// classic script cannot import this module).

/** A module worker that runs `url` under this page's policy. */
export function confinedWorker(url) {
  const source = URL.createObjectURL(new Blob([`import ${JSON.stringify(String(url))};`], { type: "text/javascript" }));
  const worker = new Worker(source, { type: "module" });
  worker.addEventListener("message", () => URL.revokeObjectURL(source), { once: true });
  return worker;
}
