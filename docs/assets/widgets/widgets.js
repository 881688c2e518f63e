// Entry point on every page: finds the widgets and quizzes the build placed (sitebuild/widgets.py) and loads
// only the modules they need. Without JavaScript, or if a module fails, the build's tables stay.
import { whenNear } from "../cells/near.js";
import { linkedName } from "./share.js";

const SITE = new URL("../../", import.meta.url); // this file is assets/widgets/widgets.js
const MODULES = {
  replay: () => import("./replay.js"),
  force: () => import("./force.js"),
  cvh: () => import("./cvh.js"),
  owntext: () => import("./owntext.js"),
  gradlab: () => import("./gradlab.js"),
  gradpaths: () => import("./gradpaths.js"),
  bank: () => import("./bank.js"),
  sandbox: () => import("./sandbox.js"),
  trainchar: () => import("./trainchar.js"),
};
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

async function mount(el) {
  try {
    const [module, json] = await Promise.all([MODULES[el.dataset.widget](), load(el.dataset.src)]);
    const body = document.createElement("div");
    body.className = "widget-body";
    el.prepend(body);
    module.mount(body, json);
    el.dataset.ready = "true";
  } catch (err) {
    console.warn(`widget ${el.dataset.widget}: staying static`, err);
  }
}

// Each widget comes to life as it nears the screen: drawing them all at load competed, on the CPU,
// with the page's own rendering and with the start of its Python. A widget the address links to
// (share.js) comes to life at once, with the linked state, and is brought into view.
const widgets = [...document.querySelectorAll(".widget[data-widget]")].filter((el) => MODULES[el.dataset.widget]);
const linked = widgets.find((el) => el.dataset.widget === linkedName());
if (linked) mount(linked).then(() => linked.scrollIntoView({ block: "center" }));
whenNear(widgets.filter((el) => el !== linked), mount);
const quizzes = [...document.querySelectorAll(".quiz[data-quiz]")];
if (quizzes.length) import("./quiz.js").then(({ mountQuiz }) => quizzes.forEach(mountQuiz));
