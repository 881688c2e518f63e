"""Data for the gradient lab on the gradient-cliff page: the measured ||∂h_T/∂x_{T-k}|| of a vanilla RNN
with spectral radius ρ and of an LSTM with forget-gate bias b_f, for a sequence of length T, on a
precomputed grid; the reader's browser calls `curves()` itself (the same code) for values between.

JSON `grid`: {"hidden_size", "rhos" [..], "forget_biases" [..], "lengths" [..],
              "default": {"rho", "forget_bias", "length"},
              "rnn": {"<rho>/<T>": CURVE}, "lstm": {"<b_f>/<T>": CURVE},
              "mean_f": {"<b_f>/<T>": float}}
CURVE: log10 of the norm relative to k = 0, for k = 0 .. T-1, rounded to 3 decimals (0.1% accuracy).
Keys format their numbers with `key()`, e.g. "0.9/50", "1/100"."""
import numpy as np

from explainers.figures import cliff
from explainers.models import LSTM

NAME = "widgets_cliff"
RHOS = [round(0.5 + 0.1 * k, 1) for k in range(11)]        # 0.5 .. 1.5
FORGET_BIASES = [round(0.5 * k, 1) for k in range(11)]      # 0 .. 5
LENGTHS = [25, 50, 100]
DEFAULT = {"rho": 0.9, "forget_bias": 2.0, "length": 50}  # the page's claims say what it shows
MAX_LENGTH = 200  # what the live computation accepts


def key(value: float, length: int) -> str:
    return f"{value:g}/{length}"


def _inputs(length: int) -> np.ndarray:
    """The first `length` of one fixed input sequence (the cliff figure's): (T, H), N(0, 0.1²)."""
    x = np.random.default_rng(cliff.SEED + 1).standard_normal((MAX_LENGTH, cliff.H)) * cliff.INPUT_SCALE
    return x[:length]


def _log_curve(n: np.ndarray) -> list:
    with np.errstate(divide="ignore"):
        return [round(float(v), 3) for v in np.log10(n / n[0])]


def rnn_curve(rho: float, length: int) -> list:
    return _log_curve(cliff.jacobian_norms(cliff.vanilla(rho), _inputs(length)))


def lstm_curve(forget_bias: float, length: int) -> tuple:
    """(CURVE, mean forget gate over the sequence) of a fresh LSTM with that forget-gate bias."""
    m = LSTM.init(cliff.H, cliff.H, seed=cliff.SEED, forget_bias=forget_bias)
    x = _inputs(length)
    return _log_curve(cliff.jacobian_norms(m, x)), round(float(m.run(x).gates["f"].mean()), 4)


def curves(rho: float, forget_bias: float, length: int) -> dict:
    """What the lab draws for any setting: {"rnn": CURVE, "lstm": CURVE, "mean_f": float}."""
    if not (2 <= int(length) <= MAX_LENGTH):
        raise ValueError(f"the sequence length must be between 2 and {MAX_LENGTH}, not {length}")
    lstm, mean_f = lstm_curve(float(forget_bias), int(length))
    return {"rnn": rnn_curve(float(rho), int(length)), "lstm": lstm, "mean_f": mean_f}


def compute() -> dict:
    rnn = {key(r, T): rnn_curve(r, T) for r in RHOS for T in LENGTHS}
    lstm, mean_f = {}, {}
    for fb in FORGET_BIASES:
        for T in LENGTHS:
            lstm[key(fb, T)], mean_f[key(fb, T)] = lstm_curve(fb, T)
    return {"hidden_size": cliff.H, "rhos": RHOS, "forget_biases": FORGET_BIASES, "lengths": LENGTHS,
            "default": DEFAULT, "rnn": rnn, "lstm": lstm, "mean_f": mean_f}


def render(data: dict) -> list:
    from .base import Json

    return [Json("grid", data)]


def values(data: dict) -> dict:
    """The lab's starting setting, and what it and the usual forget bias 1 keep 40 steps back (the
    page compares them)."""
    from .base import sci

    d, T, k = data["default"], data["default"]["length"], 40
    at = lambda kind, v: sci(10 ** data[kind][key(v, T)][k])  # noqa: E731
    return {"default_rho": f"{d['rho']:g}", "default_fb": f"{d['forget_bias']:g}", "default_length": str(T),
            "k": str(k), "rnn_default_k40": at("rnn", d["rho"]), "lstm_default_k40": at("lstm", d["forget_bias"]),
            "lstm_fb1_k40": at("lstm", 1.0)}
