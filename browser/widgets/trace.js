// One view of an LSTM trace over a sentence: the characters (current one highlighted, the brackets'
// insides shaded), a chart of c, h and P(inside), a readout of every gate at the current step and a
// live region that reads the step aloud. Used by the replay, the forced gates and your own text.
import { h, legend, lineChart } from "./svg.js";

const GATES = [["f", "forget"], ["i", "input"], ["o", "output"], ["g", "candidate"], ["c", "cell c"], ["h", "output h"]];
const f2 = (v) => (Math.abs(v) < 0.005 ? "0.00" : v.toFixed(2));
const shown = (ch) => (ch === " " ? "␣" : ch);

/** The words the live region reads for step t (0-based index; it says t = index + 1). */
export function describeStep(data, t) {
  const { sentence, trace, units } = data;
  const ch = sentence[t] === " " ? "space" : `'${sentence[t]}'`;
  const parts = GATES.map(([k, name]) => `${name} ${f2(trace[k][t][0])}`).join(", ");
  return `t = ${t + 1}, ${ch} — ${parts} (unit ${units[0]}); P(inside) ${f2(trace.p[t])}`;
}

export class TraceView {
  /** data: {sentence, units, trace}; onPick(t) is called when the reader picks a step. */
  constructor(parent, data, onPick) {
    this.onPick = onPick;
    this.ribbon = h("div", { class: "w-ribbon", role: "slider", tabindex: "0", "aria-label": "Step through the sentence",
      onkeydown: (e) => this.#key(e), onclick: (e) => e.target.dataset.t && onPick(+e.target.dataset.t) });
    this.chart = h("div", { class: "w-chart-box" });
    this.readout = h("div", { class: "w-readout" });
    this.live = h("p", { class: "w-live", "aria-live": "polite", role: "status" });
    parent.append(this.ribbon, this.chart, this.readout, this.live);
    this.setData(data);
  }

  setData(data, ghost = null) {
    this.data = data;
    this.ghost = ghost; // an optional second trace, drawn faintly (e.g. the learned c under a forcing)
    const { sentence, trace } = data;
    this.ribbon.replaceChildren(...[...sentence].map((ch, t) =>
      h("span", { class: `w-ch${trace.target[t] ? " w-in" : ""}`, "data-t": t }, shown(ch))));
    this.ribbon.setAttribute("aria-valuemin", 1);
    this.ribbon.setAttribute("aria-valuemax", sentence.length);
    this.t = null;
  }

  show(t) {
    const { sentence, trace, units } = this.data;
    this.t = t;
    this.ribbon.querySelector(".w-now")?.classList.remove("w-now");
    const cell = this.ribbon.children[t];
    cell.classList.add("w-now");
    const r = this.ribbon; // keep the current character in view without scrolling the page
    if (cell.offsetLeft < r.scrollLeft || cell.offsetLeft + cell.offsetWidth > r.scrollLeft + r.clientWidth) {
      r.scrollLeft = cell.offsetLeft - r.clientWidth / 2;
    }
    this.ribbon.setAttribute("aria-valuenow", t + 1);
    this.ribbon.setAttribute("aria-valuetext", `t = ${t + 1}, ${sentence[t] === " " ? "space" : sentence[t]}`);
    this.#drawChart(t);
    this.#drawReadout(t, trace, units);
    this.live.textContent = describeStep(this.data, t);
  }

  #drawChart(t) {
    const { trace, units, sentence } = this.data;
    const c = trace.c.map((row) => row[0]);
    const lo = Math.min(-1, ...c), hi = Math.max(1, ...c);
    const series = [
      { values: c, cls: "w-c", key: "c" },
      { values: trace.h.map((row) => row[0]), cls: "w-h", key: "h" },
      { values: trace.p, cls: "w-p", key: "p", dash: "4 3" },
    ];
    if (this.ghost) series.unshift({ values: this.ghost, cls: "w-ghost", key: "ghost" });
    const title = `c, h of unit ${units[0]} and P(inside) over the sentence; step ${t + 1} marked`;
    this.chart.replaceChildren(lineChart(series, { y: [lo, hi], yTicks: [-1, 0, 1],
      xLabels: [...sentence], shade: trace.target, cursor: t, title }),
    legend([{ cls: "w-c", label: `c, unit ${units[0]}` }, { cls: "w-h", label: "h" }, { cls: "w-p", label: "P(inside)" },
      ...(this.ghost ? [{ cls: "w-ghost", label: "c, nothing forced" }] : [])]));
  }

  #drawReadout(t, trace, units) {
    const head = h("tr", {}, h("th", { scope: "col" }, "unit"), GATES.map(([k]) => h("th", { scope: "col", class: `w-${k}` }, k)));
    const rows = units.map((u, j) => h("tr", {}, h("th", { scope: "row" }, `#${u}`), GATES.map(([k]) => {
      const v = trace[k][t][j];
      const bar = h("span", { class: `w-bar w-${k}`, style: `--v:${Math.min(1, Math.abs(v))}` });
      return h("td", { "data-q": k }, bar, h("span", { class: "w-num" }, f2(v)));
    })));
    const ch = this.data.sentence[t];
    this.readout.replaceChildren(h("p", { class: "w-step" }, `t = ${t + 1}, “${shown(ch)}”: P(inside) ${f2(trace.p[t])}`,
      trace.target[t] ? "; the right answer: inside" : "; the right answer: outside"), h("table", { class: "w-gates" }, h("thead", {}, head), h("tbody", {}, rows)));
  }

  #key(e) {
    const T = this.data.sentence.length, t = this.t ?? 0;
    const next = { ArrowRight: t + 1, ArrowLeft: t - 1, Home: 0, End: T - 1, PageUp: t - 10, PageDown: t + 10 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.onPick(Math.max(0, Math.min(T - 1, next)));
  }
}
