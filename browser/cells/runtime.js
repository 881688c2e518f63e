// The page side of the worker: one memoised Python runtime per page, shared by every cell.
// Events: "status" ({step, loaded, total} — progress.js words them), "reset" (state was lost).
// early.js (a classic script in <head>) usually started the worker already: it is adopted here, and
// early.js compiles the interpreter that every worker of the page is handed when it asks (see there why).
// The boot's watchdog is watchdog.js.

import { confinedWorker } from "./confine.js";
import { explainFailure } from "./damage.js";
import { Watchdog } from "./watchdog.js";

const WORKER_URL = new URL("./worker.js", import.meta.url);
const early = () => window.pycellsEarly; // absent if early.js did not load: workers then download it

export class Runtime extends EventTarget {
  generation = 0; // bumps each time a fresh worker (and so a fresh namespace) starts
  ready = false;
  restored = false; // this worker's Python came from a snapshot (python.js)
  snapshot = null; // which: "site" (the build's) or "browser" (this browser's own), else null
  #worker = null;
  #booted = null;
  #pending = new Map(); // id -> resolve
  #hear = new Map(); // id -> onProgress, of a long call
  #nextId = 1;
  #python = { page: [0, 0], worker: [0, 0] }; // bytes [loaded, total] of Python's download, by side
  #hearsBytes = false; // listening to the interpreter's download (early.js)
  #watchdog = new Watchdog(); // armed while a boot is under way

  /** Start the worker once; resolves when Python, numpy and explainers are loaded. */
  boot() {
    this.#booted ??= this.#start();
    return this.#booted;
  }

  /** Run code in the page's namespace. Resolves (never rejects) to an outcome:
   *  {items} | {stopped: true} | {crash: msg} | {bootFailed: msg} | {failed: msg, retry}. */
  run(code, cell) {
    return this.#request({ type: "run", code, cell });
  }

  /** A widget's call of explainers' `module`.`fn`(...args), in turn with the runs (glue.py's call).
   *  Resolves (never rejects) to {value} | {error: {ename, evalue}} or one of run's other outcomes. */
  call(module, fn, args) {
    return this.#request({ type: "call", module, function: fn, args });
  }

