"""Intervene on the trained cat-sat LSTM: pin a gate, or set one unit's cell c_t, at chosen words of a
beginning, and compare the next-word distribution with the unforced model's. `run` is the one function
that computes it: at build time for the default beginning (the `intervene` widget's JSON, the numbers of
the LSTM page's prose), in the reader's browser for any other setting, so that both give the same numbers."""
import numpy as np

from explainers.tasks import catsat as task
from explainers.train import catsat as trained
from explainers.train import core

NAME = "intervene"
DEPENDS = ("explainers/data/catsat_lstm.*",)
GATES = {"f": "forget", "i": "input", "o": "output"}
PINS = tuple(f"{g}{v}" for g in GATES for v in (0, 1))  # each gate closed (0) and open (1)
CELL_RANGE = (-3.0, 3.0)  # the trained cell stays within about ±2.5 on the grammar's sentences
TOP = 4  # likeliest words of each model shown
# The positions of a beginning that ends just before the place, in the grammar's order; "" = left out.
SLOTS = (("first word", task.DETERMINERS), ("adjective", ("", *task.ADJECTIVES)), ("subject", task.SUBJECTS),
         ("verb", task.VERBS), ("adverb", ("", *task.ADVERBS)), ("preposition", task.PREPOSITIONS),
         ("last word", task.DETERMINERS))
DEFAULT = {"what": {"gate": "f", "value": 0}, "at": [2]}  # the forget gate closed at "sat"
_loaded = {}  # the committed model, read once per Python (a widget calls run again and again)


def _rounded(x: float) -> float:
    """4 significant digits: stable JSON that the build and the browser write alike."""
    return float(f"{x:.4g}")


def _checked(words, what, at, hidden_size):
    """(what, at) validated, else a ValueError that says what is allowed."""
    if not isinstance(what, dict) or set(what) not in ({"gate", "value"}, {"unit", "value"}):
        raise ValueError(f"what must be {{'gate': 'f' | 'i' | 'o', 'value': v}} or {{'unit': u, 'value': v}}; got {what!r}")
    v = float(what["value"])
    if "gate" in what:
        if what["gate"] not in GATES or not 0 <= v <= 1:
            raise ValueError(f"a gate is one of {', '.join(GATES)}, pinned to a value in [0, 1]; got {what!r}")
        what = {"gate": what["gate"], "value": v}
    else:
        lo, hi = CELL_RANGE
        if what["unit"] not in range(hidden_size) or not lo <= v <= hi:
            raise ValueError(f"a cell is unit 0..{hidden_size - 1}, set to a value in [{lo:g}, {hi:g}]; got {what!r}")
        what = {"unit": int(what["unit"]), "value": v}
    if any(t not in range(len(words)) for t in at):
        raise ValueError(f"at must be word positions 0..{len(words) - 1}; got {at!r}")
    return what, sorted(set(int(t) for t in at))


def _next(model, head, x, what=None, at=()):
    """P(next word) (V,) after the last word of x (T, V), with `what` forced at the steps `at`."""
    H = model.hidden_size
    h, c = np.zeros(H), np.zeros(H)
    for t, x_t in enumerate(x):
        pin = what if what and t in at else None
        h, c, gates = model.step(x_t, h, c, {pin["gate"]: pin["value"]} if pin and "gate" in pin else None)
        if pin and "unit" in pin:  # the cell holds `value` from here on, and h_t shows it through o_t
            u = pin["unit"]
            c[u] = pin["value"]
            h[u] = gates["o"][u] * np.tanh(pin["value"])  # h_t = o_t tanh(c_t), that unit only
    return core.softmax(head(h))


