""""The cat sat on the ___", measured in a trained word-level LSTM instead of told: at each word, its mean
gates, what its cell holds (linear probes of the subject, the verb and the place from c_t, accuracy on
held-out sentences), its next-word distribution, and what the blank loses when one gate is pinned at
that word alone (the numbers behind the LSTM page's comparison with the articles' hand-written table)."""
import itertools

import numpy as np

from explainers.figures import _catsat
from explainers.tasks import catsat as task
from explainers.train import catsat as trained

NAME = "catsat"
DEPENDS = ("explainers/data/catsat_lstm.*",)
TOP = 3  # next words shown per word in the table


def _rounded(x):
    """Floats (in nested dicts and lists) to 4 significant digits: stable JSON, ample precision."""
    if isinstance(x, dict):
        return {k: _rounded(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, np.ndarray)):
        return [_rounded(v) for v in x]
    return float(f"{x:.4g}")


def compute() -> dict:
    model, head, meta = trained.load()
    words = task.EXAMPLE.split()
    tr = model.run(task.encode(words))
    p_next = [dict(zip(task.VOCAB, _rounded(row))) for row in trained.next_word(model, head, words)]
    r = task.roles(words)
    return {"words": words, "answer": task.blank(words),
            "example_held_out": task.is_held_out(r["subject"], r["verb"], r["preposition"]),
            "gates": {k: _rounded(tr.gates[k].mean(-1)) for k in "ifgo"},  # (5,) each: mean over the units
            "p_next": p_next, "top": [sorted(d, key=d.get, reverse=True)[:TOP] for d in p_next],
            "reads": _rounded(_catsat.reads(model)), "pinned": _rounded(_catsat.pinned(model, head)),
            "chance": {k: _rounded(1 / len(pool)) for k, pool in _catsat.READS.items()},
            "accuracy": meta["accuracy"], "p_place": meta["p_place"],
            "held_out_size": meta["data"]["held_out_size"], "training_size": len(task.every(held_out=False)),
            "hidden_size": model.hidden_size, "vocab_size": len(task.VOCAB),
            **_grammar()}


def _grammar() -> dict:
    """The place table, how many places one subject or one verb leaves open, and how many
    (subject, verb, preposition) triples are held out."""
    table = {s: {v: task.place(s, v) for v in task.VERBS} for s in task.SUBJECTS}
    triples = itertools.product(task.SUBJECTS, task.VERBS, task.PREPOSITIONS)
    return {"grammar": table, "places_per_subject": min(len(set(row.values())) for row in table.values()),
            "places_per_verb": min(len({table[s][v] for s in table}) for v in task.VERBS),
            "held_out_triples": sum(task.is_held_out(*t) for t in triples)}


def grammar_table(data: dict) -> str:
    """The grammar's place for each subject (rows) and verb (columns)."""
    from .base import markdown_table

    verbs = list(next(iter(data["grammar"].values())))
    rows = [[s, *(data["grammar"][s][v] for v in verbs)] for s in data["grammar"]]
    return markdown_table(["subject", *verbs], rows, "l" + "c" * len(verbs))


def measured_table(data: dict) -> str:
    """One row per word: mean gates, the probes' held-out accuracy at that word, the likeliest next words."""
    from .base import markdown_table

    rows = []
    for t, w in enumerate(data["words"]):
        gates = [f"{data['gates'][k][t]:.2f}" for k in "fio"]
        probes = [f"{100 * data['reads'][k][t]:.0f}%" for k in _catsat.READS]
        nxt = ", ".join(f"{n} {data['p_next'][t][n]:.2f}" for n in data["top"][t])
        rows.append([f"{t + 1}. {w}", *gates, *probes, nxt])
    header = ["word", r"\(\bar f_t\)", r"\(\bar i_t\)", r"\(\bar o_t\)", r"subject in \(c_t\)",
              r"verb in \(c_t\)", r"place in \(c_t\)", "next word, P"]
    return markdown_table(header, rows, "lrrrrrrl")


def pinned_table(data: dict) -> str:
    """One row per pinned gate, one column per word: how often the blank is still answered right."""
    from .base import markdown_table

    what = {"f0": r"\(f_t = 0\): wipe the cell", "i0": r"\(i_t = 0\): write nothing",
            "o1": r"\(o_t = 1\): show the whole cell"}
    rows = [[what[k], *(f"{100 * a:.0f}%" for a in data["pinned"][k]["accuracy"])] for k in _catsat.PINS]
    header = ["pinned at one word only"] + [f"{t + 1}. {w}" for t, w in enumerate(data["words"])]
    return markdown_table(header, rows, "l" + "r" * len(data["words"]))


