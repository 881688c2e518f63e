""""I grew up in France … I speak fluent ___", measured: held-out accuracy at the blank of a vanilla RNN,
an LSTM and a GRU (same budget) for the distance of the site's example sentence and two shorter ones,
and what one trained LSTM answers on the example itself, with its country swapped for each other one.

The training runs take minutes, so `make experiments` makes them (explainers.train.fluent) and commits
the accuracies and the first seed's LSTM; this explainer reads that file and runs that LSTM."""
import numpy as np

from explainers.tasks import fluent as task
from explainers.train import core
from explainers.train import fluent as experiment

NAME = "fluent"
DEPENDS = ("explainers/data/fluent_results.json", "explainers/data/fluent_results.npz")
KINDS = ("RNN", "LSTM", "GRU")


def answer(model, head, words):
    """The model's probabilities of each language at the blank, having read `words` up to "fluent"."""
    return core.predict(model, head, task.encode(words[:-1]))[-1]  # (len(LANGUAGES),)


def probe(model, head):
    """The example sentence, then the same with each country in turn where it grew up (the answer
    should follow it) and where it moved to (the answer should not)."""
    words = task.EXAMPLE.split()
    at = len(task.OPENING)
    moved = next(i for i, w in enumerate(words) if w in task.COUNTRIES and i > at)  # the filler's country
    rows = {"grew_up": [], "moved": []}
    for k, country in enumerate(task.COUNTRIES):
        for key, i, right in (("grew_up", at, k), ("moved", moved, task.language_of(words))):
            swapped = words[:i] + [country] + words[i + 1:]
            p = answer(model, head, swapped)
            rows[key].append({"country": country, "right": task.LANGUAGES[right], "p_right": float(p[right]),
                              "answer": task.LANGUAGES[int(np.argmax(p))]})
    p = answer(model, head, words)
    return {"words": words, "country": words[at], "distractor": words[moved], "moved_at": moved,
            "p": {lang: float(q) for lang, q in zip(task.LANGUAGES, p)}, **rows}


def compute() -> dict:
    r, model, head = experiment.load()
    acc = {k: [r["accuracy"][k][str(d)] for d in r["distances"]] for k in KINDS}  # per distance: one per seed
    return {"distances": r["distances"], "distance": task.DISTANCE, "seeds": r["seeds"], "accuracy": acc,
            "mean": {k: [float(f"{np.mean(a):.4g}") for a in acc[k]] for k in KINDS},
            "chance": r["chance"], "classes": r["classes"],
            "hidden_size": r["hidden_size"], "steps": r["steps"], "batch": r["batch"], "t_max": r["t_max"],
            "test_size": r["test_size"], "kept": r["kept"], "code_hash": r["code_hash"],
            "results_distance": r["distance"], "example": probe(model, head),
            "plain": {k: r["plain"]["accuracy"][k] for k in experiment.PLAIN},
            "plain_mean": {k: float(f"{np.mean(r['plain']['accuracy'][k]):.4g}") for k in experiment.PLAIN}}


def render(data: dict) -> list:
    from .base import Table, claim

    v = values(data)
    ex = data["example"]
    claim(data["results_distance"] == data["distance"], "the experiment was run at the example's distance")
    claim(ex["words"].index(ex["country"]) == 4, "the country is the fifth word, as the sentence's caption says")
    claim(data["distances"][-1] == data["distance"], "the last distance measured, the dotted line, is the example's")
    return [sentence_figure(data, v), accuracy_figure(data, v),
            Table("accuracy", accuracy_table(data)), Table("swap", swap_table(data))]


CHAR_IN = 0.6 * 11 / 72  # the width of one monospace character at 11 pt, in inches


def wrap(words, chars):
    """Lines of (position, word) no longer than `chars` characters (a word longer than that alone)."""
    lines, line, used = [], [], 0
    for i, w in enumerate(words):
        if line and used + len(w) > chars:
            lines, line, used = lines + [line], [], 0
        line, used = line + [(i, w)], used + len(w) + 1
    return lines + [line]


def sentence_figure(data, v):
    """The example sentence, wrapped, each word after the country numbered: the distance, seen."""
    from . import style
    from .base import Figure

    ex, at, width = data["example"], len(task.OPENING), 6.4
    words = ex["words"][:-1] + ["___"]
    blank = len(words) - 1
    lines = wrap(words, int(0.9 * width / CHAR_IN))
    fig, ax = style.figure(width, 0.75 * len(lines))
    fig.set_layout_engine("none")  # the axes are the whole figure: one x unit is one character
    ax.set_position([0, 0, 1, 1])
    ax.axis("off")
    ax.set_xlim(0, width / CHAR_IN)
    ax.set_ylim(-len(lines) + 0.35, 0.65)
    colour = {at: style.PALETTE["orange"], blank: style.PALETTE["orange"], ex["moved_at"]: style.PALETTE["grey"]}
    for row, line in enumerate(lines):
        x = 1
        for i, w in line:
            ax.text(x, -row, prose([w]), family="monospace", fontsize=11, color=colour.get(i, style.INK),
                    weight="bold" if i in colour else "normal", va="baseline")
            if i > at:  # how many words after the country
                ax.text(x + len(w) / 2, -row - 0.38, str(i - at), fontsize=9, ha="center", va="baseline",
                        color=colour[i] if i == blank else style.INK)
            x += len(w) + 1
    alt = (f"The example sentence, \"{v['example']}\", with every word after {v['country']} numbered: the blank is "
           f"word {v['distance']}. {v['country']} and the blank are in one colour, {v['distractor']}, a country "
           f"named on the way, in grey.")
    caption = (f"The site's version of the sentence. The answer at the blank, {v['language']}, is set by the fifth "
               f"word, {v['distance']} words back; {v['distractor']}, named on the way, must not change it.")
    return Figure("sentence", style.to_svg(fig), alt, caption)


