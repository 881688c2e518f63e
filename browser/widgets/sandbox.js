// The gate sandbox: sliders pin the forget gate f, the input gate i, the output gate o and the candidate g
// of one LSTM unit, a fifth sets the steps that write; c_t and h_t (t = 0..30 from c_0 = 0) and the
// survival curve f^k redraw at once. With every gate pinned the reference LSTM is two lines
// (explainers/figures/widgets_sandbox.py), computed here so that a slider answers before Python has
// started; the tests prove them equal to that module's run(), and a button asks the page's Python too.
import { call } from "./python.js";
import { linked, onSlider, share } from "./share.js";
import { h, legend, lineChart } from "./svg.js";

const GATES = [["f", "forget gate f"], ["i", "input gate i"], ["o", "output gate o"], ["g", "candidate g"]];
const STEP_MS = 120; // a played run shows about eight steps a second
const PLAY = "▶ Play the run", STOP = "■ Stop";

/** c_t = f c_{t-1} + i_t g and h_t = o tanh(c_t), i_t = i at steps 1..writes and 0 after (the LSTM's step
 *  with its gates pinned, in its order of operations); the survival s_k = f s_{k-1} of a cell of 1 with
 *  nothing written; and the half-life, the k where f^k = 1/2. t and k run over 0..steps. */
export function trajectory({ f, i, o, g, writes }, steps) {
  const c = [0], h = [0], survival = [1];
  for (let t = 1; t <= steps; t++) {
    c.push(f * c[t - 1] + (t <= writes ? i : 0) * g);
    h.push(o * Math.tanh(c[t]));
    survival.push(f * survival[t - 1]);
  }
  return { c, h, survival, halfLife: f >= 1 ? null : f === 0 ? 0 : Math.log(0.5) / Math.log(f) };
}

/** A number as the status says it: three decimals, or e-notation when that would read as 0. */
export const fmt = (v) => (v === 0 || Math.abs(v) >= 0.001 ? v.toFixed(3) : v.toExponential(1));

/** What the status line says about a run, in words. */
export function describe(run, steps) {
  const { c, h, halfLife } = run;
  const top = c.reduce((best, v, t) => (Math.abs(v) > Math.abs(c[best]) ? t : best), 0);
  const held = top === 0 ? "c and h stay at 0: nothing is written (i g = 0)."
    : `After ${steps} steps c = ${fmt(c[steps])} and h = ${fmt(h[steps])}; |c| was largest at step ${top} (c = ${fmt(c[top])}).`;
  const kept = halfLife === null ? "With f = 1 nothing is ever forgotten."
    : halfLife === 0 ? "With f = 0 nothing survives a step."
      : `Half of what the cell holds is gone after ${halfLife.toFixed(1)} steps.`;
  return `${held} ${kept}`;
}

/** A y range that holds every value, from a short list of round bounds, with 0 on the axis. */
function yRange(values) {
  const top = Math.max(...values.map(Math.abs));
  const M = [1, 2, 5, 10, 20, 50].find((m) => m >= top) ?? Math.ceil(top);
  const neg = values.some((v) => v < 0), pos = values.some((v) => v > 0) || !neg;
  const [lo, hi] = [neg ? -M : 0, pos ? M : 0];
  return { y: [lo, hi], yTicks: [hi, lo < 0 && hi > 0 ? 0 : (lo + hi) / 2, lo] };
}

