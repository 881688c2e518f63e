// "Predict, then run": the reader types a number; it is checked against the value CPython computed at
// build time, or, once "Run it" has run the same code in the page's Python, against that live value.
import { call } from "./python.js";
import { h } from "./svg.js";

/** A number from what a reader types: "0.12", ".12", "1.2e-1", "12%", "1,5" (decimal comma). */
export function parseNumber(text) {
  let t = text.trim().replace(/\s+/g, "").replace(/[×x]10\^?/i, "e").replace("−", "-");
  const percent = t.endsWith("%");
  if (percent) t = t.slice(0, -1);
  if (!t.includes(".")) t = t.replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return NaN;
  return Number(t) / (percent ? 100 : 1);
}

const fmt = (v) => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? `${+v.toPrecision(4)}` : v.toPrecision(4));

export function predict(el) {
  const built = Number(el.dataset.answer), tol = Number(el.dataset.tolerance);
  const relative = el.dataset.relative === "true";
  let live = null;
  const input = h("input", { type: "text", inputmode: "decimal", class: "quiz-number", "aria-label": "Your prediction", autocomplete: "off" });
  const check = h("button", { type: "submit", class: "w-button quiz-check" }, "Check");
  const run = h("button", { type: "button", class: "w-button quiz-run" }, "Run it in Python");
  const result = h("p", { class: "quiz-feedback", role: "status", "aria-live": "polite" });
  const ran = h("p", { class: "quiz-live", role: "status" });
  const form = h("form", { class: "quiz-bar", onsubmit: (e) => { e.preventDefault(); grade(); } },
    h("label", {}, "Your prediction ", input), check, run);
  el.querySelector(".quiz-code").after(form, result, ran);

  function grade() {
    const guess = parseNumber(input.value);
    if (Number.isNaN(guess)) {
      delete result.dataset.result;
      result.textContent = "Type a number, like 0.12 or 1.2e-1.";
      return;
    }
    const expected = live ?? built;
    const ok = Math.abs(guess - expected) <= (relative ? tol * Math.abs(expected) : tol);
    const within = relative ? `${+(tol * 100).toPrecision(3)}%` : `±${tol}`;
    const source = live === null ? "computed at build time" : "just computed in your browser";
    result.dataset.result = ok ? "right" : "wrong";
    result.textContent = ok ? `Right: the value is ${fmt(expected)} (${source}); yours is within ${within}.`
      : `Not quite: you said ${fmt(guess)}, the value is ${fmt(expected)} (${source}); the check allows ${within}.`;
  }

  run.addEventListener("click", async () => {
    run.disabled = true;
    try {
      const { module, function: fn, args } = JSON.parse(el.dataset.call);
      live = await call(module, fn, args, (w) => (ran.textContent = w));
      ran.textContent = `Python in your browser says: ${fmt(live)}.`;
      el.dataset.live = String(live);
      if (input.value.trim()) grade();
    } catch (err) {
      ran.textContent = `Python could not run it: ${err.message}`;
    } finally {
      run.disabled = false;
    }
  });
}
