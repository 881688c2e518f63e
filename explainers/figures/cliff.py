"""The gradient cliff: how much the last state h_T still depends on an input k steps back.

Measured, not drawn: backpropagation through time (the models' own ``grad_inputs``) gives the
Jacobian norm ||∂h_T/∂x_{T-k}||_F for every k at once (one backward pass per output direction,
batched). Vanilla RNNs whose recurrent matrix W_hh = ρ Q (Q orthogonal, so every eigenvalue has
modulus ρ) vanish for ρ < 1, hold near ρ = 1 and explode for ρ > 1 (Bengio, Simard & Frasconi 1994;
Pascanu, Mikolov & Bengio 2013). An LSTM's gradient rides its cell state, scaled by the forget gate
at each step (Hochreiter & Schmidhuber 1997): the rate is a gate the network sets, not a fixed matrix.
The bus is not the only path, though: every gate reads h_{t-1}, so the full gradient also runs through
W_hh and the gates' slopes. The "bus only" curves cut those paths (W_hh = 0: gates that read x_t alone)
to show what the forget gates do by themselves.
"""
import numpy as np

from explainers.models import LSTM, RNN

NAME = "cliff"
T, H = 100, 32          # k = 0 .. 99, the gradient lab's longest setting; input_size = hidden_size = H
INPUT_SCALE = 0.1       # x_t ~ N(0, 0.1²): small inputs, so tanh stays near its linear range
SEED = 0
RHOS = {"vanish": 0.5, "edge": 1.0, "explode": 1.5}
FORGET_BIASES = {"lstm": 1.0, "lstm_fb3": 3.0}
REFERENCE = 0.25        # the ×0.25-per-step line: the largest slope of the logistic sigmoid


def jacobian_norms(model, x, force=None) -> np.ndarray:
    """||∂h_T/∂x_{T-k}||_F for k = 0 .. T-1 (index k), by BPTT from each unit vector e_j at h_T."""
    xb = np.repeat(x[:, None], model.hidden_size, axis=1)       # (T, H, X): one copy per direction e_j
    dx = model.grad_inputs(xb, np.eye(model.hidden_size), force=force)[0]  # (T, H, X)
    return np.sqrt((dx**2).sum(axis=(1, 2)))[::-1]              # (T,) reversed: index k = T-1-t


