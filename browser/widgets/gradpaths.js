// Where the gradient goes: sliders for a random LSTM's forget-gate bias and a scale s of its recurrent
// weights (weight_hh × s); the sizes of ∂c_T/∂c_{T−k}, of its cell path alone and of its gate paths alone
// redraw over k. Grid points come from the build's JSON (explainers.figures.gradpaths), anything between
// from the same module's `paths` in the page's Python.
import { gridLive, nearestOf, slider } from "./gridlive.js";
import { logAxis, num, pow10, sci } from "./logscale.js";
import { call } from "./python.js";
import { linked, onSlider, share } from "./share.js";
import { h, legend, lineChart } from "./svg.js";

const SERIES = [
  { key: "full", cls: "w-full", label: "all paths" },
  { key: "cell", cls: "w-cell", label: "cell path alone, ∏ diag(fₜ) (dashed)", dash: "6 3" },
  { key: "gates", cls: "w-gates", label: "gate paths alone (dotted)", dash: "2 3" },
];
const size = (log) => (log === null ? "0" : sci(log)); // null: exactly zero (no recurrent weights)
const f2 = (v) => (v === null ? "none" : v.toFixed(2));

export function mount(body, data) {
  const d = data.default;
  const link = linked("gradpaths") ?? {};
  const fb = slider("forget-gate bias", 0, 4, 0.25, onSlider(link.fb, 0, 4, 0.25) ?? d.forget_bias, num);
  const scale = slider("recurrent scale s (weight_hh × s)", 0, 4, 0.25, onSlider(link.s, 0, 4, 0.25) ?? d.scale, num);
  const chart = h("div", { class: "w-chart-box" });
  const status = h("p", { class: "w-status", role: "status" });
  body.append(h("p", { class: "w-title" }, "Where the gradient goes: the size of ∂c", h("sub", {}, "T"), "/∂c",
    h("sub", {}, "T−k"), " and of its two kinds of path"),
    h("div", { class: "w-sliders" }, fb.row, scale.row), chart, status);

  const settings = () => ({ fb: num(fb.input.value), s: num(scale.input.value) });
  const lookup = ({ fb: b, s }) => data.paths[`${b}/${s}`];
  const nearest = ({ fb: b, s }) => {
    const near = { fb: num(nearestOf(data.forget_biases, +b)), s: num(nearestOf(data.scales, +s)) };
    return [lookup(near), near];
  };

  function draw(p, s, note) {
    const { lo, hi, ticks } = logAxis([...p.full, ...p.cell, ...p.gates]);
    const n = p.full.length, k = data.k;
    chart.replaceChildren(lineChart(SERIES.map((x) => ({ ...x, values: p[x.key] })),
      { y: [lo, hi], yTicks: ticks, yFormat: pow10, xTicks: [0, k, n - 1], xTitle: "k: steps back from T", height: 200,
        width: Math.max(280, Math.round(chart.clientWidth) || 640),
        title: `How much the cell k steps back still moves the last cell, against k: all paths, the cell path alone and the gate paths alone, ` +
          `for a random LSTM with forget bias ${s.fb} and recurrent scale ${s.s}` }),
    legend(SERIES.map((x) => ({ cls: x.cls, label: x.label }))));
    const below = SERIES.filter((x) => p[x.key].some((v) => v !== null && v < lo)).map((x) => x.label.replace(/ \(.*/, ""));
    status.textContent = note ?? `${k} steps back: all paths keep ${size(p.full[k])}, the cell path alone ` +
      `${size(p.cell[k])}, the gate paths alone ${size(p.gates[k])}. One step's Jacobian has norm ${f2(p.step.full)} on average: ` +
      `its cell path ${f2(p.step.cell)} (mean forget gate ${f2(p.step.mean_f)}), its gate paths ${f2(p.step.gates)}. ` +
      `Over k = 10 to 50 all paths fall ×${f2(p.rate.full)} per step, the cell path alone ×${f2(p.rate.cell)}.` +
      (below.length ? ` (${below.join(", ")}: below ${pow10(lo)}, off the chart.)` : "") +
      (p.gates[1] === null ? " With s = 0 there are no gate paths: all paths are the cell path." : "");
  }

  const redraw = gridLive({ root: body.parentElement, status, settings, lookup, nearest, draw,
    compute: (s, onStatus) => call("explainers.figures.gradpaths", "paths", [+s.fb, +s.s], onStatus) });
  function update() {
    for (const x of [fb, scale]) x.out.value = num(x.input.value);
    redraw();
  }
  for (const x of [fb, scale]) x.input.addEventListener("input", () => (update(), share("gradpaths", settings())));
  update();
}
