// Page controller, loaded by cells.js only where a page has cells: buttons and an editor for each
// cell, one shared Python runtime (early.js has usually started it already; else it boots when a
// cell scrolls into view or on the first Run).
import { Cell } from "./cell.js";
import { whenNear } from "./near.js";
import { PageProgress } from "./progress.js";
import { sharedRuntime } from "./runtime.js";
import { watchOtherTabs } from "./store.js";

class Page {
  constructor(elements) {
    this.runtime = sharedRuntime(); // the widgets' Python too
    this.cells = elements.map((el) => new Cell(el, this));
    watchOtherTabs((id, saved) => this.cells.find((c) => c.id === id)?.fromOtherTab(saved));
    this.progress = new PageProgress(elements[0], this.runtime);
    this.runtime.addEventListener("status", ({ detail }) => {
      for (const cell of this.cells) cell.onRuntimeStatus(detail);
      for (const cell of this.cells) cell.offerRestart();
    });
  }

  /** The reader asked for a fresh Python (from `cell`'s bar): outputs computed so far are marked. */
  restartPython(cell) {
    if (this.cells.some((c) => c.busy)) return; // Stop is for a running cell
    this.runtime.restart();
    for (const c of this.cells) c.onRestart(), c.offerRestart();
    cell.status("Python restarted: this page's variables are gone; Run runs the cells above again first.");
  }

  /** Run a cell, first running (in order) every cell above that has not run in this runtime. */
  async run(cell) {
    const index = this.cells.indexOf(cell);
    this.runtime.boot().catch(() => {}); // starts a worker (a new generation) if none is running
    const { generation } = this.runtime;
    const todo = this.cells.slice(0, index).filter((c) => c.scheduledIn !== generation);
    if (todo.length) cell.status(`Running ${todo.length} cell${todo.length > 1 ? "s" : ""} above first…`);
    const runs = [...todo, cell].map((c) => c.execute());
    return (await Promise.all(runs)).at(-1);
  }

  /** Adopt the worker early.js started, or else boot when a cell nears the screen. */
  bootSoon() {
    const boot = () => this.runtime.boot().catch(() => {}); // a failure is shown by the page progress
    if (window.pycellsEarly?.waiting) return boot();
    let asked = false; // the first cell to near the screen starts Python; after a failure, Run retries
    whenNear(this.cells.map((cell) => cell.el), () => asked || ((asked = true), boot()));
  }

  /** Each cell gets its editor as it nears the screen: the editor's code (the page's largest script)
   *  then loads only when a cell is seen, not while the page and its Python are starting. */
  mountEditorsWhenVisible() {
    whenNear(this.cells.map((cell) => cell.el), (el) => this.#mountEditor(this.cells.find((c) => c.el === el)));
  }

  async #mountEditor(cell) {
    try {
      const { createEditor } = await import("./editor.js"); // loaded once, by the first cell to ask
      cell.mountEditor(createEditor);
    } catch (err) {
      // Without the editor a cell still runs its code: say so once, quietly.
      if (!this.editorFailed) console.warn("pycell: the code editor did not load; cells run their code as shown.", err);
      this.editorFailed = true;
    }
  }
}

/** Bring the page's cells to life. */
export function start(elements) {
  const page = new Page(elements);
  page.mountEditorsWhenVisible();
  page.bootSoon();
  return page;
}