def vanilla(rho: float, seed: int = SEED, hidden_size: int = H) -> RNN:
    """A tanh RNN with W_hh = rho * (random orthogonal), PyTorch-style W_ih, zero biases."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((hidden_size, hidden_size)))  # (H, H) orthogonal
    W_ih = rng.uniform(-1, 1, (hidden_size, hidden_size)) / np.sqrt(hidden_size)  # (H, X)
    zeros = np.zeros(hidden_size)
    return RNN.from_arrays(W_ih, rho * Q, zeros, zeros)


def _sig(a: np.ndarray) -> list:
    return [float(f"{v:.6g}") for v in a]  # 6 significant digits: stable text, ample for a log plot


def compute() -> dict:
    x = np.random.default_rng(SEED + 1).standard_normal((T, H)) * INPUT_SCALE  # (T, X)
    curves, rates = {}, {}
    for key, rho in RHOS.items():
        n = jacobian_norms(vanilla(rho), x)
        curves[f"rnn_{key}"] = n / n[0]
    for key, fb in FORGET_BIASES.items():
        m = LSTM.init(H, H, seed=SEED, forget_bias=fb)
        n = jacobian_norms(m, x)
        curves[key] = n / n[0]
        f = m.run(x).gates["f"]  # (T, H)
        rates[f"{key}_mean_f"] = float(f"{f.mean():.6g}")
        rates[f"{key}_max_f"] = float(f"{f.max():.6g}")
        m.weight_hh[:] = 0.0  # the bus alone: the gates read x_t only, no path through h_{t-1}
        n = jacobian_norms(m, x)
        curves[f"{key}_bus"] = n / n[0]
    k = np.arange(T)
    curves["reference"] = REFERENCE ** k
    for key, c in curves.items():  # geometric mean rate per step over k = 10 .. 50 (past the start-up)
        rates[key] = float(f"{(c[50] / c[10]) ** (1 / 40):.6g}")
    return {"k": k.tolist(), "rhos": RHOS, "forget_biases": FORGET_BIASES, "input_scale": INPUT_SCALE,
            "hidden_size": H, "curves": {key: _sig(c) for key, c in curves.items()}, "rates": rates,
            "lstm_fb3_turn": int(np.argmin(curves["lstm_fb3"]))}  # k where that curve turns up again


LABELS = {
    "rnn_vanish": "RNN, ρ = {rho}: vanishing", "rnn_edge": "RNN, ρ = {rho}: the edge",
    "rnn_explode": "RNN, ρ = {rho}: exploding", "lstm": "LSTM, forget bias {fb:g}",
    "lstm_fb3": "LSTM, forget bias {fb:g}", "reference": "×0.25 per step",
}
DRAWN = tuple(LABELS)  # the "bus only" curves are in the table, not the figure


def render(data: dict) -> list:
    from . import style
    from .base import Figure, Table, claim

    fig, ax = style.figure(7.6, 3.6)
    # The RNNs in warm colours, the LSTMs in the LSTM's blue (style.ROLE) as everywhere on the site.
    colours = {"rnn_vanish": "vermillion", "rnn_edge": "purple", "rnn_explode": "orange",
               "lstm": "blue", "lstm_fb3": "blue", "reference": "grey"}
    dashes = {"lstm_fb3": (0, (5, 2)), "reference": (0, (1, 2))}
    for key in DRAWN:
        c = data["curves"][key]
        rho = data["rhos"].get(key.removeprefix("rnn_"))
        label = LABELS[key].format(rho=rho, fb=data["forget_biases"].get(key, 0))
        ax.semilogy(data["k"], c, color=style.PALETTE[colours[key]], ls=dashes.get(key, "-"), label=label)
    ax.set_ylim(1e-20, 1e5)
    ax.set_yticks([1e5, 1, 1e-5, 1e-10, 1e-15, 1e-20])
    ax.set_xlim(0, data["k"][-1])
    ax.set_xlabel(r"$k$: steps back from the last step $T$")
    ax.set_ylabel(r"$\|\partial h_T/\partial x_{T-k}\|$, relative to $k = 0$")
    fig.legend(loc="outside right center", fontsize=9)
    v = values(data)
    alt = (f"Line chart, log scale: how strongly the last hidden state depends on the input k steps "
           f"back, for k from 0 to {data['k'][-1]}. After 20 steps a vanilla RNN with spectral radius 0.5 "
           f"keeps {v['rnn_vanish_k20']} of it, one with radius 1 keeps {v['rnn_edge_k20']}, one with "
           f"radius 1.5 grows to {v['rnn_explode_k50']} by step 50, an LSTM with forget bias 1 keeps "
           f"{v['lstm_k20']} (about ×{v['lstm_rate']} per step, its mean forget gate {v['lstm_mean_f']}), "
           f"and with forget bias 3 it keeps {v['lstm_fb3_k50']} after 50 steps.")
    caption = (r"How much \(h_T\) still depends on \(x_{T-k}\), measured by backpropagation through time "
               rf"(hidden size {data['hidden_size']}, small random inputs). The RNN's gradient is "
               r"multiplied by \(W_{hh}^\top\) and \(\tanh'\) at every step: with spectral radius "
               r"\(\rho < 1\) it vanishes geometrically (here ×" + v["rnn_vanish_rate"] + r" per step), "
               r"with \(\rho > 1\) it explodes. The LSTM's falls far more slowly: ×" + v["lstm_rate"]
               + r" per step with forget bias 1 (mean \(f_t\) " + v["lstm_mean_f"] + "), ×" + v["lstm_fb3_rate"]
               + r" with forget bias 3 (mean \(f_t\) " + v["lstm_fb3_mean_f"] + "): the forget bias, not a "
               r"fixed matrix, sets how far it reaches.")
    r = data["rates"]
    claim(r["lstm"] > r["rnn_vanish"] and r["lstm_fb3"] > r["lstm"],
          "the LSTM falls more slowly than the vanishing RNN, and more slowly still with forget bias 3")
    return [Figure("cliff", style.to_svg(fig), alt, caption), Table("bus", bus_table(data))]


def bus_table(data: dict) -> str:
    """The LSTM's measured rate next to its bus alone and its forget gates, per forget bias."""
    from .base import markdown_table

    r, rows = data["rates"], []
    for key, fb in data["forget_biases"].items():
        rows.append([f"{fb:g}", f"×{r[key]:.3f}", f"×{r[key + '_bus']:.3f}", f"{r[key + '_mean_f']:.3f}",
                     f"{r[key + '_max_f']:.3f}"])
    return markdown_table(["forget bias", "measured, per step", r"bus only (\(W_{hh} = 0\))",
                           r"mean \(f_t\)", r"largest \(f_t\)"], rows)


def values(data: dict) -> dict:
    from .base import sci

    out = {}
    for key, c in data["curves"].items():
        for k in (10, 20, 50):
            out[f"{key}_k{k}"] = sci(c[k])
    for key, r in data["rates"].items():
        out[f"{key}_rate" if not key.endswith(("mean_f", "max_f")) else key] = f"{r:.2f}"
    c = data["curves"]
    out["lstm_over_rnn_k20"] = sci(c["lstm"][20] / c["rnn_vanish"][20])
    out["lstm_over_rnn_k50"] = sci(c["lstm"][50] / c["rnn_vanish"][50])
    rhos = [f"{r:g}" for r in data["rhos"].values()]
    out["rhos"] = ", ".join(rhos[:-1]) + " and " + rhos[-1]
    out.update({f"rho_{k}": f"{r:g}" for k, r in data["rhos"].items()})
    out.update({f"fb_{k}": f"{fb:g}" for k, fb in data["forget_biases"].items()})
    out["length"] = str(len(data["k"]))
    out["lstm_fb3_turn"] = str(data["lstm_fb3_turn"])
    return out