def accuracy_figure(data, v):
    """Accuracy at the blank against distance, one line per model (seed mean) and a dot per seed."""
    from . import style
    from .base import Figure

    fig, ax = style.figure(6.4, 3.2)
    D = data["distances"]
    looks = {"RNN": ("o", 1.8, 6), "LSTM": ("s", 4.0, 9), "GRU": ("^", 1.6, 6)}  # a wide LSTM shows under a GRU
    for k in KINDS:
        colour, (marker, lw, size) = style.ROLE[k.lower()], looks[k]
        ax.plot(D, data["mean"][k], color=colour, marker=marker, lw=lw, ms=size, label=k)
        for d, seeds in zip(D, data["accuracy"][k]):
            ax.scatter([d] * len(seeds), seeds, color=colour, s=10, alpha=0.45, lw=0)
    ax.axhline(data["chance"], color=style.INK, lw=0.7, ls=(0, (2, 2)))
    ax.text(D[0], data["chance"] + 0.02, "chance", fontsize=9)
    ax.axvline(data["distance"], color=style.PALETTE["orange"], lw=0.8, ls=(0, (1, 2)))
    ax.text(data["distance"], 0.5, "the example's distance ", ha="right", fontsize=9, color=style.PALETTE["orange"])
    ax.set_xticks(D, [str(d) for d in D])
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("distance: words from the country to the blank")
    ax.set_ylabel("held-out accuracy at the blank")
    ax.legend(loc="center left")
    alt = (f"Line chart of accuracy at the blank against distance ({v['distances']} words) for a vanilla RNN, "
           f"an LSTM and a GRU, mean of {v['seeds']} seeds. At {v['distance']} words, the example's distance: "
           f"RNN {v['rnn_far']}, LSTM {v['lstm_far']}, GRU {v['gru_far']}; chance is {v['chance']}.")
    caption = (f"Name the language at the blank, one of {v['classes']}, after sentences of the example's shape "
               f"(the dotted line: its distance). Each model has hidden size {v['hidden_size']} and the same "
               f"budget ({v['steps']} Adam steps of {v['batch']} sentences; the LSTM's and GRU's gate biases "
               f"chrono-initialised up to {v['t_max']} steps); dots are single seeds, lines their mean, each "
               f"scored on {v['test_size']} held-out sentences.")
    return Figure("accuracy", style.to_svg(fig), alt, caption)


def accuracy_table(data):
    from .base import markdown_table

    def cell(seeds):
        return f"**{100 * np.mean(seeds):.0f}%** ({', '.join(f'{100 * a:.0f}' for a in seeds)})"

    header = ["model"] + [f"{d} words" for d in data["distances"]]
    rows = [[k] + [cell(seeds) for seeds in data["accuracy"][k]] for k in KINDS]
    rows += [[f"{k}, PyTorch's initialisation"] + ["—"] * (len(data["distances"]) - 1) + [cell(data["plain"][k])]
             for k in data["plain"]]
    return markdown_table(header, rows)


def swap_table(data):
    from .base import markdown_table

    ex = data["example"]

    def row(grew, moved, r):
        said = f"grew up in {grew.title()}, moved to {moved.title()}"
        if (grew, moved) == (ex["country"], ex["distractor"]):
            said += " (the example)"
        return [said, r["right"].title(), f"{r['p_right']:.5f}", r["answer"].title()]

    rows = [row(g["country"], ex["distractor"], g) for g in ex["grew_up"]]
    rows += [row(ex["country"], m["country"], m) for m in ex["moved"] if m["country"] != ex["distractor"]]
    return markdown_table(["the sentence says", "right answer", "P(right answer)", "the LSTM's answer"], rows,
                          "llrl")


def prose(words):
    """Words as a reader writes them: "I" and the countries capitalised."""
    return " ".join(w.title() if w == "i" or w in task.COUNTRIES else w for w in words)


def values(data: dict) -> dict:
    ex = data["example"]
    right = task.LANGUAGES[task.language_of(ex["words"])]
    out = {"chance": f"{100 * data['chance']:.0f}%", "classes": str(data["classes"]),
           "seeds": str(len(data["seeds"])), "hidden_size": str(data["hidden_size"]),
           "steps": f"{data['steps']:,}", "batch": str(data["batch"]), "t_max": str(data["t_max"]),
           "distance": str(data["distance"]), "test_size": str(data["test_size"]),
           "shortest": str(data["distances"][0]),
           "distances": ", ".join(map(str, data["distances"][:-1])) + f" and {data['distances'][-1]}",
           "example": prose(ex["words"][:-1]) + " ___",
           "country": ex["country"].title(), "distractor": ex["distractor"].title(), "language": right.title(),
           "p_example": f"{ex['p'][right]:.5f}",
           "p_grew_up_min": f"{min(g['p_right'] for g in ex['grew_up']):.5f}",
           "p_moved_min": f"{min(m['p_right'] for m in ex['moved']):.5f}"}
    for k in experiment.PLAIN:
        out[f"{k.lower()}_plain"] = f"{100 * data['plain_mean'][k]:.0f}%"
        out[f"{k.lower()}_plain_seeds"] = ", ".join(f"{100 * a:.0f}%" for a in data["plain"][k])
    for k in KINDS:
        out[f"{k.lower()}_far"] = f"{100 * data['mean'][k][-1]:.0f}%"
        out[f"{k.lower()}_near"] = f"{100 * data['mean'][k][0]:.0f}%"
    return out
