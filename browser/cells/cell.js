// One cell: its buttons, state (data-state), editor, output and the public el.cell API.
import { describe } from "./progress.js";
import { note, render, stale } from "./render.js";
import { clearEdit, loadEdit, saveEdit } from "./store.js";

const RESET_NOTE =
  "Stopped. Python was restarted, so this page's variables are gone; Run runs the cells above again first.";

function button(label, title, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `pycell-button pycell-${label.toLowerCase()}`;
  b.textContent = label;
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

/** The exact source: the build writes `</script` and `<!--` as `<\/script` and `<\!--` (pycell_html.py). */
const sourceOf = (el) =>
  (el.querySelector(".pycell-source")?.textContent ?? "").replace(/<\\(\/script|!--)/gi, "<$1");

export class Cell {
  constructor(el, page) {
    this.el = el;
    this.page = page;
    this.id = el.dataset.cell;
    this.original = sourceOf(el);
    // What runs until an editor is mounted (it mounts as the cell nears the screen): the reader's
    // saved edit, if any, so "run the cells above" runs what they wrote, scrolled past or not.
    this.code = (!el.hasAttribute("data-readonly") && loadEdit(this.id, this.original)) || this.original;
    this.output = el.querySelector("[data-cell-output]") ?? this.#newOutput();
    this.ranCode = this.original; // the code the shown output belongs to (the build ran the original)
    this.editor = null;
    this.scheduledIn = 0; // runtime generation in which this cell last ran (or was queued)
    this.#buildBar();
    this.#checkStale(); // a restored edit sits above the build's output of the original code
    el.cell = { getCode: () => this.getCode(), setCode: (t) => this.setCode(t), run: () => page.run(this), stop: () => this.stop() };
  }

  getCode() {
    return this.editor ? this.editor.getCode() : this.code;
  }

  setCode(text) {
    if (this.editor) this.editor.setCode(text);
    else this.code = text; // no editor yet (or it failed to load): run what we were given
  }

  mountEditor(createEditor) {
    if (this.editor) return;
    const readOnly = this.el.hasAttribute("data-readonly");
    const code = this.code;
    const parent = document.createElement("div");
    parent.className = "pycell-editor";
    this.el.querySelector(".pycell-code")?.replaceWith(parent);
    this.editor = createEditor(parent, code, {
      readOnly,
      label: `Python code, cell ${this.id}`,
      onRun: () => this.page.run(this),
      onEscape: () => this.runButton.focus(),
      onChange: (text) => this.#edited(text),
    });
    if (readOnly) this.resetButton.hidden = true;
  }

  #edited(text) {
    const kept = saveEdit(this.id, this.original, text);
    if (!kept) this.status("This browser is not keeping your edit (its storage is full or turned off): it is lost when the page closes.");
    else if (this.unsaved) this.status("");
    this.unsaved = !kept;
    this.#checkStale();
  }

  /** Another tab of this page changed this cell's edit (or Reset it): the later edit wins here too. */
  fromOtherTab(saved) {
    if (saved && saved.original !== this.original) return;
    const code = saved ? saved.code : this.original;
    if (code === this.getCode()) return;
    this.setCode(code);
    this.#checkStale();
    this.status("Updated with your edit in another tab.");
  }

  reset() {
    clearEdit(this.id);
    this.code = this.original;
    this.editor?.setCode(this.original);
    this.#checkStale();
  }

  /** Mark the output when it no longer belongs to the code above it, and say why. */
  #checkStale() {
    if (this.output.dataset.stale === "stopped") return; // a restart outranks an edit: Run clears both
    const edited = this.getCode() !== this.ranCode;
    const from = this.output.dataset.origin === "browser" ? "an earlier version of the code above" : "the original code";
    stale(this.output, edited && `This output is from ${from}, not from the code as it is now: Run to update it.`);
  }

  stop() {
    if (this.busy) this.page.runtime.restart();
  }

  /** Send this cell to Python now (the page has queued the cells above). Resolves to the state. */
  async execute() {
    const { runtime } = this.page;
    runtime.boot().catch(() => {});
    this.scheduledIn = runtime.generation;
    this.setState(runtime.ready ? "running" : "loading");
    if (runtime.ready) this.status("Running…");
    const code = this.getCode();
    const outcome = await runtime.run(code, this.id);
    if (outcome.items) this.ranCode = code;
    return this.#finish(outcome);
  }

  #finish({ items, stopped, crash, bootFailed, failed, retry }) {
    this.status("");
    if (items) {
      render(this.output, items);
      const error = items.find((item) => item.type === "error");
      if (error?.ename === "MemoryError") {
        note(this.output, "Python ran out of memory and was restarted: this page's variables are gone.");
        this.page.runtime.restart({ crash: "out of memory" });
      }
      return this.setState(error ? "error" : "done");
    }
    this.scheduledIn = 0;
    if (stopped) {
      note(this.output, RESET_NOTE);
      stale(this.output, "The output above is from before the restart.", "stopped");
    }
    else if (crash) note(this.output, `Python crashed (${crash}) and was restarted: this page's variables are gone.`);
    else if (bootFailed) this.status(`Python could not start: ${bootFailed}. The output shown is from the build.`, true);
    else this.status(failed, retry);
    return this.setState(stopped ? "stopped" : "error");
  }

  setState(state) {
    this.el.dataset.state = state;
    const busy = state === "running" || state === "loading";
    this.stopButton.disabled = !busy;
    this.runButton.disabled = busy;
    this.page.cells?.forEach((c) => c.offerRestart()); // the page's cells are all made by now
    return state;
  }

  /** "Restart Python" only while Python is up and idle: a way back from a poisoned namespace
   *  (say `print = None`) without reloading the page. Stop is the way out of a running cell. */
  offerRestart() {
    this.restartButton.disabled = !this.page.runtime.ready || this.page.cells.some((c) => c.busy);
  }

  get busy() {
    return ["running", "loading"].includes(this.el.dataset.state);
  }

  /** After Python restarted: every output computed in the browser belongs to the Python that is gone. */
  onRestart() {
    if (this.output.dataset.origin === "browser") stale(this.output, "This output is from before Python was restarted.", "stopped");
  }

  /** A one-line status under the buttons; `retry` adds a Retry button (a failed download). */
  status(text, retry = false) {
    this.statusEl.textContent = text;
    if (retry) this.statusEl.append(" ", button("Retry", "Try to start Python again", () => this.page.run(this)));
  }

  /** While this cell waits on the runtime, it shows the same progress as the page; while it runs,
   * the packages its imports load (matplotlib's first import takes seconds). */
  onRuntimeStatus(detail) {
    const state = this.el.dataset.state;
    if (state === "running" && detail.step === "packages") return this.status(describe(detail));
    if (state === "running" && detail.step === "ready") return this.status("Running…");
    if (state !== "loading") return;
    if (detail.step !== "ready") return this.status(describe(detail));
    this.status("Running…");
    this.setState("running");
  }

  #buildBar() {
    const bar = document.createElement("div");
    bar.className = "pycell-bar";
    this.runButton = button("Run", "Run this cell (Shift+Enter); earlier cells run first if needed", () => this.page.run(this));
    this.stopButton = button("Stop", "Stop Python (its state on this page is reset)", () => this.stop());
    this.resetButton = button("Reset", "Back to the original code", () => this.reset());
    this.restartButton = button("Restart", "Start a fresh Python: every variable on this page is lost", () => this.page.restartPython(this));
    this.restartButton.textContent = "Restart Python";
    this.restartButton.disabled = true; // until Python is up
    this.statusEl = document.createElement("span");
    this.statusEl.className = "pycell-status";
    this.statusEl.setAttribute("role", "status");
    bar.append(this.runButton, this.stopButton, this.resetButton, this.restartButton, this.statusEl);
    this.output.before(bar);
    this.el.dataset.state ||= "idle";
    this.setState(this.el.dataset.state);
  }

  #newOutput() {
    const out = document.createElement("div");
    out.className = "pycell-output";
    out.setAttribute("data-cell-output", "");
    this.el.append(out);
    return out;
  }
}
