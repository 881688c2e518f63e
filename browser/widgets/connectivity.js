// Connectivity: how much each earlier character moves a trained model's prediction at character t, the
// size of ∂zₜ/∂xₛ (zₜ the log-odds of "inside"), as a heat strip under the text. t follows the pointer,
// or ←/→ on the text; a switch picks the RNN, LSTM or GRU. The build's JSON holds its text; a typed text
// goes to the function that made that JSON, explainers.figures.connectivity.sizes, in the page's Python.
import { pow10 } from "./logscale.js";
import { unknownChars } from "./owntext.js";
import { call } from "./python.js";
import { linked, share } from "./share.js";
import { h } from "./svg.js";

const DECADES = 4; // the colour fades from the strongest pull (full) to 10⁻⁴ of it (none)
const shown = (ch) => (ch === " " ? "␣" : ch);
const quote = (ch) => (ch === " " ? "the space" : `“${ch}”`);

/** A size as the status line writes it: 3 significant digits, powers of ten outside 0.001 … 10⁵. */
export function fmt(v) {
  if (v === 0 || (v >= 1e-3 && v < 1e5)) return String(+v.toPrecision(3));
  const e = Math.floor(Math.log10(v));
  return `${(v / 10 ** e).toFixed(2)} × ${pow10(e)}`;
}

/** The words the status line says for model m at position t (0-based; it says t = index + 1). */
export function describe(d, m, t) {
  const r = d[m], row = r.sizes[t], k = r.strongest[t], top = row[t - k], reach = r.reach[t];
  const text = d.text, bracket = Math.max(text.lastIndexOf("(", t), text.lastIndexOf(")", t));
  return `t = ${t + 1}, ${quote(text[t])}: the ${d.labels[m]} gives P(inside) ${r.p[t].toFixed(2)}. ` +
    `The strongest pull on its log-odds: ${quote(text[t - k])}, ${k === 0 ? "the character itself" : `${k} back`}, size ${fmt(top)}. ` +
    `${+(100 * d.share).toPrecision(3)}% of that or more reaches ${reach === 0 ? "no earlier character" : `${reach} back, to ${quote(text[t - reach])}`}.` +
    (bracket < 0 ? "" : ` The last bracket, ${quote(text[bracket])} ${t - bracket === 0 ? "itself" : `${t - bracket} back`}, ` +
      (bracket === t - k ? "is the strongest." : `pulls ${fmt(row[bracket] / top)} of the strongest.`));
}

let count = 0; // radio groups need page-unique names

