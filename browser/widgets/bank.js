// Which "bank"? P(money) at every word for the forward LSTM and the BiLSTM: the build's example
// sentences, or one the reader types (computed by explainers.figures.widgets_bank.probs in Python).
import { call } from "./python.js";
import { linked, share } from "./share.js";
import { h, legend, s } from "./svg.js";

const MODELS = [["lstm", "forward LSTM", "w-lstm"], ["bilstm", "BiLSTM", "w-bi"]];

/** Words of `text` the toy models do not know, each once. */
export function unknownWords(text, vocab) {
  return [...new Set(text.toLowerCase().split(/\s+/).filter((w) => w && !vocab.includes(w)))];
}

function chart(result, word) {
  const rowH = 22, W = 340, left = 90, bar = (W - left - 10);
  const svg = s("svg", { viewBox: `0 0 ${W} ${result.words.length * rowH + 18}`, class: "w-chart w-bank", role: "img",
    "aria-label": `P(money) per word, forward LSTM and BiLSTM: ${result.words.map((w, k) => `${w} ${result.lstm[k].toFixed(2)} / ${result.bilstm[k].toFixed(2)}`).join(", ")}` });
  result.words.forEach((w, k) => {
    const y = k * rowH;
    if (w === word) svg.append(s("rect", { class: "w-shade", x: 0, y, width: W, height: rowH }));
    svg.append(s("text", { class: "w-tick", x: left - 6, y: y + 15, "text-anchor": "end" }, w));
    MODELS.forEach(([key, , cls], j) => svg.append(s("rect", { class: `w-hbar ${cls}`, "data-series": key,
      x: left, y: y + 3 + j * 8, height: 7, width: Math.max(1, result[key][k] * bar) })));
  });
  const yEnd = result.words.length * rowH;
  for (const [v, label] of [[0, "river"], [0.5, "0.5"], [1, "money"]]) {
    svg.append(s("line", { class: "w-grid", x1: left + v * bar, x2: left + v * bar, y1: 0, y2: yEnd }),
      s("text", { class: "w-tick", x: left + v * bar, y: yEnd + 13, "text-anchor": v === 0 ? "start" : v === 1 ? "end" : "middle" }, label));
  }
  return svg;
}

export function mount(body, data) {
  const select = h("select", { class: "w-example", "aria-label": "Example sentence" },
    data.examples.map((e, k) => h("option", { value: k }, e.sentence)));
  const input = h("input", { type: "text", class: "w-text", "aria-label": "Or type a toy sentence", placeholder: "or type: the bank by the water" });
  const form = h("form", { class: "w-controls", onsubmit: (e) => { e.preventDefault(); share("bank", { text: input.value }); typed(); } }, input,
    h("button", { type: "submit", class: "w-button w-run" }, "Run"));
  const box = h("div", { class: "w-chart-box" });
  const status = h("p", { class: "w-status", role: "status" });
  body.append(h("p", { class: "w-title" }, "P(money) at every word: forward-only vs bidirectional"),
    h("p", { class: "w-controls" }, h("label", {}, "Sentence ", select)), form, box, status);

  function show(result, origin) {
    const at = result.words.indexOf(data.word);
    box.replaceChildren(chart(result, data.word),
      legend(MODELS.map(([, label, cls]) => ({ cls, label: `${label}: P(money)` }))));
    const where = at >= 0 ? `At “${data.word}”: forward ${result.lstm[at].toFixed(2)}, bidirectional ${result.bilstm[at].toFixed(2)}. ` : "";
    status.textContent = `${where}${origin}`;
    status.classList.remove("w-problem");
  }

  async function typed() {
    const bad = unknownWords(input.value, data.vocab);
    if (!input.value.trim()) return;
    if (bad.length) {
      status.classList.add("w-problem");
      status.textContent = `Not in the toy vocabulary: ${bad.join(", ")}. The models know only the words of their generated ` +
        `sentences (${data.vocab.length} words: ${data.vocab.join(", ")}); the cue words are ${data.cues.river.join(", ")} (river) ` +
        `and ${data.cues.money.join(", ")} (money).`;
      return;
    }
    try {
      show(await call("explainers.figures.widgets_bank", "probs", [input.value], (w) => (status.textContent = w)),
        "Computed in your browser by the page's Python.");
      body.parentElement.dataset.live = "done";
    } catch (err) {
      status.classList.add("w-problem");
      status.textContent = `Python could not run it: ${err.message}`;
    }
  }

  const example = () => show(data.examples[select.value], `Sense: ${data.examples[select.value].sense}.`);
  select.addEventListener("change", () => (example(), share("bank", { example: select.value })));
  const link = linked("bank") ?? {};
  if (/^\d+$/.test(link.example ?? "") && data.examples[link.example]) select.value = link.example;
  example();
  if (link.text) { // a linked sentence is computed at once: following the link asked for it
    input.value = link.text;
    typed();
  }
}
