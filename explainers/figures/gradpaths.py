"""Where the LSTM's gradient goes: the one-step Jacobian ∂c_t/∂c_{t-1}, split into the cell path and
the paths through the gates, measured step by step and multiplied over k steps.

Differentiating c_t = f_t c_{t-1} + i_t g_t, where every gate reads h_{t-1} = o_{t-1} tanh(c_{t-1}):

    ∂c_t/∂c_{t-1} = diag(f_t)                                         the cell path (the "carousel")
                  + [diag(c_{t-1} f_t(1-f_t)) W_hf + diag(g_t i_t(1-i_t)) W_hi
                     + diag(i_t(1-g_t²)) W_hg] diag(o_{t-1}(1 - tanh² c_{t-1}))    the gate paths

with W_hi, W_hf, W_hg the row blocks of weight_hh (PyTorch's order i, f, g, o). o_{t-1} does not read
c_{t-1}, so this is the whole one-step Jacobian (Hochreiter & Schmidhuber 1997 for the carousel). The
product of k of them is ∂c_T/∂c_{T-k} with the output gates held at their values; the output gate
adds paths that skip a cell (c_{t-1} → h_{t-1} → o_t → h_t → c_{t+1}), which the model's own
backpropagation counts (`all_paths`, for comparison).

JSON `grid`: {"hidden_size", "length", "forget_biases" [..], "scales" [..], "default": {"forget_bias",
              "scale"}, "k": int, "paths": {"<b_f>/<s>": PATHS}, "trained": {"sentence", "paths": PATHS}}
PATHS: {"full", "cell", "gates": CURVE, "step": {"full", "cell", "gates", "mean_f"}, "rate": {...}}
CURVE: log10 of the spectral norm of the product of the last k one-step factors of that kind, k = 0 ..
T-1, 3 decimals; null where it is exactly 0 (no gate paths when W_hh = 0). "step": the mean over t of
the one-step norms, ||J_t||, ||diag f_t|| = max f_t and ||gate part||, and the mean forget gate;
"rate": the geometric mean factor per step of each product over k = 10 .. 50 (the cliff's rate).
The random LSTMs are `LSTM.init` (the cliff's seed, inputs and size) with weight_hh times s."""
import functools

import numpy as np

from explainers.figures import cliff
from explainers.models import LSTM
from explainers.tasks import parens as task
from explainers.train import parens as trained

NAME = "gradpaths"
DEPENDS = ("explainers/data/parens_lstm.npz", "explainers/data/parens_lstm.json")
FORGET_BIASES = [0, 1, 2, 3, 4]
SCALES = [0, 1, 2, 3, 4]
DEFAULT = {"forget_bias": 1, "scale": 1}  # the cliff figure's LSTM, exactly
LIMIT = 5   # the largest forget bias and scale that paths() accepts
K = 40      # the k the page and the widget's status read out
RATE = (10, 50)


def key(forget_bias: float, scale: float) -> str:
    return f"{forget_bias:g}/{scale:g}"


# --8<-- [start:jacobians]
def jacobians(model, x, force=None):
    """The one-step Jacobians ∂c_t/∂c_{t-1} over x (T, X), t = 2 .. T, in two parts:
    (f (T-1, H): the cell path diag(f_t), gates (T-1, H, H)); the full Jacobian is diag(f_t) + gates[t]."""
    if set(force or {}) - {"o"}:
        raise ValueError("only the output gate may be pinned: the others' slopes are in the formula")
    tr = model.run(x, force=force)
    H = model.hidden_size
    W_hi, W_hf, W_hg = (model.weight_hh[q * H:(q + 1) * H] for q in range(3))  # (H, H) each
    i, f, g = (tr.gates[q][1:] for q in "ifg")          # (T-1, H): the gates at step t
    c_prev, o_prev = tr.c[:-1], tr.gates["o"][:-1]       # (T-1, H): c_{t-1}, o_{t-1}
    dh_dc = o_prev * (1 - np.tanh(c_prev) ** 2)          # (T-1, H): ∂h_{t-1}/∂c_{t-1}, a diagonal
    dc_dh = ((c_prev * f * (1 - f))[..., None] * W_hf    # through the forget gate's slope
             + (g * i * (1 - i))[..., None] * W_hi       # through the input gate's slope
             + (i * (1 - g ** 2))[..., None] * W_hg)     # through the candidate's slope; (T-1, H, H)
    return f, dc_dh * dh_dc[:, None, :]
# --8<-- [end:jacobians]


def _log_norms(factors) -> list:
    """log10 ||J_T J_{T-1} .. J_{T-k+1}||₂ for k = 0 .. len(factors); factors in time order. The product
    is renormalised at each step, so that it neither underflows nor overflows; -inf where it is 0."""
    P, log, out = np.eye(factors.shape[1]), 0.0, [0.0]
    for J in factors[::-1]:
        P = P @ J
        n = np.linalg.norm(P, 2)
        log, P = (log + np.log10(n), P / n) if n > 0 else (-np.inf, P)
        out.append(log)
    return out