export function mount(body, data) {
  const id = `w-conn-${++count}`, link = linked("connectivity") ?? {};
  let d = data, m = data.models.includes(link.model) ? link.model : data.models[0], t = 0, timer = null;
  const radios = h("fieldset", { class: "w-switch" }, h("legend", {}, "Model"), data.models.map((k) =>
    h("label", {}, h("input", { type: "radio", name: id, value: k, checked: k === m, onchange: () => { m = k; show(t); } }), ` ${data.labels[k]}`)));
  const input = h("input", { type: "text", class: "w-text", maxlength: data.max, spellcheck: "false", value: data.text,
    "aria-label": "Your text (lowercase letters, spaces and brackets)" });
  const run = h("button", { type: "submit", class: "w-button w-run" }, "Compute for my text");
  const form = h("form", { class: "w-controls", onsubmit: (e) => { e.preventDefault(); typed(input.value, null); } }, input, run);
  const origin = h("p", { class: "w-note" });
  const strip = h("div", { class: "w-conn", role: "slider", tabindex: "0", "aria-valuemin": 1,
    "aria-label": "Position t in the text: ←/→ move it (Home, End, Page Up, Page Down)", onkeydown: key,
    onpointerover: (e) => pick(e), onclick: (e) => pick(e) });
  const scale = h("p", { class: "w-legend w-scale" }, "Pull on the prediction at t (the highlighted character), relative to the strongest:",
    [0, -1, -2, -3, -4].map((e) => h("span", {}, h("span", { class: "w-heat w-box", style: `--v:${1 + e / DECADES}` }), e === 0 ? "1" : e === -4 ? `≤ ${pow10(e)}` : pow10(e))),
    h("span", {}, h("span", { class: "w-heat w-box w-later", style: "--v:0" }), "later: not read yet"));
  const status = h("p", { class: "w-status", role: "status", "aria-live": "polite" });
  body.append(h("p", { class: "w-title" }, "Which earlier characters move the prediction at t: the size of ∂z",
    h("sub", {}, "t"), "/∂x", h("sub", {}, "s"), " under each character s"), radios, form, origin, strip, scale, status);

  function draw() { // the text as words of character columns, so that it wraps between words on a phone
    const words = d.text.match(/[^ ]* ?/g).filter(Boolean);
    let at = 0;
    strip.replaceChildren(...words.map((w) => h("span", { class: "w-word" }, [...w].map((ch) =>
      h("span", { class: "w-cc", "data-t": at++ }, h("span", { class: "w-chr" }, shown(ch)), h("span", { class: "w-heat", "aria-hidden": "true" }))))));
    strip.setAttribute("aria-valuemax", d.text.length);
    origin.textContent = d === data ? "The example text, as the build computed it." :
      `Your text (${d.text.length} characters), computed in your browser by the page's Python.`;
  }

  function show(next, remember = true) {
    t = Math.max(0, Math.min(d.text.length - 1, next));
    const row = d[m].sizes[t], top = Math.max(...row);
    strip.querySelectorAll(".w-cc").forEach((cell, s) => {
      const later = s > t, heat = cell.lastChild;
      cell.classList.toggle("w-now", s === t);
      cell.classList.toggle("w-later", later);
      heat.dataset.size = later ? "" : row[s];
      heat.style.setProperty("--v", later ? 0 : Math.max(0, 1 + Math.log10(row[s] / top) / DECADES).toFixed(3));
    });
    strip.setAttribute("aria-valuenow", t + 1);
    strip.setAttribute("aria-valuetext", `t = ${t + 1}, ${quote(d.text[t])}`);
    status.textContent = describe(d, m, t);
    status.classList.remove("w-problem");
    body.parentElement.dataset.model = m;
    if (!remember) return;
    clearTimeout(timer); // one address update when the pointer rests: browsers limit how often a page may
    timer = setTimeout(() => share("connectivity", { model: m, t: t + 1, ...(d === data ? {} : { text: d.text }) }), 250);
  }

  function pick(e) {
    const cell = e.target.closest?.(".w-cc");
    if (cell) show(+cell.dataset.t);
  }

  function key(e) {
    const next = { ArrowRight: t + 1, ArrowLeft: t - 1, Home: 0, End: d.text.length - 1, PageUp: t - 10, PageDown: t + 10 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    show(next);
  }

  async function typed(text, at) {
    const bad = unknownChars(text, data.vocab);
    if (!text) return say("Type a text first.", true);
    if (bad.length) return say(`Not in the models' vocabulary: ${bad.map(quote).join(", ")}. They read lowercase letters a–z, the space and the brackets ( ).`, true);
    run.disabled = true;
    if (text !== data.text) say(`Computing ${text.length} characters in your browser's Python…`);
    try {
      d = text === data.text ? data : await call("explainers.figures.connectivity", "sizes", [text], (w) => say(w));
      draw();
      show(at ?? Math.min(t, text.length - 1));
      if (d !== data) body.parentElement.dataset.live = "done";
    } catch (err) {
      say(`Python could not run it: ${err.message}`, true);
    } finally {
      run.disabled = false;
    }
  }

  function say(words, problem = false) { // Python's progress in words, or what went wrong
    status.textContent = words;
    status.classList.toggle("w-problem", problem);
  }

  const start = Math.max(0, data.text.indexOf(")") - 1); // deep in the first bracket: where memory matters
  const at = /^\d+$/.test(link.t ?? "") ? +link.t - 1 : null;
  draw();
  show(at !== null && at < data.text.length ? at : start, false);
  if (link.text && link.text !== data.text) { // a linked text is computed at once: following the link asked for it
    input.value = link.text.slice(0, data.max);
    typed(input.value, at);
  }
}
