// c vs h for a chosen unit over the default sentence, with the measured step-to-step variation of each
// (computed at build time by explainers.figures.c_vs_h.variation).
import { h, legend, lineChart } from "./svg.js";

export function mount(body, data) {
  const { cvh, sentence, trace } = data;
  const select = h("select", { class: "w-unit", "aria-label": "Unit" },
    cvh.units.map((u, j) => h("option", { value: j }, `#${u} (r = ${cvh.r[j].toFixed(2)})`)));
  const chart = h("div", { class: "w-chart-box" });
  const stats = h("p", { class: "w-stats", role: "status" });
  body.append(h("p", { class: "w-title" }, "The cell c and the output h of one unit"),
    h("p", { class: "w-controls" }, h("label", {}, "Unit (by how well c tracks “inside?”) ", select)), chart, stats);

  function update() {
    const j = Number(select.value), u = cvh.units[j], v = cvh.variation[j];
    const c = cvh.c[j], hh = cvh.h[j];
    const lo = Math.min(-1, ...c), hi = Math.max(1, ...c);
    chart.replaceChildren(lineChart([{ values: c, cls: "w-c", key: "c" }, { values: hh, cls: "w-h", key: "h" }],
      { y: [lo, hi], yTicks: [-1, 0, 1], xLabels: [...sentence], shade: trace.target,
        title: `c and h of unit ${u} over the sentence` }),
    legend([{ cls: "w-c", label: `c, unit ${u}` }, { cls: "w-h", label: `h = o·tanh(c), unit ${u}` }]));
    stats.textContent = `Unit ${u}: between brackets c moves by ${v.c_drift} per character and h by ${v.h_drift}; ` +
      `at a bracket c jumps by ${v.c_jump} (${v.jump_over_drift} times its drift) and h by ${v.h_jump}.`;
  }
  select.addEventListener("change", update);
  update();
}
