// Train a character model in the page: an LSTM or a GRU learns the chartext corpus in the page's Python
// (explainers.train.charlm.train, a long call: python.js's stream), with its loss curve drawn as it falls,
// samples at two temperatures and the bracket/quote probe at every checkpoint, and Stop within a chunk.
// Before a run, and beside it, the build's own run of the default settings (explainers.figures.trainchar).
import { stream } from "./python.js";
import { linked, share } from "./share.js";
import { h, legend, lineChart } from "./svg.js";

const FIELDS = [ // name, label, the values a reader may pick (the defaults are added if missing)
  ["model", "model", ["lstm", "gru"]], ["hidden", "hidden size", [16, 32, 64]],
  ["lr", "learning rate", [0.005, 0.01, 0.02, 0.05]], ["bptt", "BPTT length", [8, 16, 32, 64]],
  ["clip", "clip norm", [0.25, 1, 5]], ["steps", "steps", [200, 400, 1000]],
];
const f2 = (v) => v.toFixed(2), f3 = (v) => v.toFixed(3);

export function mount(body, data) {
  const link = linked("trainchar") ?? {};
  const selects = Object.fromEntries(FIELDS.map(([name, label, values]) => {
    const options = [...new Set([...values, data.defaults[name]])].sort((a, b) => (typeof a === "number" ? a - b : 0));
    const pick = options.map(String).includes(link[name]) ? link[name] : String(data.defaults[name]);
    const select = h("select", { "aria-label": label, "data-field": name },
      options.map((v) => h("option", { value: String(v), selected: String(v) === pick }, String(v).toUpperCase())));
    select.addEventListener("change", () => {
      const { seed, ...shown } = current(); // the seed is not a control
      share("trainchar", shown);
      idle();
    });
    return [name, { select, row: h("label", { class: "w-field" }, h("span", {}, label), select) }];
  }));
  const train = h("button", { type: "button", class: "w-button", "data-action": "train" }, "Train");
  const stop = h("button", { type: "button", class: "w-button", "data-action": "stop", disabled: true }, "Stop");
  const chart = h("div", { class: "w-chart-box" });
  const status = h("p", { class: "w-status", role: "status" });
  const samples = h("div", { class: "w-samples" });
  const probe = h("p", { class: "w-probe" });
  body.append(h("p", { class: "w-title" }, "Train a character model in this page"),
    h("div", { class: "w-controls w-fields" }, Object.values(selects).map((s) => s.row)),
    h("div", { class: "w-controls" }, train, stop), chart, status, samples, probe);
  const root = body.parentElement;

  function current() {
    const s = Object.fromEntries(Object.entries(selects).map(([k, { select }]) => [k, select.value]));
    for (const k of Object.keys(s)) if (k !== "model") s[k] = Number(s[k]);
    return { ...s, seed: data.defaults.seed };
  }
  const isDefault = (s) => Object.entries(data.defaults).every(([k, v]) => s[k] === v);
  const built = (s) => data.runs[s.model]; // the build's run of this model, at the default settings

  let live = null; // {settings, losses, checkpoint, started, running}
  function draw() {
    const s = live?.settings ?? current(), ref = built(s), n = s.steps;
    const pad = (v) => [NaN, ...v, ...Array(Math.max(0, n - v.length)).fill(NaN)]; // index = step; step 0 has no loss
    const series = [{ key: "build", cls: "w-build", values: pad(ref.losses).slice(0, n + 1), dash: "5 3",
      label: `the build's run: ${s.model.toUpperCase()}, default settings` }];
    if (live) series.push({ key: "live", cls: "w-lstm", values: pad(live.losses), label: "this page's run" });
    const top = Math.ceil(data.uniform * 2) / 2;
    chart.replaceChildren(lineChart(series, { y: [0, top], yTicks: [0, 1, 2, top], xTicks: [0, 1, 2, 3].map((k) => Math.round((k * n) / 4)),
      xTitle: "training step", yTitle: "loss (nats/char)", height: 190, width: Math.max(280, Math.round(chart.clientWidth) || 640),
      rules: [{ y: data.target, label: `target ${data.target}` }],
      title: `Loss per training step: ${series.map((x) => x.label).join(" and ")}` }),
    legend(series.map((x) => ({ cls: x.cls, label: x.label + (x.dash ? " (dashed)" : "") }))));
    const ck = live ? live.checkpoint : ref.checkpoints.at(-1), whose = live ? "this page's run" : "the build's run";
    if (!ck) return;
    samples.replaceChildren(...data.temperatures.map((t) => h("p", { class: "w-sample", "data-temperature": String(t), "data-step": ck.step },
      h("span", {}, `Sample at temperature ${t}, after step ${ck.step} (${whose}): `), h("code", {}, ck.samples[String(t)]))));
    const { bracket: b, quote: q } = ck.probe;
    probe.dataset.step = ck.step;
    probe.textContent = `Probe after step ${ck.step}: at the end of a word in held-out text it gives “)” ${f3(b.open)} where a bracket ` +
      `is open and ${f3(b.closed)} where none is (×${f2(b.open / b.closed)}); a closing quote ${f3(q.open)} inside a quote and ${f3(q.closed)} outside (×${f2(q.open / q.closed)}).`;
  }

  function idle() {
    if (live?.running) return;
    live = null;
    const s = current();
    root.dataset.state = "idle";
    status.textContent = isDefault(s) ? `The build trained this model with these settings: its loss fell from ${f2(built(s).losses[0])} to ` +
      `${f2(built(s).smooth.at(-1)[1])} (mean of the last ${data.every} steps). Train runs it again in this page.`
      : "Train runs these settings in this page (the dashed curve is the build's run of the defaults).";
    draw();
  }

  let frame = 0;
  const redraw = () => (frame ||= requestAnimationFrame(() => ((frame = 0), draw())));
  function onProgress(p) {
    if (p.step === 0) live.started = performance.now(); // Python has started: the rate counts training only
    if ("loss" in p) live.losses.push(p.loss);
    if (p.checkpoint) live.checkpoint = p.checkpoint;
    const secs = (performance.now() - live.started) / 1000, last = live.losses.slice(-data.every);
    status.textContent = p.step === 0 ? "Training…" : `Step ${p.step} of ${live.settings.steps}: loss ${f2(p.loss)} ` +
      `(mean of the last ${last.length}: ${f2(last.reduce((a, v) => a + v, 0) / last.length)}), ${(p.step / secs).toFixed(1)} steps a second.`;
    root.dataset.steps = live.losses.length;
    redraw();
  }

  let running = null;
  function setRunning(on) {
    train.disabled = on;
    stop.disabled = !on;
    for (const { select } of Object.values(selects)) select.disabled = on;
  }
  train.addEventListener("click", async () => {
    live = { settings: current(), losses: [], checkpoint: null, started: performance.now(), running: true };
    root.dataset.state = "training";
    root.dataset.steps = 0; // the steps of this run, from fresh weights
    setRunning(true);
    running = stream("explainers.train.charlm", "train", [live.settings], { onProgress, onStatus: (w) => (status.textContent = w) });
    try {
      const out = await running.result;
      root.dataset.state = out.stopped ? "stopped" : "done";
      status.textContent = (out.stopped ? `Stopped after step ${live.losses.length}. ` : `Done: ${live.losses.length} steps. `) +
        "Train starts again from fresh weights.";
    } catch (err) {
      root.dataset.state = "failed";
      status.textContent = `Python could not train it (${err.message}).`;
    } finally {
      live.running = false;
      const onStop = document.activeElement === stop; // the focus is not taken from elsewhere (a cell's editor)
      setRunning(false);
      if (onStop) train.focus(); // rather than left on a disabled button
      draw();
    }
  });
  stop.addEventListener("click", () => running?.stop());
  idle();
}