def measure(model, x) -> dict:
    """PATHS of `model` over x (T, X)."""
    f, gates = jacobians(model, x)
    parts = {"full": gates + f[..., None] * np.eye(len(f[0])), "cell": f[..., None] * np.eye(len(f[0])),
             "gates": gates}
    curves = {q: _log_norms(J) for q, J in parts.items()}
    a, b = RATE
    return {**{q: [round(float(v), 3) if np.isfinite(v) else None for v in c] for q, c in curves.items()},
            "step": {**{q: _sig(np.linalg.norm(J, 2, axis=(1, 2)).mean()) for q, J in parts.items()},
                     "mean_f": _sig(f.mean())},
            "rate": {q: _sig(10 ** ((c[b] - c[a]) / (b - a))) if np.isfinite(c[b]) else None
                     for q, c in curves.items()}}


def _sig(v) -> float:
    return float(f"{float(v):.4g}")


def _inputs() -> np.ndarray:
    """The cliff figure's input sequence: (T, H), N(0, 0.1²)."""
    return np.random.default_rng(cliff.SEED + 1).standard_normal((cliff.T, cliff.H)) * cliff.INPUT_SCALE


def random_lstm(forget_bias: float, scale: float) -> LSTM:
    m = LSTM.init(cliff.H, cliff.H, seed=cliff.SEED, forget_bias=forget_bias)
    m.weight_hh *= scale
    return m


def paths(forget_bias: float, scale: float) -> dict:
    """PATHS of a fresh LSTM with this forget-gate bias and weight_hh times `scale`: what the widget
    draws, for any setting."""
    fb, s = float(forget_bias), float(scale)
    if not (0 <= fb <= LIMIT and 0 <= s <= LIMIT):
        raise ValueError(f"the forget bias and the scale must be between 0 and {LIMIT}, not {fb:g} and {s:g}")
    return measure(random_lstm(fb, s), _inputs())


def all_paths(model, x, k: int) -> float:
    """||∂c_T/∂c_{T-k}||₂ by the model's own backpropagation (output gates included): one backward
    pass per unit of c_T over the last k inputs, from c_{T-k} and h_{T-k} = o tanh(c_{T-k})."""
    tr, H, s = model.run(x), model.hidden_size, len(x) - 1 - k
    rep = lambda a: np.repeat(a[None], H, axis=0)  # noqa: E731  one copy per unit of c_T
    g = model.backward(np.repeat(x[s + 1:, None], H, axis=1), np.zeros((k, H, H)), h0=rep(tr.h[s]),
                       c0=rep(tr.c[s]), dc_T=np.eye(H))
    return float(np.linalg.norm(g.c0 + g.h0 * (tr.gates["o"][s] * (1 - np.tanh(tr.c[s]) ** 2)), 2))


@functools.lru_cache(maxsize=1)
def _trained():
    return trained.load()[0], task.encode(task.DEFAULT_SENTENCE)


def compute() -> dict:
    model, x = _trained()
    d = random_lstm(DEFAULT["forget_bias"], DEFAULT["scale"])
    return {"hidden_size": cliff.H, "length": cliff.T, "forget_biases": FORGET_BIASES, "scales": SCALES,
            "default": DEFAULT, "k": K, "paths": {key(b, s): paths(b, s) for b in FORGET_BIASES for s in SCALES},
            "trained": {"sentence": task.DEFAULT_SENTENCE, "hidden_size": model.hidden_size,
                        "paths": measure(model, x)},
            "all_paths": {"default": _sig(all_paths(d, _inputs(), K)), "trained": _sig(all_paths(model, x, K))}}


def render(data: dict) -> list:
    from .base import Json

    return [Json("grid", data)]


def values(data: dict) -> dict:
    from .base import sci

    out = {"k": str(data["k"]), "trained_length": str(len(data["trained"]["sentence"])),
           "default_fb": f"{data['default']['forget_bias']:g}", "default_scale": f"{data['default']['scale']:g}"}
    for name, p in (("default", data["paths"][key(**data["default"])]), ("trained", data["trained"]["paths"])):
        for q in ("full", "cell", "gates"):
            out[f"{name}_step_{q}"] = f"{p['step'][q]:.2f}"
            out[f"{name}_rate_{q}"] = f"{p['rate'][q]:.2f}"
            out[f"{name}_k_{q}"] = sci(10 ** p[q][data["k"]])
        out[f"{name}_mean_f"] = f"{p['step']['mean_f']:.2f}"
        out[f"{name}_full_over_cell"] = f"{10 ** (p['full'][data['k']] - p['cell'][data['k']]):.1f}"
        out[f"{name}_all_paths"] = sci(data["all_paths"][name])
    return out
