// What the slider widgets over a precomputed grid share (gradlab, gradpaths): labelled sliders with their
// values shown, and a redraw that takes a grid point from the build's JSON at once and computes any other
// setting in the page's Python, showing the nearest grid point meanwhile.
import { h } from "./svg.js";

/** A labelled range input with its value in an <output>: {input, out, row}. */
export function slider(label, min, max, step, value, format = String) {
  const input = h("input", { type: "range", min, max, step, value, "aria-label": label });
  const out = h("output", {}, format(value));
  return { input, out, row: h("label", { class: "w-slider" }, h("span", {}, label), input, out) };
}

/** The value of `list` nearest to v. */
export const nearestOf = (list, v) => list.reduce((a, x) => (Math.abs(x - v) < Math.abs(a - v) ? x : a));

/**
 * update(), to call on every change of the controls. settings() reads them; lookup(s) is the JSON's
 * answer or undefined; nearest(s) is [answer, its settings] at the nearest grid point; compute(s, onStatus)
 * resolves to the live answer; draw(answer, s, note?) shows it (note: a status line instead of its own).
 * root.dataset.live is "done" once what is drawn is the reader's setting, "pending" while it computes.
 */
export function gridLive({ root, status, settings, lookup, nearest, compute, draw }) {
  const live = new Map(); // settings (as JSON) -> computed in Python
  let timer = null;
  function update() {
    clearTimeout(timer); // a computation asked for a setting the reader has since left is not started
    const s = settings(), key = JSON.stringify(s);
    const ready = lookup(s) ?? live.get(key);
    root.dataset.live = ready ? "done" : "pending";
    if (ready) return draw(ready, s);
    const [approx, near] = nearest(s);
    draw(approx, near, "Showing the nearest precomputed setting; computing this one in the page's Python…");
    const current = () => key === JSON.stringify(settings()); // what the reader has set right now
    timer = setTimeout(async () => {
      try {
        live.set(key, await compute(s, (w) => current() && (status.textContent = `${w} (the nearest precomputed setting is shown)`)));
        if (current()) update();
      } catch (err) {
        if (current()) status.textContent = `Python could not compute it (${err.message}); the nearest precomputed setting is shown.`;
      }
    }, 250);
  }
  return update;
}
