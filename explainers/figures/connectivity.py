"""Connectivity: how much each earlier character moves the trained models' prediction at character t.

For the committed parenthesis RNN, LSTM and GRU (explainers.train.parens, .parens_rnn_gru) and a text,

    S[t][s] = ‖∂z_t/∂x_s‖,   s ≤ t   (s > t is exactly 0: nothing reads the future),

z_t = logit(inside) − logit(outside) = log(P/(1 − P)), the log-odds of the prediction after character t,
x_s the one-hot input of character s (the norm runs over its len(VOCAB) entries). The log-odds and not
P: a confident P saturates, and its derivative would vanish however much the model reads. Computed by
each model's own backpropagation through time (Recurrent.backward), checked against finite differences
in tests/test_figures_connectivity.py. `sizes(text)` is both the build's data and the page's live call.

JSON `text`: {"text", "vocab", "max": MAX, "models": ["rnn", "lstm", "gru"], "labels", "share": REACH,
              "rnn" | "lstm" | "gru": {"p" [T] P(inside), "sizes" [T][t+1] S[t][0..t],
                                        "strongest" [T] k = t − s of the largest S[t][s],
                                        "reach" [T] the largest k with S[t][t−k] ≥ REACH × that largest}}
"""
import functools

import numpy as np

from explainers.figures import _parens
from explainers.tasks import parens as task
from explainers.train import parens as trained_lstm
from explainers.train import parens_rnn_gru as trained_others

NAME = "connectivity"
DEPENDS = ("explainers/data/parens_*.npz", "explainers/data/parens_*.json")  # the RNN, LSTM and GRU
MODELS = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
REACH = 0.1   # "reaches k back": a character k back still moves z_t by a tenth of the strongest one
MAX = 150     # characters a reader may type: the backward pass below is T sequences of T steps
DIGITS = 3


@functools.lru_cache(maxsize=1)
def _models():
    """name -> (model, head, meta), loaded once per Python."""
    return {"lstm": trained_lstm.load(), **{m: trained_others.load(f"parens_{m}") for m in ("rnn", "gru")}}


# --8<-- [start:jacobian]
def jacobian(model, head, x):
    """(dz (T, T, X) with dz[t, s] = ∂z_t/∂x_s, z (T,) the log-odds of "inside"), x (T, X)."""
    T = len(x)
    w = head.weight[1] - head.weight[0]          # (H,) ∂z_t/∂h_t: z_t is linear in h_t
    xb = np.repeat(x[:, None], T, axis=1)        # (T, B=T, X): copy b of the text asks about step b
    dh = np.zeros((T, T, model.hidden_size))     # (T, B, H)
    dh[np.arange(T), np.arange(T)] = w           # copy b's loss is z_b alone
    dx = model.backward(xb, dh).x                # (T, B, X): dx[s, b] = ∂z_b/∂x_s
    z = head(model.run(x).h) @ np.array([-1.0, 1.0])
    return dx.transpose(1, 0, 2), z
# --8<-- [end:jacobian]


def _one(model, head, x):
    dz, z = jacobian(model, head, x)
    S = np.linalg.norm(dz, axis=-1)              # (T, T), zero above the diagonal
    rows = [S[t, : t + 1][::-1] for t in range(len(x))]  # by k = t − s, k = 0 first
    return {"p": _parens.sig(1 / (1 + np.exp(-z)), DIGITS),
            "sizes": [_parens.sig(r[::-1], DIGITS) for r in rows],
            "strongest": [int(np.argmax(r)) for r in rows],
            "reach": [int(np.nonzero(r >= REACH * r.max())[0].max()) for r in rows]}


def sizes(text: str) -> dict:
    """JSON `text` for `text` (1 to MAX characters of task.VOCAB; anything else raises ValueError)."""
    if not 1 <= len(text) <= MAX:
        raise ValueError(f"the text has {len(text)} characters; give 1 to {MAX}")
    x = task.encode(text)                        # (T, X); raises naming characters outside VOCAB
    out = {"text": text, "vocab": task.VOCAB, "max": MAX, "models": list(MODELS), "labels": MODELS, "share": REACH}
    for name, (model, head, _) in _models().items():
        out[name] = _one(model, head, x)
    return out


