// Force the gates: a three-way switch (learned / open / closed) for each of f, i, o. The trace of the
// most telling unit and the held-out accuracy come from the build's 27 precomputed settings.
import { linked, share } from "./share.js";
import { h } from "./svg.js";
import { TraceView } from "./trace.js";

const NAMES = { f: "forget f", i: "input i", o: "output o" };
const LETTER = { learned: "l", open: "o", closed: "c" };
const pct = (v) => `${(100 * v).toFixed(1)}%`;

const NOTES = {
  f0: "Forget closed (f = 0): cₜ = iₜ gₜ, so the cell is wiped at every step — it holds only what this character wrote.",
  f1: "Forget open (f = 1): nothing is ever let go; the cell only accumulates.",
  i0: "Input closed (i = 0): nothing is ever written; the cell stays at its start value 0.",
  o0: "Output closed (o = 0): the memory is intact but hidden, h = 0, so the prediction cannot use it.",
};

/** The combination's trace in TraceView's shape ([T][1] per quantity), pinned gates filled in. */
export function traceOf(data, key) {
  const combo = data.combos[key];
  const T = data.sentence.length;
  const trace = { target: data.target, p: combo.trace.p };
  for (const q of ["i", "f", "g", "o", "c", "h"]) {
    trace[q] = q in combo.force ? Array.from({ length: T }, () => [combo.force[q]]) : combo.trace[q].map((v) => [v]);
  }
  return { sentence: data.sentence, units: data.units.slice(0, 1), trace };
}

let count = 0; // radio groups need page-unique names

export function mount(body, data) {
  const id = `w-force-${++count}`;
  const link = linked("force") ?? {};
  const state = Object.fromEntries(data.gates.map((g) => [g, data.modes.includes(link[g]) ? link[g] : "learned"]));
  const switches = data.gates.map((g) => h("fieldset", { class: "w-switch" }, h("legend", {}, NAMES[g]),
    data.modes.map((mode) => h("label", {}, h("input", { type: "radio", name: `${id}-${g}`, value: mode, "data-gate": g,
      checked: mode === state[g], onchange: () => { state[g] = mode; update(); share("force", state); } }), ` ${mode}`))));
  const accuracy = h("p", { class: "w-accuracy", role: "status" });
  const note = h("p", { class: "w-note" });
  body.append(h("p", { class: "w-title" }, `Force the gates of the trained LSTM (unit ${data.units[0]} shown)`),
    h("div", { class: "w-switches" }, switches), accuracy, note);
  const learned = traceOf(data, "lll");
  const view = new TraceView(body, learned, (t) => view.show(t));
  const start = data.sentence.indexOf(")") - 1; // deep inside the first bracket: where memory matters

  function update() {
    const key = data.gates.map((g) => LETTER[state[g]]).join("");
    const combo = data.combos[key];
    body.parentElement.dataset.key = key;
    const t = view.t ?? start;
    view.setData(traceOf(data, key), key === "lll" ? null : learned.trace.c.map((r) => r[0]));
    view.show(t);
    accuracy.textContent = `Held-out accuracy ${pct(combo.accuracy)} on ${data.held_out_size} texts` +
      ` (nothing forced: ${pct(data.combos.lll.accuracy)}; always “outside”: ${pct(data.majority_baseline)}).`;
    note.textContent = Object.entries(combo.force).map(([g, v]) => NOTES[`${g}${v}`]).filter(Boolean).join(" ");
  }
  update();
}
