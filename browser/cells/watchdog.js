// The boot's watchdog (runtime.js has one): a boot that goes silent this long (no download progress, no
// step) is given up, with a Retry, rather than left "loading" for ever. Downloads report every 100 ms.
// The steps that only compute (Python's start after its download, numpy's and explainers' unpacking and
// import) say nothing until they end: WebKit, whose WebAssembly starts in a slow tier, has taken 7-20 s
// for Python's start alone on this 2-core machine; a slow phone may take three times that, so those
// steps may stay silent 4x as long. The Performance page reads both limits from here (performance.py).
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

export class Watchdog {
  #timer = 0;
  #onSilent = null; // the armed boot's fail(message); null while disarmed
  #computing = false; // the boot's last word says it computes now (see COMPUTING)
  #lastWord = {}; // that word itself ({step, loaded, total}), for the marks

  /** Arm it for a boot that calls onSilent(message) if it stays silent too long. */
  start(onSilent) {
    this.#onSilent = onSilent;
    this.awake();
  }

  /** The boot said something: the limit starts again (nothing, once disarmed). */
  awake() {
    if (!this.#onSilent) return;
    const onSilent = this.#onSilent;
    clearTimeout(this.#timer);
    const ms = silenceMs() * (this.#computing ? COMPUTING : 1);
    watchdogMark(ms, this.#computing, this.#lastWord);
    this.#timer = setTimeout(() => onSilent(
      `it stopped answering while starting (nothing for ${ms / 1000} s). Retry starts it again; `
      + "on a slow or busy device, closing other tabs first helps"), ms);
  }

  /** The boot's last word, which sets the next limit; it re-arms the watchdog with it. */
  heard({ step, loaded, total }) {
    this.#computing = computing({ step, loaded, total });
    this.#lastWord = { step, loaded, total };
    this.awake();
  }

  /** Python is up: disarmed, and marked so. */
  ready() {
    clearTimeout(this.#timer);
    watchdogMark(0, false, { step: "ready" });
    this.#onSilent = null;
  }

  /** The boot failed: disarmed, so that late download progress cannot arm it again. */
  stop() {
    clearTimeout(this.#timer);
    this.#onSilent = null;
  }
}
