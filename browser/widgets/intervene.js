// Intervene on the trained cat-sat LSTM: a beginning (one select per position of the grammar), what to force
// (a gate pinned closed or open, or one unit's cell cₜ set to a value) and the words to force it at; the next
// word of the forced and the unforced model side by side. The default beginning's settings come from the
// build's JSON (explainers.figures.intervene), any other from the same module's `run` in the page's Python.
import { slider } from "./gridlive.js";
import { call } from "./python.js";
import { linked, onSlider, share } from "./share.js";
import { h } from "./svg.js";

const SYMBOL = { f: "fₜ", i: "iₜ", o: "oₜ" };
const p3 = (v) => v.toFixed(3);
const signed = (v) => (Math.abs(v) < 0.0005 ? "0.000" : `${v > 0 ? "+" : "-"}${Math.abs(v).toFixed(3)}`); // no "-0.000"
const num = (v) => `${+v}`;

/** The name of a setting in the JSON's `runs`, as intervene.key writes it: "f0@2", "c3=0@1,2". */
export const keyOf = (what, at) => `${"gate" in what ? `${what.gate}${num(what.value)}` : `c${what.unit}=${num(what.value)}`}@${at.join(",")}`;

/** The slot chosen for each word of `words` (a beginning of the grammar), or null if the slots cannot spell it. */
export function parse(words, slots) {
  const chosen = [];
  let k = 0;
  for (const { choices } of slots) {
    if (choices.includes(words[k])) chosen.push(words[k++]);
    else if (choices.includes("")) chosen.push("");
    else return null;
  }
  return k === words.length ? chosen : null;
}

