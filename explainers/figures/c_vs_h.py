"""The cell state c_t and the output h_t = o_t tanh(c_t) of the most telling unit of the trained
parenthesis LSTM, over one sentence, with their measured step-to-step variation: how much each moves
from one character to the next between the parentheses, and how far c_t jumps at them."""
import numpy as np

from explainers.figures import _parens
from explainers.tasks import parens as task

NAME = "c_vs_h"
DEPENDS = ("explainers/data/parens_lstm.npz", "explainers/data/parens_lstm.json")


def variation(c, h, sentence):
    """Mean |c_t - c_{t-1}| and |h_t - h_{t-1}| over the steps t whose character is not a parenthesis
    ("drift"), and the mean |c_t - c_{t-1}| at the parentheses ("jump")."""
    at_paren = np.array([ch in "()" for ch in sentence[1:]])
    dc, dh = np.abs(np.diff(c)), np.abs(np.diff(h))
    return {"c_drift": float(dc[~at_paren].mean()), "h_drift": float(dh[~at_paren].mean()),
            "c_jump": float(dc[at_paren].mean()), "h_jump": float(dh[at_paren].mean())}


def shown(v: dict) -> dict:
    """The variation as every text on the site shows it (caption, prose and the cvh widget alike)."""
    ratio = v["c_jump"] / v["c_drift"] if v["c_drift"] > 0 else float("inf")
    return {**{k: f"{v[k]:.3f}" for k in ("c_drift", "h_drift", "c_jump", "h_jump")},
            "jump_over_drift": f"{ratio:.0f}"}


def compute() -> dict:
    model, head, meta, units, r = _parens.load()
    s = task.DEFAULT_SENTENCE
    every = _parens.run_sentence(model, head, s, list(range(model.hidden_size)))  # one run, all units
    c, h, o = (every[k][:, units[0]] for k in "cho")
    per_unit = [variation(every["c"][:, u], every["h"][:, u], s) for u in range(model.hidden_size)]
    return {"sentence": s, "unit": units[0], "r": float(f"{r[units[0]]:.4g}"), "c": _parens.sig(c, 4),
            "h": _parens.sig(h, 4), "o": _parens.sig(o, 4), "target": every["target"].tolist(),
            **{k: float(f"{v:.4g}") for k, v in variation(c, h, s).items()},
            # every unit: does h move less than c, between the parentheses and at them?
            "hidden_size": model.hidden_size, "o_all_mean": float(f"{every['o'].mean():.4g}"),
            "units_h_drifts_less": sum(v["h_drift"] < v["c_drift"] for v in per_unit),
            "units_h_jumps_less": sum(v["h_jump"] < v["c_jump"] for v in per_unit)}


def render(data: dict) -> list:
    from . import style
    from .base import Figure

    s, T = data["sentence"], len(data["sentence"])
    fig, ax = style.figure(9.5, 3.0)
    inside = np.array(data["target"], bool)
    for t in np.flatnonzero(inside):
        ax.axvspan(t - 0.5, t + 0.5, color=style.PALETTE["grey"], alpha=0.15, lw=0)
    ax.plot(data["c"], color=style.ROLE["c"], marker=".", ms=3, label=f"{style.SYMBOL['c']}: the cell state")
    ax.plot(data["h"], color=style.ROLE["h"], marker=".", ms=3, label=f"{style.SYMBOL['h']}: the output")
    ax.axhline(0, color=style.INK, lw=0.6)
    ax.set_xlim(-0.5, T - 0.5)
    ax.set_xticks(range(T), [ch if ch != " " else "␣" for ch in s], fontsize=9)
    ax.grid(axis="x", visible=False)
    ax.set_ylabel(f"unit #{data['unit']}")
    ax.legend(loc="upper left", ncols=2, fontsize=9)
    v = values(data)
    alt = (f"Line chart over the characters of '{s}': the cell state and the output of unit {data['unit']}. "
           f"Between parentheses the cell state changes by {v['c_drift']} per character on average and the "
           f"output by {v['h_drift']}; at a parenthesis the cell state jumps by {v['c_jump']}.")
    caption = (rf"Unit #{data['unit']} (its \(c_t\) correlates with 'inside?' at r = {v['r']}); shaded: "
               r"inside parentheses. Away from the parentheses, \(c_t\) moves by " + v["c_drift"]
               + r" per character on average and \(h_t = o_t \tanh(c_t)\) by " + v["h_drift"]
               + r" (its output gate \(o_t\) averages " + v["o_mean"] + r"); at a parenthesis \(c_t\) jumps by " + v["c_jump"] + " (" + v["jump_over_drift"]
               + r" times its drift) and \(h_t\) by " + v["h_jump"] + ".")
    return [Figure("c_vs_h", style.to_svg(fig), alt, caption)]


def values(data: dict) -> dict:
    out = shown(data)
    out["r"] = f"{abs(data['r']):.2f}"
    out["unit"] = str(data["unit"])
    out["o_mean"] = f"{np.mean(data['o']):.2f}"
    out["h_over_c_drift"] = f"{data['h_drift'] / data['c_drift']:.2f}"
    out["o_all_mean"] = f"{data['o_all_mean']:.2f}"
    out["units_h_drifts_less"] = str(data["units_h_drifts_less"])
    out["hidden_size"] = str(data["hidden_size"])
    return out
