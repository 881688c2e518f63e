// The gradient lab: sliders for the RNN's spectral radius ρ, the LSTM's forget-gate bias b_f and the
// sequence length T; the measured gradient-norm curves redraw. Grid points come from the build's JSON
// (explainers.figures.widgets_cliff), anything between is computed live by the same code in Python.
import { call } from "./python.js";
import { linked, onSlider, share } from "./share.js";
import { h, legend, lineChart } from "./svg.js";

const SUP = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const pow10 = (v) => `10${[...String(Math.round(v))].map((c) => SUP[c]).join("")}`;
const num = (v) => String(+Number(v).toFixed(2)); // "0.9", "1", "2.25": the JSON keys' format
const sci = (log) => {
  const e = Math.floor(log);
  return log > -3 && log < 3 ? (10 ** log).toPrecision(2) : `${(10 ** (log - e)).toFixed(1)}×${pow10(e)}`;
};

export function mount(body, data) {
  const live = new Map(); // "rho|fb|T" -> curves computed in Python
  const slider = (label, min, max, step, value) => {
    const input = h("input", { type: "range", min, max, step, value, "aria-label": label });
    const out = h("output", {}, num(value));
    return { input, out, row: h("label", { class: "w-slider" }, h("span", {}, label), input, out) };
  };
  const d = data.default, link = linked("gradlab") ?? {};
  const rho = slider("spectral radius ρ (RNN, dashed)", 0.5, 1.5, 0.05, onSlider(link.rho, 0.5, 1.5, 0.05) ?? d.rho);
  const fb = slider("forget-gate bias (LSTM)", 0, 5, 0.25, onSlider(link.fb, 0, 5, 0.25) ?? d.forget_bias);
  const len = slider("sequence length T", 10, 200, 5, onSlider(link.T, 10, 200, 5) ?? d.length);
  const chart = h("div", { class: "w-chart-box" });
  const status = h("p", { class: "w-status", role: "status" });
  body.append(h("p", { class: "w-title" }, "Gradient lab: how much of the last step's gradient reaches k steps back"),
    h("div", { class: "w-sliders" }, rho.row, fb.row, len.row), chart, status);
  let timer = null;

  function settings() {
    return { rho: num(rho.input.value), fb: num(fb.input.value), T: Number(len.input.value) };
  }

  function fromGrid({ rho: r, fb: b, T }) {
    const rnn = data.rnn[`${r}/${T}`], lstm = data.lstm[`${b}/${T}`];
    return rnn && lstm ? { rnn, lstm, mean_f: data.mean_f[`${b}/${T}`] } : null;
  }

  function nearest({ rho: r, fb: b, T }) {
    const near = (list, v) => list.reduce((a, x) => (Math.abs(x - v) < Math.abs(a - v) ? x : a));
    const s = { rho: num(near(data.rhos, +r)), fb: num(near(data.forget_biases, +b)), T: near(data.lengths, T) };
    return [fromGrid(s), s];
  }

  function draw(curves, s, note) {
    const all = [...curves.rnn, ...curves.lstm].filter(Number.isFinite);
    const lo = Math.max(-20, Math.floor(Math.min(...all))), hi = Math.min(10, Math.max(0, Math.ceil(Math.max(...all))));
    const step = Math.max(1, Math.ceil((hi - lo) / 5));
    const ticks = []; for (let v = hi; v >= lo; v -= step) ticks.push(v);
    const n = curves.rnn.length;
    // RNN dashed, LSTM solid: vermillion and orange are the models' colours everywhere, but close in hue
    chart.replaceChildren(lineChart([{ values: curves.rnn, cls: "w-rnn", key: "rnn", dash: "6 3" }, { values: curves.lstm, cls: "w-lstm", key: "lstm" }],
      { y: [lo, hi], yTicks: ticks, yFormat: pow10, xTicks: [0, Math.round((n - 1) / 2), n - 1], xTitle: "k: steps back from T",
        width: Math.max(280, Math.round(chart.clientWidth) || 640),
        title: `Gradient norm against k for an RNN with ρ = ${s.rho} and an LSTM with forget bias ${s.fb}, T = ${n}`, height: 200 }),
    legend([{ cls: "w-rnn", label: `RNN (dashed), ρ = ${s.rho}` }, { cls: "w-lstm", label: `LSTM, forget bias ${s.fb} (mean f ${curves.mean_f.toFixed(2)})` }]));
    const below = [["RNN", curves.rnn], ["LSTM", curves.lstm]].filter(([, c]) => c.some((v) => v < lo)).map(([m]) => m);
    status.textContent = note ?? `At k = ${n - 1} (the first input): the RNN keeps ${sci(curves.rnn[n - 1])} of the gradient, ` +
      `the LSTM ${sci(curves.lstm[n - 1])}.` + (below.length ? ` (${below.join(" and ")} below ${pow10(lo)}: off the chart.)` : "");
  }

  function update() {
    clearTimeout(timer); // a computation asked for a setting the reader has since left is not started
    const s = settings();
    for (const x of [rho, fb, len]) x.out.value = num(x.input.value);
    const key = `${s.rho}|${s.fb}|${s.T}`;
    const ready = fromGrid(s) ?? live.get(key);
    body.parentElement.dataset.live = ready ? "done" : "pending";
    if (ready) return draw(ready, s);
    const [approx, near] = nearest(s);
    draw(approx, near, "Showing the nearest precomputed setting; computing this one in the page's Python…");
    const current = () => key === Object.values(settings()).join("|"); // what the reader has set right now
    timer = setTimeout(async () => {
      try {
        live.set(key, await call("explainers.figures.widgets_cliff", "curves", [s.rho, s.fb, s.T],
          (w) => current() && (status.textContent = `${w} (the nearest precomputed setting is shown)`)));
        if (current()) update();
      } catch (err) {
        if (current()) status.textContent = `Python could not compute it (${err.message}); the nearest precomputed setting is shown.`;
      }
    }, 250);
  }
  for (const x of [rho, fb, len]) x.input.addEventListener("input", () => (update(), share("gradlab", settings())));
  update();
}
