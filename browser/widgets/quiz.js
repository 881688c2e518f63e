// Graded questions (sitebuild/pages/quiz_html.py writes them): multiple choice with an explanation for every
// option, and matching. Native radios, selects and buttons, so the keyboard works as everywhere else.
// "Predict, then run" questions live in quiz-predict.js.
import { plainText } from "./plaintext.js";
import { h } from "./svg.js";

let count = 0;
const move = (from) => [...from.childNodes]; // nodes are moved, never copied: KaTeX may have rendered them

function feedback(el, ok, ...parts) {
  el.replaceChildren(...parts);
  el.dataset.result = ok ? "right" : "wrong";
}

/** An option's explanation for the feedback line: its nodes copied (maths stays typeset), without the
 *  "Right." / "Not this one." that opens it under the option. */
function explanation(why) {
  const copy = why.cloneNode(true);
  const verdict = copy.querySelector("strong");
  if (verdict && /^(Right\.|Not this one\.)$/.test(verdict.textContent.trim())) verdict.remove();
  return [...copy.childNodes];
}

function choice(el) {
  const id = `quiz-${++count}`;
  const question = el.querySelector(".quiz-question");
  question.id ||= `${id}-q`;
  const options = [...el.querySelectorAll(".quiz-options > li")];
  const whys = [...el.querySelectorAll(".quiz-whys > li")];
  const group = h("div", { role: "radiogroup", class: "quiz-form", "aria-labelledby": question.id });
  const rows = options.map((li, k) => {
    const radio = h("input", { type: "radio", name: id, value: k });
    const why = h("div", { class: "quiz-why", hidden: true }, move(whys[k]));
    const row = h("div", { class: "quiz-option", "data-correct": li.hasAttribute("data-correct") }, h("label", {}, radio, " ", h("span", {}, move(li))), why);
    group.append(row);
    return { radio, why, row, correct: li.hasAttribute("data-correct") };
  });
  const result = h("p", { class: "quiz-feedback", role: "status", "aria-live": "polite" });
  const check = h("button", { type: "button", class: "w-button quiz-check" }, "Check");
  check.addEventListener("click", () => {
    const chosen = rows.find((r) => r.radio.checked);
    if (!chosen) return feedback(result, false, "Choose an option first.");
    for (const r of rows) {
      r.why.hidden = false;
      r.row.classList.toggle("quiz-right", r.correct);
      r.row.classList.toggle("quiz-wrong", r === chosen && !r.correct);
    }
    const why = explanation(chosen.why);
    if (chosen.correct) feedback(result, true, "Right. ", ...why);
    else feedback(result, false, "Not quite. ", ...why, " Every option's explanation is shown below it.");
  });
  el.querySelector(".quiz-options").replaceWith(group);
  el.querySelector(".quiz-answer").hidden = true;
  group.after(h("div", { class: "quiz-bar" }, check), result);
}

function match(el) {
  const items = [...el.querySelectorAll(".quiz-items > li")];
  const choices = [...el.querySelectorAll(".quiz-choices > li")].map(plainText);
  const rows = items.map((li, k) => {
    const select = h("select", { class: "quiz-select", "aria-label": `Job of: ${plainText(li)}` },
      h("option", { value: "" }, "choose…"), choices.map((c, j) => h("option", { value: j }, c)));
    const mark = h("span", { class: "quiz-mark" });
    return { select, mark, answer: li.dataset.answer,
      tr: h("tr", { "data-item": k, "data-answer": li.dataset.answer }, h("th", { scope: "row" }, move(li)), h("td", {}, select, " ", mark)) };
  });
  const result = h("p", { class: "quiz-feedback", role: "status", "aria-live": "polite" });
  const check = h("button", { type: "button", class: "w-button quiz-check" }, "Check");
  check.addEventListener("click", () => {
    let right = 0;
    for (const r of rows) {
      const ok = r.select.value === r.answer;
      right += ok;
      r.mark.textContent = r.select.value === "" ? "" : ok ? "✓ right" : "✗ not this";
      r.tr.className = r.select.value === "" ? "" : ok ? "quiz-right" : "quiz-wrong";
    }
    const all = right === rows.length;
    feedback(result, all, all ? `Right: all ${rows.length} matched.` + (el.querySelector(".quiz-why") ? " The reasons are under “Answer”." : "")
      : `${right} of ${rows.length} right. Change the ones marked ✗ and check again.`);
  });
  el.querySelector(".quiz-items").replaceWith(h("table", { class: "quiz-match" }, h("tbody", {}, rows.map((r) => r.tr))));
  el.querySelector(".quiz-choices").remove();
  el.querySelector(".quiz-choices-label").remove();
  el.querySelector(".quiz-match").after(h("div", { class: "quiz-bar" }, check), result);
}

export function mountQuiz(el) {
  const kind = el.dataset.quiz;
  if (kind === "choice") choice(el);
  else if (kind === "match") match(el);
  else if (kind === "predict") return import("./quiz-predict.js").then((m) => { m.predict(el); el.dataset.ready = "true"; });
  el.dataset.ready = "true";
}
