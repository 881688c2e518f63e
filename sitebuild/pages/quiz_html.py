"""Graded questions: a ```quiz fence with a YAML body becomes HTML that reads well without JavaScript
(question, options, the answers in a <details>) and that assets/widgets/quiz*.js makes interactive.

    type: choice     question, options: [{text, why, correct: true on exactly one}]
    type: match      question, items: [{item, answer}], extra: [distractor answers], why (optional)
    type: predict    question, answer: a Python expression, setup: statements run first (optional),
                     tolerance: 0.01 (absolute) or "2%" (relative), why (optional)

`predict` answers are never typed by hand: CPython evaluates `answer` at build time, and the browser
recomputes the same code in the page's Python on "Run it". Text fields are Markdown (KaTeX allowed)."""
from __future__ import annotations

import html
import json
import math
import re

import yaml

KEYS = {"choice": {"type", "question", "options"}, "match": {"type", "question", "items", "extra", "why"},
        "predict": {"type", "question", "answer", "setup", "tolerance", "why"}}


class QuizError(ValueError):
    """A malformed quiz; the message says what is wrong."""


def _need(cond, message):
    if not cond:
        raise QuizError(message)


def parse(body: str) -> dict:
    """The quiz spec from the fence's YAML, checked; raises QuizError saying what is wrong."""
    try:
        spec = yaml.safe_load(body)
    except yaml.YAMLError as exc:
        raise QuizError(f"its YAML does not parse: {exc}") from None
    _need(isinstance(spec, dict), "its body must be a YAML mapping with `type` and `question`")
    kind = spec.get("type")
    _need(kind in KEYS, f"`type` must be one of {', '.join(KEYS)}, not {kind!r}")
    unknown = set(spec) - KEYS[kind]
    _need(not unknown, f"unknown keys for a {kind} quiz: {', '.join(sorted(unknown))}")
    _need(isinstance(spec.get("question"), str) and spec["question"].strip(), "`question` is missing")
    if kind == "choice":
        opts = spec.get("options")
        _need(isinstance(opts, list) and len(opts) >= 2, "`options` needs at least two entries")
        for k, o in enumerate(opts, 1):
            _need(isinstance(o, dict) and set(o) <= {"text", "why", "correct"}, f"option {k}: use text, why, correct")
            _need(str(o.get("text", "")).strip() and str(o.get("why", "")).strip(), f"option {k} needs `text` and `why`")
        _need(sum(o.get("correct") is True for o in opts) == 1, "exactly one option needs `correct: true`")
    elif kind == "match":
        items = spec.get("items")
        _need(isinstance(items, list) and len(items) >= 2, "`items` needs at least two entries")
        for k, it in enumerate(items, 1):
            _need(isinstance(it, dict) and set(it) == {"item", "answer"}, f"item {k} needs `item` and `answer`")
    else:
        _need(isinstance(spec.get("answer"), str) and spec["answer"].strip(), "`answer` (an expression) is missing")
        tol = spec.get("tolerance")
        _need(isinstance(tol, (int, float)) and tol > 0 or isinstance(tol, str) and re.fullmatch(r"\d+(\.\d+)?%", tol),
              "`tolerance` must be a positive number (absolute) or a percentage like '2%' (relative)")
    return spec


def evaluate(spec: dict) -> float:
    """The predict answer, computed now by CPython: `setup` then `answer` (explainers.quiz.answer,
    which the page's Python also runs on "Run it")."""
    from explainers import quiz

    try:
        value = quiz.answer(spec.get("setup") or "", spec["answer"])
    except Exception as exc:
        raise QuizError(f"its answer `{spec['answer']}` failed: {type(exc).__name__}: {exc}") from None
    _need(math.isfinite(value), f"its answer `{spec['answer']}` is not a finite number")
    return value


def live_call(spec: dict) -> dict:
    """What the browser calls on "Run it": the same function with the same setup and expression."""
    return {"module": "explainers.quiz", "function": "answer", "args": [spec.get("setup") or "", spec["answer"]]}


def _attr(value) -> str:
    return html.escape(str(value), quote=True)


def to_html(spec: dict, quiz_id: str, md) -> str:
    """The quiz as one HTML block; `md(text)` renders Markdown, `md(text, inline=True)` without <p>."""
    kind = spec["type"]
    parts = [f'<div class="quiz" id="{quiz_id}" data-quiz="{kind}"{_extra_attrs(spec)}>',
             f'<div class="quiz-question">{md(spec["question"])}</div>']
    if kind == "choice":
        opts = spec["options"]
        parts.append('<ol class="quiz-options" type="A">')
        parts += [f'<li{" data-correct" if o.get("correct") else ""}>{md(str(o["text"]), inline=True)}</li>' for o in opts]
        parts.append('</ol><details class="quiz-answer"><summary>Answer</summary><ol class="quiz-whys" type="A">')
        for o in opts:
            verdict = "Right." if o.get("correct") else "Not this one."
            parts.append(f'<li{" data-correct" if o.get("correct") else ""}><strong>{verdict}</strong> '
                         f'{md(str(o["why"]), inline=True)}</li>')
        parts.append("</ol></details>")
    elif kind == "match":
        answers = list(dict.fromkeys([str(it["answer"]) for it in spec["items"]] + [str(a) for a in spec.get("extra", [])]))
        answers.sort(key=str.lower)  # a fixed order that is not the answer order
        parts.append('<ul class="quiz-items">')
        parts += [f'<li data-answer="{answers.index(str(it["answer"]))}">{md(str(it["item"]), inline=True)}</li>'
                  for it in spec["items"]]
        parts.append('</ul><p class="quiz-choices-label">to one of:</p><ul class="quiz-choices">')
        parts += [f"<li>{md(a, inline=True)}</li>" for a in answers]
        parts.append('</ul><details class="quiz-answer"><summary>Answer</summary><ul>')
        parts += [f'<li>{md(str(it["item"]), inline=True)} — {md(str(it["answer"]), inline=True)}</li>' for it in spec["items"]]
        parts.append("</ul>" + (f'<div class="quiz-why">{md(spec["why"])}</div>' if spec.get("why") else "") + "</details>")
    else:
        shown = ((spec.get("setup") or "").strip() + "\n" + spec["answer"].strip()).strip()
        parts.append(f'<pre class="quiz-code"><code>{html.escape(shown)}</code></pre>')
        value = f"{spec['value']:.4g}"
        parts.append(f'<details class="quiz-answer"><summary>Answer</summary><p><span class="quiz-value">'
                     f'{value}</span> (computed at build time), within {_attr(_tol_text(spec))}.</p>'
                     + (f'<div class="quiz-why">{md(spec["why"])}</div>' if spec.get("why") else "") + "</details>")
    parts.append("</div>")
    return "\n".join(parts)


def _tol_text(spec) -> str:
    tol = spec["tolerance"]
    return tol if isinstance(tol, str) else f"±{tol:g}"


def _extra_attrs(spec) -> str:
    if spec["type"] != "predict":
        return ""
    tol = spec["tolerance"]
    relative = isinstance(tol, str)
    value = float(tol.rstrip("%")) / 100 if relative else float(tol)
    return (f' data-answer="{spec["value"]!r}" data-tolerance="{value!r}" data-relative="{str(relative).lower()}"'
            f' data-call="{_attr(json.dumps(live_call(spec)))}"')
