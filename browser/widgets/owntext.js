// Your own text: the reader types a sentence; the page's Python runs the same trained model on it
// (explainers.figures.widgets_parens.replay, in the worker) and the replay plays it.
import { call } from "./python.js";
import { Player } from "./replay.js";
import { linked, share } from "./share.js";
import { h } from "./svg.js";

const EXAMPLE = "my cat (the grey one) sleeps";
const MAX = 200;

/** The characters of `text` the model cannot read, each once, or []. */
export function unknownChars(text, vocab) {
  return [...new Set([...text].filter((ch) => !vocab.includes(ch)))];
}

export function mount(body, data) {
  const input = h("input", { type: "text", class: "w-text", value: EXAMPLE, maxlength: MAX, spellcheck: "false",
    "aria-label": "Your sentence (lowercase letters, spaces and brackets)" });
  const run = h("button", { type: "submit", class: "w-button w-run" }, "Replay my sentence");
  const status = h("p", { class: "w-status", role: "status" });
  const stage = h("div", { class: "w-stage" });
  const form = h("form", { class: "w-controls", onsubmit: (e) => { e.preventDefault(); share("owntext", { text: input.value }); go(); } },
    input, run);
  body.append(h("p", { class: "w-title" }, "Your own text, run by the same model in the page's Python"), form, status, stage);
  let player = null;

  async function go() {
    const text = input.value;
    const bad = unknownChars(text, data.vocab);
    if (!text.trim()) return say("Type a sentence first.", true);
    if (bad.length) {
      const list = bad.map((ch) => (ch === "\t" ? "tab" : `“${ch}”`)).join(", ");
      return say(`Not in the model's vocabulary: ${list}. It reads lowercase letters a–z, the space and the brackets ( ).`, true);
    }
    run.disabled = true;
    try {
      const result = await call("explainers.figures.widgets_parens", "replay", [text], (words) => say(words));
      if (player) player.setData(result);
      else player = new Player(stage, result);
      say(`Computed in your browser by the page's Python: ${text.length} characters.`);
      body.parentElement.dataset.live = "done";
    } catch (err) {
      say(`Python could not run it: ${err.message}`, true);
    } finally {
      run.disabled = false;
    }
  }

  const link = linked("owntext");
  if (link?.text) { // a linked sentence is replayed at once: following the link asked for it
    input.value = link.text.slice(0, MAX);
    go();
  }

  function say(text, problem = false) {
    status.textContent = text;
    status.classList.toggle("w-problem", problem);
  }
}
