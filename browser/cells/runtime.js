// The page side of the worker: one memoised Python runtime per page, shared by every cell.
// Events: "status" ({step, loaded, total} — progress.js words them), "reset" (state was lost).
// early.js (a classic script in <head>) usually started the worker already: it is adopted here, and
// early.js compiles the interpreter that every worker of the page is handed when it asks (see there why).

import { confinedWorker } from "./confine.js";
import { explainFailure } from "./damage.js";

const WORKER_URL = new URL("./worker.js", import.meta.url);
const early = () => window.pycellsEarly; // absent if early.js did not load: workers then download it
// A boot that goes silent this long (no download progress, no step) is given up, with a Retry, rather
// than left "loading" for ever. Downloads report every 100 ms. The steps that only compute (Python's
// start after its download, numpy's and explainers' unpacking and import) say nothing until they end:
// WebKit, whose WebAssembly starts in a slow tier, has taken 7-20 s for Python's start alone on this
// 2-core machine; a slow phone may take three times that, so those steps may stay silent 4x as long.
const silenceMs = () => window.pycellsSilenceMs ?? 30_000; // (tests set it lower)
const COMPUTING = 4; // the silence a computing step is allowed, in silenceMs

/** Each time the watchdog is armed, the limit it now allows (0: disarmed, Python is up), whether it is
 *  a computing step's and the boot's last word ({step, loaded, total}), on the page's performance
 *  timeline: the bench reads the silences the boot honestly kept from them (tools/bench/engines.py). */
const watchdogMark = (limit, computing, word) =>
  performance.mark("pycells-watchdog", { detail: { limit, computing, ...word } });

/** A status after which the worker computes without a word: a download just ended, or a load began. */
const computing = ({ step, loaded, total }) =>
  step === "python" ? Boolean(total) && loaded >= total
    : ["numpy", "explainers"].includes(step) && (!loaded || (total && loaded >= total));

export class Runtime extends EventTarget {
  generation = 0; // bumps each time a fresh worker (and so a fresh namespace) starts
  ready = false;
  restored = false; // this worker's Python came from the browser's snapshot (python.js)
  #worker = null;
  #booted = null;
  #pending = new Map(); // id -> resolve
  #hear = new Map(); // id -> onProgress, of a long call
  #nextId = 1;
  #python = { page: [0, 0], worker: [0, 0] }; // bytes [loaded, total] of Python's download, by side
  #hearsBytes = false; // listening to the interpreter's download (early.js)
  #silence = 0; // the boot's watchdog timer
  #awake = null; // restarts it: the boot said something
  #computing = false; // the boot's last word says it computes now (see COMPUTING)
  #lastWord = {}; // that word itself ({step, loaded, total}), for the watchdog's marks

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
      let failed = false;
      const fail = (message, mayBeDamage = true) => {
        if (failed) return;
        failed = true;
        clearTimeout(this.#silence);
        this.#awake = null; // late download progress must not re-arm this boot's watchdog
        this.#worker?.terminate();
        this.#worker = null;
        // A damaged file is named as such (damage.js); until that is known, Run waits on this boot.
        if (mayBeDamage) this.#status({ step: "checking" });
        (mayBeDamage ? explainFailure(message) : Promise.resolve(message)).then((words) => {
          if (this.#booted === booted) this.#booted = null; // so that Run (or Retry) tries again
          this.#status({ step: "failed", message: words });
          reject(new Error(words));
        });
      };
      if (typeof WebAssembly !== "object") return fail("this browser has no WebAssembly", false);
      this.#awake = () => {
        clearTimeout(this.#silence);
        const ms = silenceMs() * (this.#computing ? COMPUTING : 1);
        watchdogMark(ms, this.#computing, this.#lastWord);
        this.#silence = setTimeout(() => fail(
          `it stopped answering while starting (nothing for ${ms / 1000} s). Retry starts it again; `
          + "on a slow or busy device, closing other tabs first helps"), ms);
      };
      this.#awake();
      const adopted = early()?.adopt();
      const worker = adopted?.worker ?? confinedWorker(WORKER_URL);
      this.#worker = worker;
      if (early() && !this.#hearsBytes) {
        early().onBytes((...bytes) => this.#pythonBytes("page", bytes));
        early().onWheelBytes?.((step, loaded, total) => (this.#awake?.(), this.#status({ step, loaded, total })));
        this.#hearsBytes = true; // one listener for the page's life: the download happens once
      }
      worker.onmessage = ({ data }) => {
        this.#awake?.();
        if (data.type === "need-interpreter") {
          if (early()) early().answer(worker);
          else worker.postMessage({ type: "interpreter", module: null }); // it downloads its own
        } else if (data.type === "need-wheel") {
          if (early()) early().answerWheel(worker, data.url);
          else worker.postMessage({ type: "wheel", url: data.url, bytes: null }); // it downloads its own
        } else if (data.type === "status" && data.step === "python" && data.loaded) this.#pythonBytes("worker", [data.loaded, data.total]);
        else if (data.type === "status") this.#status(data);
        else if (data.type === "ready") {
          clearTimeout(this.#silence);
          watchdogMark(0, false, { step: "ready" });
          this.#awake = null;
          this.ready = true;
          this.restored = Boolean(data.restored);
          this.#status({ step: "ready" });
          resolve();
          // The runs waiting for this boot are posted as it resolves, just before this.
          this.#booted?.then(() => worker.postMessage({ type: "settled" }));
        } else if (data.type === "boot-failed") fail(data.message);
        else if (data.type === "result") this.#settle(data.id, { items: data.items });
        else if (data.type === "progress") this.#hear.get(data.id)?.(data.value);
        else if (data.type === "answer") this.#settle(data.id, data.stopped ? { stopped: true } : "error" in data ? { error: data.error } : { value: data.value });
        else if (data.type === "error") this.#onError(data);
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
    this.#awake?.();
    this.#python[side] = bytes;
    const { page, worker } = this.#python;
    this.#status({ step: "python", loaded: page[0] + worker[0], total: page[1] + worker[1] });
  }

  #status(detail) {
    if (detail.step !== "failed" && detail.step !== "checking") {
      this.#computing = computing(detail);
      this.#lastWord = { step: detail.step, loaded: detail.loaded, total: detail.total };
      this.#awake?.(); // re-armed with the limit of this step
    }
    if (detail.step === "ready" || detail.step === "failed") document.documentElement.dataset.python = detail.step;
    this.dispatchEvent(new CustomEvent("status", { detail }));
  }
}

let shared = null;
/** The page's one runtime: cells and widgets share it, so a page never starts two Pythons. */
export const sharedRuntime = () => (shared ??= new Runtime());
