// Runtime progress in human steps, shown once for the page (and, by cell.js, on a waiting cell).

const MB = (bytes) => (bytes / 1e6).toFixed(1);

const NAMES = { python: "Downloading Python", numpy: "Loading numpy", explainers: "Loading explainers" };

/** Words for one status message from the worker. */
export function describe({ step, loaded, total, message }) {
  if (step === "ready") return "Python is ready";
  if (step === "failed") return `Python could not start: ${message}`;
  if (step === "checking") return "Python did not start: checking its files…";
  if (step === "packages") return message ? `${message.replace(/\.*$/, "")}…` : "Loading packages…";
  if (step === "python" && total && loaded >= total) return "Starting Python…"; // downloaded
  const name = NAMES[step] ?? `Loading ${step}`;
  if (!loaded) return `${name}…`;
  return total && total >= loaded ? `${name} — ${MB(loaded)} of ${MB(total)} MB` : `${name} — ${MB(loaded)} MB`;
}

/** The page's one progress line, placed above the first cell; quiet until the runtime boots. */
export class PageProgress {
  constructor(firstCell, runtime) {
    this.el = document.createElement("p");
    this.el.className = "pycell-runtime";
    this.el.setAttribute("role", "status");
    this.el.hidden = true;
    firstCell.before(this.el);
    runtime.addEventListener("status", ({ detail }) => this.show(detail));
  }

  show(detail) {
    this.el.hidden = false;
    this.el.dataset.step = detail.step;
    const words = describe(detail) + this.timeLeft(detail);
    this.el.textContent = words;
    clearTimeout(this.timer);
    clearInterval(this.ticker);
    if (detail.step === "ready") this.timer = setTimeout(() => (this.el.hidden = true), 4000);
    // A step that reports nothing for seconds (Python's start, numpy's load) still shows it is alive.
    else if (detail.step !== "failed") this.tick(words);
  }

  /** ", about 40 s left" for a download that will take a while, from its pace so far. */
  timeLeft({ step, loaded, total }) {
    if (!loaded || !total || loaded >= total) return "";
    const now = performance.now();
    const start = (this.starts ??= new Map()).get(step) ?? this.starts.set(step, { now, loaded }).get(step);
    const pace = (loaded - start.loaded) / (now - start.now); // bytes per ms
    const left = pace > 0 && now - start.now > 1000 ? (total - loaded) / pace / 1000 : 0;
    return left >= 5 ? `, about ${left >= 90 ? `${Math.round(left / 60)} min` : `${Math.round(left / 5) * 5} s`} left` : "";
  }

  tick(words) {
    const since = performance.now();
    this.ticker = setInterval(() => {
      const seconds = Math.round((performance.now() - since) / 1000);
      if (seconds >= 2) this.el.textContent = `${words} (${seconds} s)`;
    }, 1000);
  }
}