export function mount(body, data) {
  const { steps, default: d } = data, widget = body.parentElement, link = linked("sandbox") ?? {};
  const slider = (key, label, [min, max], step, show) => {
    const value = onSlider(link[key], min, max, step) ?? d[key]; // a linked setting, if a slider can take it
    const input = h("input", { type: "range", min, max, step, value, "aria-label": label, "data-key": key });
    const out = h("output", { "data-key": key });
    return { key, input, out, show, row: h("label", { class: "w-slider" }, h("span", {}, label), input, out) };
  };
  const writes = slider("writes", "the cell is written at steps", [1, steps], 1, (n) => (n === 1 ? "1" : `1–${n}`));
  const sliders = [...GATES.map(([k, label]) => slider(k, label, data.ranges[k], 0.01, (v) => v.toFixed(2))), writes];
  const play = h("button", { type: "button", class: "w-button w-play", onclick: () => (timer ? stop() : start()) }, PLAY);
  const ask = h("button", { type: "button", class: "w-button w-check", onclick: verify }, "Check with the page's Python");
  const cBox = h("div", { class: "w-chart-box" }), sBox = h("div", { class: "w-chart-box" });
  const status = h("p", { class: "w-status", role: "status" }), checked = h("p", { class: "w-note", role: "status" });
  body.append(h("p", { class: "w-title" }, `Gate sandbox: one LSTM unit with its gates pinned, ${steps} steps from c₀ = 0`),
    h("div", { class: "w-sliders" }, sliders.map((x) => x.row)),
    h("p", { class: "w-note" }, "After the last step that writes, the input gate is shut (iₜ = 0); f, o and g stay as set."),
    h("div", { class: "w-controls" }, play, ask), h("div", { class: "w-sandbox-charts" }, cBox, sBox), status, checked);
  let timer = null;
  const settings = () => Object.fromEntries(sliders.map((x) => [x.key, Number(x.input.value)]));
  const ticks = [0, 1, 2, 3].map((q) => Math.round((q * steps) / 3));
  const width = (box) => Math.max(280, Math.round(box.clientWidth) || 320);
  const named = (s) => `${GATES.map(([k]) => `${k} = ${s[k].toFixed(2)}`).join(", ")}, written at steps ${writes.show(s.writes)}`;

  /** Draw the run of the current setting; while it plays, only its steps 0..upTo. */
  function draw(upTo = steps) {
    const s = settings(), run = trajectory(s, steps);
    for (const x of sliders) x.out.value = x.show(s[x.key]);
    const upto = (vs) => vs.map((v, t) => (t <= upTo ? v : NaN)); // NaN: not drawn (yet)
    cBox.replaceChildren(lineChart([{ values: upto(run.c), cls: "w-c", key: "c" }, { values: upto(run.h), cls: "w-h", key: "h", dash: "5 3" }],
      { ...yRange([...run.c, ...run.h]), xTicks: ticks, xTitle: "step t (shaded: the cell is written)", width: width(cBox), height: 190,
        shade: run.c.map((_, t) => t >= 1 && t <= s.writes), cursor: upTo < steps ? upTo : null,
        title: `The cell c and the output h for t = 0 to ${steps} with ${named(s)}: c ends at ${fmt(run.c[steps])}, h at ${fmt(run.h[steps])}` }),
    legend([{ cls: "w-c", label: "cell cₜ" }, { cls: "w-h", label: "output hₜ (dashed)" }]));
    const half = run.halfLife;
    sBox.replaceChildren(lineChart([{ values: run.survival, cls: "w-f", key: "survival" }],
      { y: [0, 1], yTicks: [1, 0.5, 0], xTicks: ticks, xTitle: "k: steps after a write", width: width(sBox), height: 190,
        rules: [{ y: 0.5 }, ...(half !== null && half <= steps ? [{ x: half, label: `½ after ${half.toFixed(1)}` }] : [])],
        title: `The survival curve f to the k for k = 0 to ${steps} at f = ${s.f.toFixed(2)}` + (half === null ? ": it stays at 1" : `: half is gone after ${half.toFixed(1)} steps`) }),
    legend([{ cls: "w-f", label: `fᵏ: what is left of a write k steps on (f = ${s.f.toFixed(2)})` }]));
    if (upTo === steps) status.textContent = describe(run, steps); // not step by step: a live region would chatter
  }

  function start() {
    if (matchMedia("(prefers-reduced-motion: reduce)").matches) {
      draw();
      status.textContent += " (Your system asks for reduced motion: the whole run is shown at once.)";
      return;
    }
    let t = 0;
    play.textContent = STOP;
    widget.dataset.playing = "true";
    draw(t);
    timer = setInterval(() => (++t >= steps ? stop() : draw(t)), STEP_MS);
  }

  function stop() {
    clearInterval(timer);
    timer = null;
    play.textContent = PLAY;
    delete widget.dataset.playing;
    draw();
  }

  /** Ask explainers' own run() in the page's Python for the current setting and compare with the drawing. */
  async function verify() {
    const s = settings(), mine = trajectory(s, steps);
    const what = named(s);
    widget.dataset.live = "pending";
    ask.disabled = true;
    try {
      const py = await call("explainers.figures.widgets_sandbox", "run", [s.f, s.i, s.o, s.g, s.writes], (w) => (checked.textContent = w));
      const diff = Math.max(...["c", "h", "survival"].flatMap((k) => py[k].map((v, t) => Math.abs(v - mine[k][t]))));
      widget.dataset.diff = diff;
      checked.textContent = diff < 1e-12
        ? `The page's Python (explainers' LSTM, every gate pinned) agrees for ${what}: c, h and fᵏ ${diff === 0 ? "are identical" : `differ by at most ${diff.toExponential(0)}`}.`
        : `The page's Python disagrees for ${what}: by up to ${diff.toExponential(2)}. Please report it.`;
    } catch (err) {
      checked.textContent = `Python could not run it (${err.message}).`;
    } finally {
      widget.dataset.live = "done";
      ask.disabled = false;
    }
  }

  for (const x of sliders) x.input.addEventListener("input", () => ((timer ? stop() : draw()), share("sandbox", settings())));
  draw();
}
