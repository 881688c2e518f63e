"""The build's own run of the character model the reader trains in the page (the `trainchar` widget):
explainers.train.charlm.train with its default settings, once with an LSTM and once with a GRU, to the
end. Its loss curve, its samples at two temperatures at every checkpoint and the probe (does the model
give a closing bracket or quote where one is open, and not where none is?) are what the page shows
without JavaScript, and what the browser's run of the same settings must reproduce, loss for loss.

JSON `trainchar`: {"vocab", "corpus_chars", "corpus_head", "defaults", "limits", "prime", "temperatures", "every",
"target", "uniform", "runs": {"lstm": RUN, "gru": RUN}}, RUN: train()'s return value plus "smooth"
(the mean loss over each checkpoint's last `every` steps) and "reached" (the first step whose smoothed
loss is at most `target`, or None).
"""
import math

import numpy as np

from explainers.tasks import chartext
from explainers.train import charlm

NAME = "trainchar"
TARGET = 0.85  # nats per character: the loss the page (and make bench) times the LSTM to


def smooth(losses, every=charlm.EVERY):
    """The mean of each `every` steps that end at a checkpoint: [(step, mean loss)]."""
    return [[n, float(np.mean(losses[n - every:n]))] for n in range(every, len(losses) + 1, every)]


def reached(smoothed, target=TARGET):
    """The first checkpoint step whose smoothed loss is at most target, or None."""
    return next((n for n, v in smoothed if v <= target), None)


def compute() -> dict:
    runs = {}
    for model in charlm.MODELS:
        r = charlm.run(model=model)
        r["smooth"] = smooth(r["losses"])
        r["reached"] = reached(r["smooth"])
        runs[model] = r
    return {"vocab": chartext.VOCAB, "corpus_chars": len(chartext.corpus()), "corpus_head": chartext.corpus()[:240],
            "defaults": charlm.DEFAULTS, "limits": charlm.LIMITS, "prime": charlm.PRIME, "temperatures": list(charlm.TEMPERATURES),
            "every": charlm.EVERY, "target": TARGET, "uniform": math.log(len(chartext.VOCAB)), "runs": runs}


def render(data: dict) -> list:
    from .base import Json, Table, markdown_table

    rows = []
    for model, r in data["runs"].items():
        for ck in r["checkpoints"][1::4] + ([r["checkpoints"][-1]] if len(r["checkpoints"]) % 4 != 2 else []):
            b, q = ck["probe"]["bracket"], ck["probe"]["quote"]
            rows.append([model.upper(), str(ck["step"]), f"{b['open']:.3f} / {b['closed']:.3f}",
                         f"{q['open']:.3f} / {q['closed']:.3f}", "`" + ck["samples"]["0.5"] + "`"])
    return [Json("trainchar", data),
            Table("probe", markdown_table(["model", "step", "P(\")\"): open / not", "P('\"'): open / not",
                                           "sample at temperature 0.5"], rows, "lrrrl"))]


def values(data: dict) -> dict:
    out = {"target": f"{data['target']:g}", "uniform": f"{data['uniform']:.2f}", "vocab_size": str(len(data["vocab"])),
           "corpus_chars": f"{data['corpus_chars']:,}", "every": str(data["every"]),
           "temp_low": f"{data['temperatures'][0]:g}", "temp_high": f"{data['temperatures'][1]:g}",
           "batch": str(charlm.BATCH)}
    out.update({k: f"{v:g}" for k, v in data["defaults"].items() if k != "model"})
    for model, r in data["runs"].items():
        last = r["checkpoints"][-1]["probe"]
        out[f"{model}_final"] = f"{r['smooth'][-1][1]:.2f}"
        out[f"{model}_first"] = f"{r['losses'][0]:.2f}"
        out[f"{model}_reached"] = "never" if r["reached"] is None else str(r["reached"])
        for mark in ("bracket", "quote"):
            out[f"{model}_{mark}_open"] = f"{last[mark]['open']:.2f}"
            out[f"{model}_{mark}_closed"] = f"{last[mark]['closed']:.3f}"
            out[f"{model}_{mark}_ratio"] = f"{last[mark]['open'] / last[mark]['closed']:.0f}"
    return out
