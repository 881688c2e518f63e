"""Long memory, measured: held-out accuracy of a vanilla RNN, an LSTM and a GRU (same hidden size, same
training budget) on recalling a marked symbol after a delay of T distractors, for several T.

The training runs take minutes, so `make experiments` produces them and commits the accuracies
(explainers/data/delay_results.json); this explainer only plots that file, and warns if the code of the
experiment has changed since it was made."""
import numpy as np

from explainers.train import delay as experiment

NAME = "delay"
DEPENDS = ("explainers/data/delay_results.json",)
KINDS = ("RNN", "LSTM", "GRU")


def compute() -> dict:
    r = experiment.load()
    acc = {k: [r["accuracy"][k][str(T)] for T in r["delays"]] for k in KINDS}  # per T: one per seed
    return {"delays": r["delays"], "seeds": r["seeds"], "accuracy": acc, "chance": r["chance"],
            "hidden_size": r["hidden_size"], "steps": r["steps"], "t_max": r["t_max"], "batch": r["batch"], "keys": r["keys"],
            "code_hash": r["code_hash"], "mean": {k: [float(f"{np.mean(a):.4g}") for a in acc[k]] for k in KINDS}}


def longest(data, kind, threshold=0.9):
    """The longest delay at which `kind`'s mean accuracy is at least `threshold` (0 if none)."""
    ok = [T for T, m in zip(data["delays"], data["mean"][kind]) if m >= threshold]
    return max(ok, default=0)


def render(data: dict) -> list:
    from . import style
    from .base import Figure, claim

    fig, ax = style.figure(6.4, 3.4)
    T = data["delays"]
    for k in KINDS:
        colour = style.ROLE[k.lower()]
        ax.plot(T, data["mean"][k], color=colour, marker="o", label=k)
        for t, seeds in zip(T, data["accuracy"][k]):  # each seed, faintly
            ax.scatter([t] * len(seeds), seeds, color=colour, s=10, alpha=0.45, lw=0)
    ax.axhline(data["chance"], color=style.INK, lw=0.7, ls=(0, (2, 2)))
    ax.text(T[0], data["chance"] + 0.02, "chance", fontsize=9)
    ax.set_xscale("log")
    ax.set_xticks(T, [str(t) for t in T])
    ax.minorticks_off()
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("delay T: distractors between the symbol and the question")
    ax.set_ylabel("held-out accuracy")
    ax.legend(loc="center left")
    v = values(data)
    alt = (f"Line chart of accuracy against delay T ({', '.join(map(str, T))}) for a vanilla RNN, an LSTM and a "
           f"GRU, mean of {len(data['seeds'])} seeds. At T = {T[-1]}: RNN {v['rnn_last']}, LSTM {v['lstm_last']}, "
           f"GRU {v['gru_last']}; chance is {v['chance']}.")
    caption = (rf"Recall one of {data['keys']} symbols after T distractors drawn from the same symbols. Each model "
               rf"has hidden size {data['hidden_size']} and the same budget ({data['steps']} Adam steps of "
               rf"{data['batch']} sequences; the LSTM's and GRU's gate biases chrono-initialised up to "
               rf"{data['t_max']} steps, Tallec & Ollivier 2018); dots are single seeds, lines their mean. "
               rf"The RNN holds up to "
               rf"T = {v['rnn_longest']} (mean accuracy ≥ 90%), the LSTM to {v['lstm_longest']}, the GRU to "
               rf"{v['gru_longest']}; at T = {T[-1]} the RNN is at {v['rnn_last']}, near chance ({v['chance']}).")
    claim(data["mean"]["RNN"][-1] < data["chance"] + 0.05, f"at T = {T[-1]} the RNN is near chance")
    return [Figure("delay", style.to_svg(fig), alt, caption)]


def values(data: dict) -> dict:
    out = {"chance": f"{100 * data['chance']:.0f}%", "seeds": str(len(data["seeds"])),
           "keys": str(data["keys"]), "hidden_size": str(data["hidden_size"]),
           "steps": f"{data['steps']:,}", "batch": str(data["batch"]),
           "shortest": str(data["delays"][0]), "longest_delay": str(data["delays"][-1])}
    for k in KINDS:
        key = k.lower()
        for T, m in zip(data["delays"], data["mean"][k]):
            out[f"{key}_t{T}"] = f"{100 * m:.0f}%"
        out[f"{key}_last"] = f"{100 * data['mean'][k][-1]:.0f}%"
        out[f"{key}_longest"] = str(longest(data, k))
    return out