def render(data: dict) -> list:
    from matplotlib.ticker import PercentFormatter

    from . import style
    from .base import Figure, Table, claim

    words, n = data["words"], len(data["words"])
    ticks = [f"{t + 1}. {w}" for t, w in enumerate(words)]
    fig, (a, b, c) = style.figure(9.5, 3.1, ncols=3, gridspec_kw={"width_ratios": [1, 1, 0.8]})
    for k, colour in zip(_catsat.READS, ("blue", "orange", "purple")):
        a.plot(range(n), data["reads"][k], marker="o", ms=4, color=style.PALETTE[colour], label=k)
    a.set_title(r"read from the cell $c_t$ (held out)", loc="left")
    for k, (gate, value) in _catsat.PINS.items():
        b.plot(range(n), data["pinned"][k]["accuracy"], marker="o", ms=4, color=style.ROLE[gate],
               label=f"${gate}_t = {value:g}$")
    b.set_title("blank right, one gate pinned at this word", loc="left")
    for ax in (a, b):
        ax.axhline(data["chance"]["place"], color=style.INK, lw=0.6, ls=(0, (2, 2)))
        ax.set_xticks(range(n), ticks, rotation=30, ha="right")
        ax.set_ylim(0, 1.05)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.grid(axis="x", visible=False)
        ax.legend(fontsize=9, loc="lower right")
    blank = data["p_next"][-1]
    shown = sorted(blank, key=blank.get, reverse=True)[:4]
    c.barh(range(len(shown))[::-1], [blank[w] for w in shown], color=style.ROLE["h"])
    for y, w in zip(range(len(shown))[::-1], shown):
        c.text(blank[w] + 0.02, y, f"{blank[w]:.2f}", va="center", fontsize=9)
    c.set_yticks(range(len(shown))[::-1], shown)
    c.set_xlim(0, 1.15)
    c.set_title("P(next word) at the blank", loc="left")
    c.grid(axis="y", visible=False)
    v = values(data)
    claim(shown[0] == data["answer"], f"the alt text: the likeliest word at the blank is {data['answer']!r}")
    alt = (f"Three charts over the words of '{' '.join(words)}'. Left: probes read the subject, the verb and "
           f"the place from the cell, the place with {v['read_place_2']} accuracy at 'sat'. Middle: the share of "
           f"held-out blanks answered right when one gate is pinned at one word; wiping the cell at 'sat' "
           f"leaves {v['pin_f0_2']}. Right: the next word after the last 'the': {shown[0]} at {v['p_blank']}.")
    caption = (rf"The trained LSTM (hidden size {data['hidden_size']}) on the words of the sentence. Left: "
               rf"held-out accuracy of a linear read-out of the subject, the verb and the place from "
               rf"\(c_t\) at each word. Middle: how often the {data['held_out_size']} held-out blanks are "
               rf"still right when one gate is pinned at that word alone and runs freely everywhere else. "
               rf"Dashed: chance for the place ({v['chance_place']}; for the verb it is {v['chance_verb']}). "
               rf"Right: the next word after '{' '.join(words)}'.")
    return [Table("grammar", grammar_table(data)), Table("measured", measured_table(data)),
            Table("pinned", pinned_table(data)), Figure("catsat", style.to_svg(fig), alt, caption)]


def values(data: dict) -> dict:
    words = data["words"]
    out = {"accuracy": f"{100 * data['accuracy']:.0f}%", "p_place": f"{data['p_place']:.2f}",
           "held_out_size": str(data["held_out_size"]), "hidden_size": str(data["hidden_size"]),
           "training_size": str(data["training_size"]), "vocab_size": str(data["vocab_size"]),
           **{k: str(data[k]) for k in ("places_per_subject", "places_per_verb", "held_out_triples")},
           "answer": data["answer"], "p_blank": f"{data['p_next'][-1][data['answer']]:.2f}"}
    for t in range(len(words)):
        out.update({f"{k}_{t}": f"{data['gates'][k][t]:.2f}" for k in "ifgo"})
        out.update({f"read_{k}_{t}": f"{100 * a[t]:.0f}%" for k, a in data["reads"].items()})
        for k, d in data["pinned"].items():
            out[f"pin_{k}_{t}"] = f"{100 * d['accuracy'][t]:.0f}%"
            out[f"pin_{k}_p_{t}"] = f"{d['p_place'][t]:.2f}"
        out.update({f"next_{w}_{t}": f"{p:.3f}" for w, p in data["p_next"][t].items() if w.isalpha()})
    out.update({f"chance_{k}": f"{100 * p:.0f}%" for k, p in data["chance"].items()})
    return out
