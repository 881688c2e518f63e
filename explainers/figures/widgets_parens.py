"""Data for the LSTM page's widgets (replay, force the gates, c vs h, your own text), from the trained
parenthesis LSTM. The same functions compute the build-time JSON and, in the reader's browser, the
live replay of a typed sentence (`replay(sentence)`), so both agree to the digits stored.

JSON `replay`:  {"sentence", "vocab", "units" [3], "r" [3], "hidden_size", "trace": TRACE,
                 "cvh": {"units" [H, most telling first], "r" [H], "c" [H][T], "h" [H][T],
                         "variation" [H] {"c_drift", "h_drift", "c_jump", "h_jump"}}}
JSON `forcing`: {"sentence", "target" [T], "units", "gates": ["f", "i", "o"], "modes": ["learned", "open", "closed"],
                 "held_out_size", "majority_baseline",
                 "combos": {KEY: {"force": {gate: 0 | 1}, "accuracy", "sentence_accuracy", "trace": TRACE1}}}
    KEY is one letter per gate in the order f, i, o: "l" learned, "o" open (1), "c" closed (0).
TRACE: {"target" [T], "p" [T] P(inside), "i", "f", "g", "o", "c", "h": [T][3] (the telling units)}.
TRACE1: the same for the most telling unit alone, [T] each, without the gates the key pins (their
value is the constant in "force") and without "target": 27 sentences stay small. Floats have 3 significant digits."""
import functools
import itertools

import numpy as np

from explainers.figures import _parens, c_vs_h
from explainers.tasks import parens as task
from explainers.train import parens as trained

NAME = "widgets_parens"
DEPENDS = ("explainers/data/parens_lstm.npz", "explainers/data/parens_lstm.json")
DIGITS = 3
GATES = ("f", "i", "o")
MODES = {"l": ("learned", None), "o": ("open", 1.0), "c": ("closed", 0.0)}


def force_of(key: str) -> dict:
    """"lcl" -> {"i": 0.0}: the gates a combination key pins, in the order f, i, o."""
    if len(key) != 3 or set(key) - set(MODES):
        raise ValueError(f"a forcing key is 3 letters from 'l', 'o', 'c' (f, i, o), not {key!r}")
    return {g: MODES[m][1] for g, m in zip(GATES, key) if MODES[m][1] is not None}


@functools.lru_cache(maxsize=1)
def _model():
    return _parens.load()  # (model, head, meta, units, r): loaded once per Python


def trace(sentence: str, force=None, units=None) -> dict:
    """TRACE of `sentence` (characters of task.VOCAB only; others raise ValueError naming them)."""
    model, head, _, telling, _ = _model()
    run = _parens.run_sentence(model, head, sentence, telling if units is None else units, force or None)
    out = {"target": run["target"].tolist(), "p": _parens.sig(run["p_inside"], DIGITS)}
    out.update({k: _parens.sig(run[k], DIGITS) for k in ("i", "f", "g", "o", "c", "h")})
    return out


def replay(sentence: str) -> dict:
    """The live replay of a typed sentence: {"sentence", "units", "trace"} (as in the JSON)."""
    return {"sentence": sentence, "units": _model()[3], "trace": trace(sentence)}


def compute() -> dict:
    model, head, meta, units, r = _model()
    s = task.DEFAULT_SENTENCE
    order = np.argsort(-np.abs(r), kind="stable").tolist()  # every unit, most telling first
    run = _parens.run_sentence(model, head, s, order)
    # formatted in Python, once, as the caption formats them: the widget shows these strings as they are
    var = [c_vs_h.shown(c_vs_h.variation(run["c"][:, j], run["h"][:, j], s)) for j in range(len(order))]
    cvh = {"units": order, "r": _parens.sig(r[order], DIGITS), "c": _parens.sig(run["c"].T, DIGITS),
           "h": _parens.sig(run["h"].T, DIGITS), "variation": var}
    combos = {}
    for letters in itertools.product(MODES, repeat=3):
        key = "".join(letters)
        force = force_of(key)
        tr = trace(s, force, units[:1])
        acc = _acc(tr)
        tr = {k: [row[0] for row in v] if k in "ifgoch" else v for k, v in tr.items()
              if k not in force and k != "target"}
        combos[key] = {"force": force, "accuracy": float(f"{trained.evaluate(model, head, force or None):.4g}"),
                       "sentence_accuracy": float(f"{acc:.4g}"), "trace": tr}
    replay_data = {"sentence": s, "vocab": task.VOCAB, "units": units, "r": _parens.sig(r[units], DIGITS),
                   "hidden_size": model.hidden_size, "trace": trace(s), "cvh": cvh}
    forcing = {"sentence": s, "target": task.targets(s).tolist(), "units": units, "gates": list(GATES), "modes": [m[0] for m in MODES.values()],
               "held_out_size": task.HELD_OUT_SIZE, "majority_baseline": meta["majority_baseline"],
               "combos": combos}
    return {"replay": replay_data, "forcing": forcing}


def _acc(tr: dict) -> float:
    """Share of the sentence's characters answered right (P(inside) > 0.5 against the target)."""
    return float(np.mean((np.array(tr["p"]) > 0.5) == np.array(tr["target"])))


def render(data: dict) -> list:
    from .base import Json

    return [Json("replay", data["replay"]), Json("forcing", data["forcing"])]
