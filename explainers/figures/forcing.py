"""Forcing the gates of the trained parenthesis LSTM: each gate pinned open (1) or closed (0), alone and
in the combinations that tell, with the held-out accuracy it leaves and the full trace over one sentence
(JSON for the in-page widgets: per character the gates, c and h of the telling units, the prediction).

The JSON `traces` is compute()'s dict:
    {"sentence": str, "units": [int] (the telling units, most telling first), "r": [float] (their r),
     "hidden_size": int, "held_out_size": int, "majority_baseline": float,
     "forcings": [{"key": str, "force": {gate: 0.0 | 1.0}, "label": str, "what": str,
                   "accuracy": float (held-out), "sentence_accuracy": float,
                   "steps": [{"char": str, "target": 0 | 1, "p_inside": float, "pred": 0 | 1,
                              "i", "f", "g", "o", "c", "h": [float] (one per unit, in `units` order)}]}]}
Floats have 4 significant digits."""
import numpy as np

from explainers.figures import _parens
from explainers.tasks import parens as task
from explainers.train import parens as trained

NAME = "forcing"
DEPENDS = ("explainers/data/parens_lstm.npz", "explainers/data/parens_lstm.json")
FORCINGS = [  # (key, force, what it does)
    ("learned", {}, "nothing forced: the trained network"),
    ("f0", {"f": 0.0}, "forget closed: the cell is wiped at every step"),
    ("f1", {"f": 1.0}, "forget open: the cell never lets go"),
    ("i0", {"i": 0.0}, "input closed: nothing is ever written"),
    ("i1", {"i": 1.0}, "input open: every candidate is written in full"),
    ("o0", {"o": 0.0}, "output closed: the memory is hidden, h = 0"),
    ("o1", {"o": 1.0}, "output open: the memory is shown in full"),
    ("f1_i0", {"f": 1.0, "i": 0.0}, "frozen: the cell keeps its start value 0 for ever"),
    ("f0_i1", {"f": 0.0, "i": 1.0}, "no memory: the cell is only this step's candidate"),
]


def label(force):
    return ", ".join(f"{k} = {v:g}" for k, v in force.items()) or "none"


def compute() -> dict:
    model, head, meta, units, r = _parens.load()
    s = task.DEFAULT_SENTENCE
    out = []
    for key, force, what in FORCINGS:
        run = _parens.run_sentence(model, head, s, units, force or None)
        pred = (run["p_inside"] > 0.5).astype(int)
        steps = [{"char": ch, "target": int(run["target"][t]), "p_inside": _parens.sig(run["p_inside"][t], 4),
                  "pred": int(pred[t]), **{k: _parens.sig(run[k][t], 4) for k in ("i", "f", "g", "o", "c", "h")}}
                 for t, ch in enumerate(s)]
        out.append({"key": key, "force": force, "label": label(force), "what": what,
                    "accuracy": float(f"{trained.evaluate(model, head, force or None):.6g}"),
                    "sentence_accuracy": float(f"{(pred == run['target']).mean():.6g}"), "steps": steps})
    return {"sentence": s, "units": units, "r": _parens.sig(r[units], 4), "hidden_size": model.hidden_size,
            "held_out_size": task.HELD_OUT_SIZE, "majority_baseline": meta["majority_baseline"], "forcings": out,
            "acc": {f["key"]: f["accuracy"] for f in out}}  # by key, for the pages' claims


def table(data: dict) -> str:
    from .base import markdown_table

    rows = [[f["label"], f["what"], f"{100 * f['accuracy']:.1f}%"] for f in data["forcings"]]
    rows.append(["—", "always answer 'outside' (the majority)", f"{100 * data['majority_baseline']:.1f}%"])
    return markdown_table(["forced", "what it does", f"held-out accuracy ({data['held_out_size']} texts)"],
                          rows, "llr")


def render(data: dict) -> list:
    from . import style
    from .base import Figure, Json, Table, claim

    s, fs = data["sentence"], data["forcings"]
    fig, axes = style.figure(9.5, 0.95 * len(fs) + 0.6, nrows=len(fs), sharey=True)
    target = np.array([st["target"] for st in fs[0]["steps"]])
    for ax, f in zip(axes, fs):
        ax.fill_between(range(len(s)), target, step="mid", color=style.PALETTE["grey"], alpha=0.2, lw=0)
        ax.plot([st["c"][0] for st in f["steps"]], color=style.ROLE["c"], lw=1.4)
        ax.plot([st["p_inside"] for st in f["steps"]], color=style.ROLE["h"], lw=1.2, ls=(0, (3, 1.5)))
        ax.set_ylim(-1.6, 1.6)
        ax.set_ylabel(f["label"], rotation=0, ha="right", va="center", fontsize=9)
        ax.set_yticks([-1, 0, 1])
        ax.text(1.005, 0.5, f"{100 * f['accuracy']:.0f}%", transform=ax.transAxes, va="center", fontsize=9)
        ax.grid(axis="x", visible=False)  # one tick per character: ticks and grid lines on every row
        ax.set_xticks([])                  # would weigh more than the data (and the page)
        ax.set_xlim(-0.5, len(s) - 0.5)
    axes[-1].set_xticks(range(len(s)), [ch if ch != " " else "␣" for ch in s], fontsize=9)
    axes[0].set_title(f"solid: {style.SYMBOL['c']} of unit #{data['units'][0]};  dashed: P(inside);  "
                      "shaded: inside;  right: held-out accuracy", fontsize=9, loc="left")
    v = values(data)
    alt = (f"{len(fs)} small line charts over '{s}', one per forcing of the gates, each with the cell state of "
           f"unit {data['units'][0]} and the predicted probability of 'inside'. Held-out accuracy: learned "
           f"{v['acc_learned']}, forget closed {v['acc_f0']}, input closed {v['acc_i0']}, output closed "
           f"{v['acc_o0']}; always answering 'outside' scores {v['majority']}.")
    caption = (r"The same trained LSTM with one or two gates pinned at every step. Closing the forget gate "
               rf"(\(f_t = 0\), so \(c_t = i_t g_t\)) leaves {v['acc_f0']}, closing the input gate "
               rf"({v['acc_i0']}) or the output gate ({v['acc_o0']}) leaves the majority answer "
               rf"({v['majority']}); untouched it scores {v['acc_learned']}.")
    acc = data["acc"]
    claim(all(abs(acc[k] - data["majority_baseline"]) < 0.01 for k in ("i0", "o0")),
          "closing the input or the output gate leaves the majority answer")
    return [Figure("forcing", style.to_svg(fig), alt, caption), Table("accuracy", table(data)),
            Json("traces", data)]


def values(data: dict) -> dict:
    out = {f"acc_{f['key']}": f"{100 * f['accuracy']:.1f}%" for f in data["forcings"]}
    out["majority"] = f"{100 * data['majority_baseline']:.1f}%"
    out["units"] = ", ".join(map(str, data["units"]))
    return out
