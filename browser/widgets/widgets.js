// Entry point on every page: finds the widgets and quizzes the build placed (sitebuild/pages/widgets.py) and loads
// only the modules they need. Without JavaScript, or if a module fails, the build's tables stay.
import { whenNear } from "../cells/near.js";
import { KNOWN } from "./known.js";
import { linkedName } from "./share.js";

const SITE = new URL("../../", import.meta.url); // this file is assets/widgets/widgets.js
// A widget's module is <name>.js, for a name the build knows (known.js, written from sitebuild/pages/widgets.py's
// WIDGETS, the one list): no other name in a page can make this script import a file.
const known = (name) => KNOWN.includes(name);
const moduleOf = (name) => import(`./${name}.js`);
const data = new Map(); // one fetch per JSON file, shared by the widgets that read it

function load(src) {
  if (!data.has(src)) {
    data.set(src, fetch(new URL(src, SITE)).then((r) => {
      if (!r.ok) throw new Error(`${src}: HTTP ${r.status}`);
      return r.json();
    }));
  }
  return data.get(src);
}

/** What the reader looks at: the element at the middle of the screen, if it comes after `el` (and so
 *  moves when `el` grows). */
function lookedAt(el) {
  const { left, width } = el.getBoundingClientRect();
  const seen = document.elementFromPoint(left + width / 2, innerHeight / 2);
  const after = seen && !el.contains(seen) && el.compareDocumentPosition(seen) & Node.DOCUMENT_POSITION_FOLLOWING;
  return after ? seen : null;
}

/** Draw a widget without moving what the reader looks at: drawn above it, the widget grows upwards
 *  (the page scrolls by what it added). Chromium and Firefox anchor the scroll by themselves and then
 *  nothing is left to move; WebKit does not, and a Run button the reader had scrolled to jumped away
 *  from under their click as the gate sandbox above it was drawn (some 2,000 px taller than its table). */
function keepingView(el, draw) {
  const anchor = lookedAt(el);
  const before = anchor?.getBoundingClientRect().top;
  draw();
  const moved = anchor ? anchor.getBoundingClientRect().top - before : 0;
  if (moved) window.scrollBy(0, moved);
}

async function mount(el) {
  try {
    const [widget, json] = await Promise.all([moduleOf(el.dataset.widget), load(el.dataset.src)]);
    const body = document.createElement("div");
    body.className = "widget-body";
    keepingView(el, () => {
      el.prepend(body);
      widget.mount(body, json);
      el.dataset.ready = "true"; // which hides the table (widgets.css): part of the change in height
    });
  } catch (err) {
    console.warn(`widget ${el.dataset.widget}: staying static`, err);
  }
}

// Each widget comes to life as it nears the screen: drawing them all at load competed, on the CPU,
// with the page's own rendering and with the start of its Python. A widget the address links to
// (share.js) comes to life at once, with the linked state, and is brought into view.
const widgets = [...document.querySelectorAll(".widget[data-widget]")].filter((el) => known(el.dataset.widget));
const linked = widgets.find((el) => el.dataset.widget === linkedName());
if (linked) mount(linked).then(() => linked.scrollIntoView({ block: "center" }));
whenNear(widgets.filter((el) => el !== linked), mount);
const quizzes = [...document.querySelectorAll(".quiz[data-quiz]")];
if (quizzes.length) import("./quiz.js").then(({ mountQuiz }) => quizzes.forEach(mountQuiz));
