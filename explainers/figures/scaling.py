"""What a step costs to remember: an LSTM's state vs a Transformer's key-value cache.

Counted, per layer and per sequence, for one stated model width. A recurrent layer carries a fixed
state however long the sequence (the LSTM: h_t and c_t, 2·d numbers). A Transformer decoder keeps the
keys and values of every past position to attend to them (2·d numbers per position: a cache that grows
with T), and attention over the whole sequence takes work that grows with T² (Vaswani et al. 2017).
The counts are exact arithmetic, not a benchmark: the shapes, not a machine, set them.
"""
import numpy as np

NAME = "scaling"
D = 512                              # the model width d of both layers (hidden size = d_model)
BYTES = 2                            # numbers stored as 16-bit floats, as in inference
T = np.unique(np.round(np.logspace(0, 5, 61)).astype(int))   # sequence lengths 1 .. 100,000
QUOTED = (1_000, 100_000)            # the lengths the prose quotes


def lstm_state(t):
    """Numbers an LSTM layer keeps between steps: h_t and c_t, whatever the length."""
    return np.full_like(np.asarray(t), 2 * D)


def kv_cache(t):
    """Numbers a Transformer layer keeps to attend to the past: one key and one value per position."""
    return 2 * D * np.asarray(t)


def attention_macs(t):
    """Multiply-adds of attention over a whole sequence of length t: scores QKᵀ and the weighted sum
    of V, each t·t·d (projections and the MLP, linear in t, are left out)."""
    t = np.asarray(t, dtype=float)
    return 2 * t * t * D


def lstm_macs(t):
    """Multiply-adds of an LSTM layer over a sequence of length t: per step, the four gates' input and
    recurrent products, 4d·d each (input size = d): linear in t."""
    return 8.0 * D * D * np.asarray(t, dtype=float)


def compute() -> dict:
    out = {"d": D, "bytes": BYTES, "t": T.tolist(),
           "lstm": lstm_state(T).tolist(), "kv": kv_cache(T).tolist(),
           "attention": attention_macs(T).tolist(), "lstm_macs": lstm_macs(T).tolist(),
           "crossover": 4 * D, "quoted": {}}  # 2·t²·d = 8·d²·t  <=>  t = 4d
    for t in QUOTED:
        out["quoted"][str(t)] = {"lstm": int(lstm_state(t)), "kv": int(kv_cache(t)),
                                 "attention": float(attention_macs(t))}
    return out


def _mb(numbers: float, nbytes: int) -> str:
    size = numbers * nbytes
    return f"{size / 1e6:,.1f} MB" if size >= 1e6 else f"{size / 1e3:,.1f} kB"


def values(data: dict) -> dict:
    from .base import sci

    b, q = data["bytes"], data["quoted"]
    out = {"d": str(data["d"]), "lstm_numbers": f"{q['1000']['lstm']:,}", "lstm_kb": _mb(q["1000"]["lstm"], b)}
    for t, c in q.items():
        out[f"kv_{t}"] = f"{c['kv']:,}"
        out[f"kv_mb_{t}"] = _mb(c["kv"], b)
        out[f"kv_over_lstm_{t}"] = f"{c['kv'] / c['lstm']:,.0f}"
        out[f"attention_{t}"] = sci(c["attention"])
    growth = q["100000"]["attention"] / q["1000"]["attention"]
    out["attention_growth"] = f"{growth:,.0f}"
    out["crossover"] = f"{data['crossover']:,}"
    return out


def render(data: dict) -> list:
    from . import style
    from .base import Figure

    fig, (ax, bx) = style.figure(8.0, 3.4, ncols=2)
    t = data["t"]
    ax.loglog(t, data["lstm"], color=style.ROLE["lstm"], label=r"LSTM state ($h_t$, $c_t$)")
    ax.loglog(t, data["kv"], color=style.PALETTE["orange"], label="Transformer key-value cache")
    ax.set_title("memory kept while reading")
    ax.set_ylabel(f"numbers per layer (d = {data['d']})")
    bx.loglog(t, data["lstm_macs"], color=style.ROLE["lstm"], label="LSTM recurrence (∝ T)")
    bx.loglog(t, data["attention"], color=style.PALETTE["orange"], label="attention (∝ T²)")
    bx.axvline(data["crossover"], color=style.INK, lw=0.8, ls=(0, (2, 2)))
    bx.set_title("work for the whole sequence")
    bx.set_ylabel("multiply-adds per layer")
    for a in (ax, bx):
        a.set_xlabel("sequence length $T$")
        a.set_xlim(1, t[-1])
        a.legend(loc="upper left", fontsize=9)
    v = values(data)
    alt = (f"Log-log line chart of the memory one layer keeps while reading a sequence, for width "
           f"{v['d']}: the LSTM's state is a flat line at {v['lstm_numbers']} numbers for every length; "
           f"the Transformer's key-value cache is a rising straight line, {v['kv_1000']} numbers at 1,000 "
           f"tokens and {v['kv_100000']} at 100,000. A second panel shows the work for the whole "
           f"sequence: linear in T for the LSTM, quadratic for attention, which costs more beyond "
           f"{v['crossover']} tokens.")
    caption = (rf"Memory per layer for model width \(d = {v['d']}\). An LSTM carries \(h_t\) and "
               rf"\(c_t\), \(2d\) numbers, however long the sequence; a Transformer keeps a key and a value "
               rf"for every past token, \(2dT\): at 1,000 tokens that is {v['kv_over_lstm_1000']} times "
               rf"the LSTM's state ({v['kv_mb_1000']} in 16-bit floats against {v['lstm_kb']}). Right: attention "
               rf"compares every token with every other, \(2T^2d\) multiply-adds, against the LSTM's "
               rf"\(8d^2\) per step; beyond \(T = 4d\) = {v['crossover']} tokens attention is the larger.")
    return [Figure("memory", style.to_svg(fig), alt, caption)]