def compute() -> dict:
    data = sizes(task.DEFAULT_SENTENCE)
    s = data["text"]
    open_, close = s.index("("), s.index(")")
    at = close - 1                               # the last character inside the first parenthesis
    no_open = task.encode(s[:open_] + " " + s[open_ + 1:])  # that "(" replaced, not nudged: a space
    summary = {"majority_baseline": _models()["lstm"][2]["majority_baseline"]}
    for m, (model, head, _) in _models().items():
        row = data[m]["sizes"][at]
        z = jacobian(model, head, no_open[: at + 1])[1][at]
        summary[m] = {"open_share": row[open_] / max(row), "reach_at": data[m]["reach"][at],
                      "p_at": data[m]["p"][at], "p_at_without_open": _parens.sig(1 / (1 + np.exp(-z)), DIGITS),
                      "median_reach": float(np.median(data[m]["reach"])), "max_reach": max(data[m]["reach"]),
                      "accuracy": _models()[m][2]["accuracy"], "decay": _models()[m][2]["decay"]}
    summary["rnn"]["accuracy_with_lstm_decay"] = _models()["rnn"][2]["accuracy_with_lstm_decay"]
    return {"text": data, "open": open_, "close": close, "at": at, "distance": at - open_, "summary": summary}


def values(data: dict) -> dict:
    from .base import sci

    s = data["summary"]
    out = {"length": str(len(data["text"]["text"])), "distance": str(data["distance"]), "t_at": str(data["at"] + 1),
           "share": f"{100 * data['text']['share']:g} %", "max": str(MAX), "char_at": data["text"]["text"][data["at"]]}
    for m in MODELS:
        out[f"{m}_open_share"] = sci(s[m]["open_share"]) if s[m]["open_share"] < 0.01 else f"{s[m]['open_share']:.2f}"
        out[f"{m}_median_reach"] = f"{s[m]['median_reach']:g}"
        out[f"{m}_max_reach"] = str(s[m]["max_reach"])
        out[f"{m}_accuracy"] = f"{100 * s[m]['accuracy']:.1f} %"
        out[f"{m}_p_at"] = f"{s[m]['p_at']:.2f}"
        out[f"{m}_p_at_without_open"] = sci(s[m]["p_at_without_open"])
    out["rnn_decayed_accuracy"] = f"{100 * s['rnn']['accuracy_with_lstm_decay']:.1f} %"
    out["majority_baseline"] = f"{100 * s['majority_baseline']:.1f} %"
    return out


def render(data: dict) -> list:
    from . import style
    from .base import Figure, Json, claim

    d, s, v = data["text"], data["text"]["text"], values(data)
    T = len(s)
    fig, axes = style.figure(9.5, 3.5, ncols=len(MODELS), sharey=True)
    brackets = [k for k, ch in enumerate(s) if ch in "()"]
    for ax, m in zip(axes, MODELS):
        rel = np.full((T, T), np.nan)            # rows t, columns s; above the diagonal nothing is read
        for t, row in enumerate(d[m]["sizes"]):
            rel[t, : t + 1] = np.log10(np.maximum(np.array(row) / max(row), 1e-30))
        im = ax.imshow(rel, cmap="viridis", vmin=-4, vmax=0, interpolation="nearest")
        ax.set_title(f"{MODELS[m]}: reach ≤ {max(d[m]['reach'])} back")
        ax.set_xticks(brackets, [s[k] for k in brackets])
        ax.set_yticks(brackets, [s[k] for k in brackets])
        ax.set_xlabel("character s read")
        ax.grid(False)
    axes[0].set_ylabel("prediction after t")
    bar = fig.colorbar(im, ax=axes, pad=0.01, aspect=20, fraction=0.03, ticks=[0, -1, -2, -3, -4])
    bar.ax.set_yticklabels(["1", "$10^{-1}$", "$10^{-2}$", "$10^{-3}$", "$\\leq 10^{-4}$"])
    claim(max(d["rnn"]["reach"]) < data["distance"] / 3 and all(r == t for t, r in enumerate(d["lstm"]["reach"])),
          "the RNN's band is narrow, the LSTM's triangle is full")
    alt = (f"Three triangles, one per trained model, of the size of the gradient of the prediction after each of the "
           f"{T} characters of '{s}' with respect to every earlier character, relative to the strongest: the RNN's "
           f"is a narrow band along the diagonal (a tenth of the strongest pull reaches at most {v['rnn_max_reach']} "
           f"characters back), the LSTM's is filled to the first character, the GRU's is brightest in the columns "
           f"of the brackets.")
    caption = (rf"\(\lVert \partial z_t / \partial x_s \rVert\) for the trained parenthesis RNN, LSTM and GRU "
               rf"over “{s}”, each row divided by its largest value, on a log scale; "
               rf"\(z_t\) is the log-odds of “inside” after character \(t\). The ticks mark the brackets.")
    return [Figure("triangles", style.to_svg(fig), alt, caption), Json("text", d)]
