"""The trained parenthesis LSTM, character by character: the gates i_t, f_t, o_t, the cell c_t and the
output h_t of its most telling units (the units whose c_t correlates most with "inside?" on the
held-out set), over one sentence."""
import numpy as np

from explainers.figures import _parens
from explainers.tasks import parens as task

NAME = "heatmap"
DEPENDS = ("explainers/data/parens_lstm.npz", "explainers/data/parens_lstm.json")
ROWS = ("i", "f", "o", "c", "h")


def compute() -> dict:
    model, head, meta, units, r = _parens.load()
    run = _parens.run_sentence(model, head, task.DEFAULT_SENTENCE, units)
    return {"sentence": task.DEFAULT_SENTENCE, "units": units, "r": _parens.sig(r[units], 4),
            "rows": {k: _parens.sig(run[k].T, 4) for k in ROWS},  # name -> (units, T)
            "target": run["target"].tolist(), "p_inside": _parens.sig(run["p_inside"], 4),
            "hidden_size": model.hidden_size, "accuracy": meta["accuracy"],
            "whh_max": float(f"{abs(model.weight_hh).max():.3g}"),  # decayed in training: memory lives in c
            "majority_baseline": meta["majority_baseline"], "at": gate_means(run, task.DEFAULT_SENTENCE)}


def gate_means(run, sentence):
    """Mean i_t, f_t and g_t of the top unit at '(', at ')' and at every other character, and how its
    cell is emptied at ')': the part the forget gate removes, (1 - f_t) c_{t-1}, against the write
    i_t g_t (which of the two erases "inside" is the page's claim)."""
    where = {"open": [ch == "(" for ch in sentence], "close": [ch == ")" for ch in sentence],
             "other": [ch not in "()" for ch in sentence]}
    out = {f"{g}_{k}": float(f"{run[g][m, 0].mean():.4g}") for g in "ifg" for k, m in where.items()}
    c_prev = np.concatenate([[0.0], run["c"][:-1, 0]])
    close = np.array(where["close"])
    parts = {"c_before": c_prev, "forget_removes": (1 - run["f"][:, 0]) * c_prev,
             "write": run["i"][:, 0] * run["g"][:, 0], "c_after": run["c"][:, 0]}
    out.update({f"close_{k}": float(f"{v[close].mean():.4g}") for k, v in parts.items()})
    return out


def render(data: dict) -> list:
    import numpy as np

    from . import style
    from .base import Figure

    s, units = data["sentence"], data["units"]
    fig, axes = style.figure(9.5, 4.6, nrows=len(ROWS) + 1, sharex=True,
                             gridspec_kw={"height_ratios": [1] + [len(units)] * len(ROWS)})
    axes[0].imshow([data["target"]], cmap="Greys", vmin=0, vmax=1.6, aspect="auto")
    axes[0].set_yticks([0], ["inside?"])
    for ax, k in zip(axes[1:], ROWS):
        a = np.array(data["rows"][k])
        gate = k in "ifo"
        im = ax.imshow(a, aspect="auto", cmap="viridis" if gate else "RdBu_r",
                       vmin=0 if gate else -1.5 if k == "c" else -1, vmax=1 if gate else 1.5 if k == "c" else 1)
        ax.set_yticks(range(len(units)), [f"{style.SYMBOL[k]} #{u}" for u in units], fontsize=9)
        fig.colorbar(im, ax=ax, pad=0.01, aspect=6, fraction=0.02)
    for ax in axes:
        ax.grid(False)
        ax.tick_params(axis="x", bottom=False)  # shared x: one row of character labels says it all
    axes[-1].set_xticks(range(len(s)), [ch if ch != " " else "␣" for ch in s], fontsize=9)
    v = values(data)
    alt = (f"Heatmap over the {len(s)} characters of '{s}': rows for the input, forget and output gates, "
           f"the cell state and the output of units {', '.join(map(str, units))}. Unit {units[0]}'s cell correlates with 'inside?' at "
           f"r = {v['r_top']} on held-out text.")
    caption = (rf"A trained LSTM (hidden size {data['hidden_size']}) reads the sentence one character at a "
               rf"time; it says whether each character is inside parentheses with held-out accuracy "
               rf"{v['accuracy']} (always answering 'outside' scores {v['majority']}). Shown: the "
               rf"{len(units)} units whose cell state \(c_t\) correlates most with the answer "
               rf"(|r| = {v['r_units']}). For unit #{units[0]}, \(f_t\) averages {v['f_open']} at '(', "
               rf"{v['f_close']} at ')' and {v['f_other']} elsewhere; \(i_t\) averages {v['i_open']}, "
               rf"{v['i_close']} and {v['i_other']}, and the candidate \(g_t\) it scales {v['g_open']}, "
               rf"{v['g_close']} and {v['g_other']}.")
    return [Figure("heatmap", style.to_svg(fig), alt, caption)]


def values(data: dict) -> dict:
    r = [abs(v) for v in data["r"]]
    return {"accuracy": f"{100 * data['accuracy']:.1f}%", "majority": f"{100 * data['majority_baseline']:.1f}%",
            "units": ", ".join(map(str, data["units"])), "r_top": f"{r[0]:.2f}",
            "r_units": ", ".join(f"{v:.2f}" for v in r), "hidden_size": str(data["hidden_size"]),
            "whh_max": f"{data['whh_max']:.3g}",
            **{k: f"{v:.2f}" for k, v in data["at"].items()}}