def run(prefix: str, what: dict, at: list) -> dict:
    """The next word after `prefix` (words of the vocabulary), unforced and with `what` forced at the word
    positions `at` (0-based; the rest of the run is free): {"base", "forced": [V] probabilities in
    task.VOCAB's order, "shown": the likeliest words of either, "tv": total variation distance, "answer":
    the grammar's place (None unless the prefix ends just before one), "p_answer", "top"}."""
    if "model" not in _loaded:
        _loaded["model"], _loaded["head"], _ = trained.load()
    model, head = _loaded["model"], _loaded["head"]
    words = prefix.split()
    x = task.encode(words)
    what, at = _checked(words, what, at, model.hidden_size)
    base, forced = _next(model, head, x), _next(model, head, x, what, at)
    try:
        answer = task.blank(words)
    except (ValueError, KeyError, StopIteration):
        answer = None
    top = lambda p: [task.VOCAB[k] for k in np.argsort(-p, kind="stable")[:TOP]]  # noqa: E731
    shown = sorted(set(top(base)) | set(top(forced)), key=lambda w: (-base[task.INDEX[w]], w))
    k = task.INDEX.get(answer)
    return {"words": words, "what": what, "at": at, "answer": answer,
            "base": [_rounded(p) for p in base], "forced": [_rounded(p) for p in forced], "shown": shown,
            "top": {"base": top(base)[0], "forced": top(forced)[0]},
            "p_answer": None if k is None else {"base": _rounded(base[k]), "forced": _rounded(forced[k])},
            "tv": _rounded(0.5 * np.abs(forced - base).sum())}


def key(what: dict, at: list) -> str:
    """The name of a setting in the JSON's `runs` (intervene.js builds the same): "f0@2", "c3=0@1,2"."""
    head = f"{what['gate']}{what['value']:g}" if "gate" in what else f"c{what['unit']}={what['value']:g}"
    return f"{head}@{','.join(map(str, at))}"


def compute() -> dict:
    prefix, words = task.EXAMPLE, task.EXAMPLE.split()
    n, H = len(words), trained.CONFIG["hidden_size"]
    settings = [({"gate": p[0], "value": int(p[1])}, at) for at in [[t] for t in range(n)] + [list(range(n))]
                for p in PINS]
    settings += [({"unit": u, "value": 0}, [t]) for u in range(H) for t in range(n)]  # each unit's cell emptied
    runs = {key(what, at): run(prefix, what, at) for what, at in settings}
    moves = {p: {"tv": [runs[f"{p}@{t}"]["tv"] for t in range(n)],  # one gate pinned at one word: the blank
                 "p": [runs[f"{p}@{t}"]["p_answer"]["forced"] for t in range(n)],
                 "top": [runs[f"{p}@{t}"]["top"]["forced"] for t in range(n)]} for p in PINS}
    ranked = sorted(((runs[f"{p}@{t}"]["tv"], p, t) for p in PINS for t in range(n)), reverse=True)
    largest = [{"pin": p, "at": t, "tv": tv} for tv, p, t in ranked]
    cells = {"p": [[runs[f"c{u}=0@{t}"]["p_answer"]["forced"] for u in range(H)] for t in range(n)]}
    cells["min_at"] = [int(np.argmin(row)) for row in cells["p"]]
    return {"prefix": prefix, "words": words, "vocab": list(task.VOCAB), "hidden_size": H,
            "slots": [{"name": name, "choices": list(choices)} for name, choices in SLOTS],
            "gates": GATES, "cell_range": list(CELL_RANGE), "default": {**DEFAULT, "key": key(**DEFAULT)},
            "runs": runs, "answer": runs[key(**DEFAULT)]["answer"],
            "p_base": runs[key(**DEFAULT)]["p_answer"]["base"], "moves": moves, "largest": largest,
            "largest_before_blank": [x for x in largest if x["at"] < n - 1], "cells": cells}


def render(data: dict) -> list:
    from .base import Json, claim

    claim(data["runs"][data["default"]["key"]]["answer"] == data["answer"], "the widget's default prefix has a blank")
    return [Json("intervene", {k: data[k] for k in ("prefix", "words", "vocab", "hidden_size", "slots", "gates",
                                                     "cell_range", "default", "runs", "answer")})]


def values(data: dict) -> dict:
    out = {"p_base": f"{data['p_base']:.2f}", "answer": data["answer"], "hidden_size": str(data["hidden_size"])}
    for p, m in data["moves"].items():
        for t in range(len(data["words"])):
            out[f"{p}_{t}"] = f"{m['p'][t]:.2f}"
            out[f"{p}_tv_{t}"] = f"{m['tv'][t]:.2f}"
            out[f"{p}_top_{t}"] = m["top"][t]
    for t, (row, u) in enumerate(zip(data["cells"]["p"], data["cells"]["min_at"])):
        out[f"cell_min_unit_{t}"], out[f"cell_min_p_{t}"] = str(u), f"{row[u]:.2f}"
    return out
