// The gradient lab: sliders for the RNN's spectral radius ρ, the LSTM's forget-gate bias b_f and the
// sequence length T; the measured gradient-norm curves redraw. Grid points come from the build's JSON
// (explainers.figures.widgets_cliff), anything between is computed live by the same code in Python.
import { gridLive, nearestOf, slider } from "./gridlive.js";
import { logAxis, num, pow10, sci } from "./logscale.js";
import { call } from "./python.js";
import { linked, onSlider, share } from "./share.js";
import { h, legend, lineChart } from "./svg.js";

export function mount(body, data) {
  const d = data.default, link = linked("gradlab") ?? {};
  const rho = slider("spectral radius ρ (RNN, dashed)", 0.5, 1.5, 0.05, onSlider(link.rho, 0.5, 1.5, 0.05) ?? d.rho, num);
  const fb = slider("forget-gate bias (LSTM)", 0, 5, 0.25, onSlider(link.fb, 0, 5, 0.25) ?? d.forget_bias, num);
  const len = slider("sequence length T", 10, 200, 5, onSlider(link.T, 10, 200, 5) ?? d.length, num);
  const chart = h("div", { class: "w-chart-box" });
  const status = h("p", { class: "w-status", role: "status" });
  body.append(h("p", { class: "w-title" }, "Gradient lab: how much of the last step's gradient reaches k steps back"),
    h("div", { class: "w-sliders" }, rho.row, fb.row, len.row), chart, status);

  function settings() {
    return { rho: num(rho.input.value), fb: num(fb.input.value), T: Number(len.input.value) };
  }

  function fromGrid({ rho: r, fb: b, T }) {
    const rnn = data.rnn[`${r}/${T}`], lstm = data.lstm[`${b}/${T}`];
    return rnn && lstm ? { rnn, lstm, mean_f: data.mean_f[`${b}/${T}`] } : null;
  }

  function nearest({ rho: r, fb: b, T }) {
    const s = { rho: num(nearestOf(data.rhos, +r)), fb: num(nearestOf(data.forget_biases, +b)), T: nearestOf(data.lengths, T) };
    return [fromGrid(s), s];
  }

  function draw(curves, s, note) {
    const { lo, hi, ticks } = logAxis([...curves.rnn, ...curves.lstm]);
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

  const redraw = gridLive({ root: body.parentElement, status, settings, lookup: fromGrid, nearest, draw,
    compute: (s, onStatus) => call("explainers.figures.widgets_cliff", "curves", [s.rho, s.fb, s.T], onStatus) });
  function update() {
    for (const x of [rho, fb, len]) x.out.value = num(x.input.value);
    redraw();
  }
  for (const x of [rho, fb, len]) x.input.addEventListener("input", () => (update(), share("gradlab", settings())));
  update();
}