export function mount(body, data) {
  const root = body.parentElement;
  const whats = [...Object.keys(data.gates).flatMap((g) => ["0", "1"].map((v) => [`${g}${v}`,
    `${data.gates[g]} gate ${g} ${v === "0" ? "closed" : "open"} (${SYMBOL[g]} = ${v})`])), ["c", "one unit's cell cₜ, set to a value"]];
  const selects = data.slots.map((s) => h("select", { "aria-label": s.name },
    s.choices.map((w) => h("option", { value: w }, w || "(none)"))));
  const what = h("select", { class: "w-what" }, whats.map(([v, label]) => h("option", { value: v }, label)));
  const unit = h("select", { class: "w-unit" }, Array.from({ length: data.hidden_size }, (_, u) => h("option", { value: u }, `unit ${u}`)));
  const [lo, hi] = data.cell_range;
  const value = slider("value of cₜ", lo, hi, 0.25, 0, num);
  const cellRow = h("p", { class: "w-controls" }, h("label", {}, "Which unit ", unit), value.row);
  const ticks = h("fieldset", { class: "w-switch w-at" }, h("legend", {}, "at the word(s)"));
  const table = h("div", { class: "widget-scroll" });
  const status = h("p", { class: "w-status", role: "status" });
  body.append(h("p", { class: "w-title" }, "Intervene: force a gate or a cell and watch the next word move"),
    h("fieldset", { class: "w-switch w-slots" }, h("legend", {}, "The beginning (the blank follows)"),
      data.slots.map((s, k) => h("label", { class: "w-slot" }, h("span", {}, s.name), selects[k]))),
    h("p", { class: "w-controls" }, h("label", {}, "Force ", what)), cellRow, ticks, table, status);

  let atSlots = new Set(); // the ticked words, by slot, so that a tick stays on its word when another slot changes
  const words = () => selects.map((s) => s.value).filter(Boolean);
  const filled = () => selects.map((s, k) => (s.value ? k : -1)).filter((k) => k >= 0); // word position -> slot
  const at = () => filled().map((k, t) => (atSlots.has(k) ? t : -1)).filter((t) => t >= 0);
  const whatNow = () => (what.value === "c" ? { unit: +unit.value, value: +value.input.value }
    : { gate: what.value[0], value: +what.value[1] });

  function restore(link) { // the defaults, then what a link sets and a control can take
    const chosen = parse((link.words ?? "").split(" "), data.slots) ?? parse(data.words, data.slots);
    chosen.forEach((w, k) => (selects[k].value = w));
    const d = data.default.what;
    what.value = whats.some(([v]) => v === link.force) ? link.force : `${d.gate}${d.value}`;
    if (/^\d+$/.test(link.unit ?? "") && +link.unit < data.hidden_size) unit.value = link.unit;
    value.input.value = onSlider(link.c, lo, hi, 0.25) ?? 0;
    const ts = (link.at ?? "").split(",").filter((t) => /^\d+$/.test(t) && +t < filled().length).map(Number);
    atSlots = new Set((ts.length ? ts : data.default.at).map((t) => filled()[t]));
  }

  function drawTicks() {
    ticks.replaceChildren(ticks.firstChild, ...filled().map((k, t) => h("label", { class: "w-tick-word" },
      h("input", { type: "checkbox", value: k, checked: atSlots.has(k),
        onchange: (e) => { (e.target.checked ? atSlots.add(k) : atSlots.delete(k)); changed(); } }), ` ${t + 1}. ${selects[k].value}`)));
  }

  const bar = (p, cls) => h("span", { class: `w-pbar ${cls}`, style: `--v:${p}` });
  function draw(r, origin) {
    const k = Object.fromEntries(data.vocab.map((w, i) => [w, i]));
    const rows = r.shown.map((w) => {
      const [b, f] = [r.base[k[w]], r.forced[k[w]]];
      return h("tr", { "data-word": w, "data-base": b, "data-forced": f }, h("th", { scope: "row" }, w),
        h("td", {}, bar(b, "w-unforced"), h("span", { class: "w-num" }, p3(b))),
        h("td", {}, bar(f, "w-forced"), h("span", { class: "w-num" }, p3(f))), h("td", { class: "w-num" }, signed(f - b)));
    });
    table.replaceChildren(h("table", { class: "w-ivt" }, h("thead", {}, h("tr", {}, ["next word", "unforced", "forced", "change"]
      .map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, rows)));
    const forcedWhat = "gate" in r.what ? `the ${data.gates[r.what.gate]} gate pinned ${r.what.value ? "open" : "closed"} (${SYMBOL[r.what.gate]} = ${num(r.what.value)})`
      : `unit ${r.what.unit}'s cell set to cₜ = ${num(r.what.value)}`;
    const where = r.at.map((t) => `“${r.words[t]}” (${t + 1})`).join(", ");
    const pa = r.p_answer ? `P(${r.answer}) goes from ${r.p_answer.base.toFixed(2)} to ${r.p_answer.forced.toFixed(2)}; ` : "";
    const top = r.top.forced === r.top.base ? `“${r.top.base}” stays the likeliest next word`
      : `the likeliest next word is now “${r.top.forced}”, not “${r.top.base}”`;
    status.textContent = `With ${forcedWhat} at ${where}: ${pa}${top}. ` +
      `Total change (half the summed differences, 0 to 1): ${r.tv.toFixed(2)}. ${origin}`;
    status.classList.remove("w-problem");
  }

  const live = new Map();
  let asked = 0; // every change counts: an answer still on its way for an older setting is only kept, not shown
  async function update() {
    cellRow.hidden = what.value !== "c";
    value.out.value = num(value.input.value);
    const prefix = words().join(" "), w = whatNow(), ts = at(), key = keyOf(w, ts);
    root.dataset.key = key;
    const mine = ++asked;
    if (!ts.length) { // nothing to compare: no Python is started for it
      root.dataset.live = "none";
      return (status.textContent = "Nothing is forced: tick at least one word to force it at.");
    }
    const ready = (prefix === data.prefix && data.runs[key]) || live.get(`${prefix}|${key}`);
    if (ready) {
      root.dataset.live = "done";
      return draw(ready, live.has(`${prefix}|${key}`) ? "Computed in your browser by the page's Python." : "Precomputed at build time.");
    }
    root.dataset.live = "pending";
    status.textContent = "Computing it in the page's Python…";
    try {
      const r = await call("explainers.figures.intervene", "run", [prefix, w, ts], (s) => mine === asked && (status.textContent = s));
      live.set(`${prefix}|${key}`, r);
      if (mine === asked) update();
    } catch (err) {
      if (mine !== asked) return;
      status.classList.add("w-problem");
      status.textContent = `Python could not compute it: ${err.message}`;
    }
  }

  function changed() {
    const state = { words: words().join(" "), force: what.value, at: at().join(",") };
    if (what.value === "c") Object.assign(state, { unit: unit.value, c: num(value.input.value) });
    share("intervene", state);
    update();
  }
  selects.forEach((s) => s.addEventListener("change", () => (drawTicks(), changed())));
  for (const c of [what, unit]) c.addEventListener("change", changed);
  value.input.addEventListener("input", changed);
  restore(linked("intervene") ?? {});
  drawTicks();
  update();
}