  /** A long call (the worker's streams.js): as call, and onProgress(value) hears what the function yields
   *  as it goes; stop() ends it between two chunks, Python and the namespace kept ({stopped: true}). */
  stream(module, fn, args, onProgress) {
    const id = this.#nextId;
    this.#hear.set(id, onProgress);
    const outcome = this.#request({ type: "stream", module, function: fn, args });
    outcome.then(() => this.#hear.delete(id));
    // Through boot(), like the request itself: so the stop never reaches the worker before the request.
    const stop = () => this.boot().then(() => this.#worker?.postMessage({ id, type: "stop" }), () => {});
    return { outcome, stop };
  }

  #request(message) {
    const id = this.#nextId++;
    const outcome = new Promise((resolve) => this.#pending.set(id, resolve));
    // Requests queue on the boot promise, so they reach the worker in the order they were asked for.
    this.boot().then(
      () => this.#worker.postMessage({ id, ...message }),
      (err) => this.#settle(id, { bootFailed: err.message }),
    );
    return outcome;
  }

  /** End the worker (the only way to interrupt Python without cross-origin isolation), start anew. */
  restart(outcome = { stopped: true }) {
    this.#worker?.terminate();
    this.#worker = null;
    this.#booted = null;
    this.ready = false;
    for (const id of [...this.#pending.keys()]) this.#settle(id, outcome);
    this.dispatchEvent(new CustomEvent("reset"));
    this.boot().catch(() => {}); // a failure is reported by the next run and by the page progress
  }

  get busy() {
    return this.#pending.size > 0;
  }

  #start() {
    this.generation += 1;
    document.documentElement.dataset.python = "starting"; // offline/keep.js waits for the end of it
    const booted = new Promise((resolve, reject) => {
      const fail = this.#failer(reject, () => booted);
      if (typeof WebAssembly !== "object") return fail("this browser has no WebAssembly", false);
      this.#watchdog.start(fail);
      const adopted = early()?.adopt();
      const worker = adopted?.worker ?? confinedWorker(WORKER_URL);
      this.#worker = worker;
      this.#hearEarlyDownloads();
      const handlers = this.#handlers(worker, resolve, fail);
      worker.onmessage = ({ data }) => {
        this.#watchdog.awake();
        handlers.get(data.type)?.(data);
      };
      // The worker script could not load, or the worker died: before ready it is a boot failure.
      worker.onerror = (event) => {
        event.preventDefault();
        const message = event.message || "the Python worker could not start (a download failed?)";
        if (!this.ready) fail(message);
        else this.restart({ crash: message });
      };
      // What the early worker said before it was adopted, in order; after boot() has stored this
      // promise, so that a failure among them lets the next boot() start afresh.
      queueMicrotask(() => {
        for (const data of adopted?.messages ?? []) worker.onmessage({ data });
        if (adopted?.error) worker.onerror({ message: adopted.error, preventDefault() {} });
      });
    });
    return booted;
  }

  /** What each message of the worker means, by its type; a type not listed is ignored. */
  #handlers(worker, resolve, fail) {
    return new Map(Object.entries({
      // The boot's: the worker asks for what early.js downloaded (without it, it downloads its own).
      "need-interpreter": () => (early() ? early().answer(worker)
        : worker.postMessage({ type: "interpreter", module: null })),
      "need-wheel": ({ url }) => (early() ? early().answerWheel(worker, url)
        : worker.postMessage({ type: "wheel", url, bytes: null })),
      status: (data) => (data.step === "python" && data.loaded
        ? this.#pythonBytes("worker", [data.loaded, data.total]) : this.#status(data)),
      ready: (data) => this.#ready(worker, data, resolve),
      "boot-failed": ({ message }) => fail(message),
      // The requests': a run's items, a long call's progress, a call's answer, a request's error.
      result: ({ id, items }) => this.#settle(id, { items }),
      progress: ({ id, value }) => this.#hear.get(id)?.(value),
      answer: (data) => this.#settle(data.id, data.stopped ? { stopped: true }
        : "error" in data ? { error: data.error } : { value: data.value }),
      error: (data) => this.#onError(data),
    }));
  }

  /** The boot's one way to fail, once: the worker is ended and the reader told why, in words. */
  #failer(reject, booted) {
    let failed = false;
    return (message, mayBeDamage = true) => {
      if (failed) return;
      failed = true;
      this.#watchdog.stop(); // late download progress must not re-arm this boot's watchdog
      this.#worker?.terminate();
      this.#worker = null;
      // A damaged file is named as such (damage.js); until that is known, Run waits on this boot.
      if (mayBeDamage) this.#status({ step: "checking" });
      (mayBeDamage ? explainFailure(message) : Promise.resolve(message)).then((words) => {
        if (this.#booted === booted()) this.#booted = null; // so that Run (or Retry) tries again
        this.#status({ step: "failed", message: words });
        reject(new Error(words));
      });
    };
  }

  #ready(worker, { restored }, resolve) {
    this.#watchdog.ready();
    this.ready = true;
    this.restored = Boolean(restored);
    this.snapshot = restored || null;
    this.#status({ step: "ready" });
    resolve();
    // The runs waiting for this boot are posted as it resolves, just before this.
    this.#booted?.then(() => worker.postMessage({ type: "settled" }));
  }

  /** early.js's downloads (the interpreter's, the wheels'), heard once for the page's life: they
   *  happen once. */
  #hearEarlyDownloads() {
    if (!early() || this.#hearsBytes) return;
    early().onBytes((...bytes) => this.#pythonBytes("page", bytes));
    early().onWheelBytes?.((step, loaded, total) => (this.#watchdog.awake(), this.#status({ step, loaded, total })));
    this.#hearsBytes = true;
  }

  #onError({ id, fatal, message, retry }) {
    if (fatal === "crash") this.restart({ crash: message });
    else if (fatal === "boot") this.#settle(id, { bootFailed: message });
    else this.#settle(id, { failed: message, retry: Boolean(retry) });
  }

  #settle(id, outcome) {
    const resolve = this.#pending.get(id);
    this.#pending.delete(id);
    resolve?.(outcome);
  }

  /** Python's download happens on both sides (the interpreter in the page, the standard library in
   *  the worker): the reader sees one sum. */
  #pythonBytes(side, bytes) {
    this.#watchdog.awake();
    this.#python[side] = bytes;
    const { page, worker } = this.#python;
    this.#status({ step: "python", loaded: page[0] + worker[0], total: page[1] + worker[1] });
  }

  #status(detail) {
    if (detail.step !== "failed" && detail.step !== "checking") this.#watchdog.heard(detail); // re-armed with this step's limit
    if (detail.step === "ready" || detail.step === "failed") document.documentElement.dataset.python = detail.step;
    this.dispatchEvent(new CustomEvent("status", { detail }));
  }
}

let shared = null;
/** The page's one runtime: cells and widgets share it, so a page never starts two Pythons. */
export const sharedRuntime = () => (shared ??= new Runtime());
