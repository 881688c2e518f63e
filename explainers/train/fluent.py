""""I grew up in France … I speak fluent ___", measured: a vanilla RNN, an LSTM and a GRU, the same budget
each, name the language at the blank, for the distance of the site's example sentence and two shorter
ones. `make experiments` runs it (minutes) and commits the accuracies and one trained LSTM:

    python -m explainers.train.fluent         # writes explainers/data/fluent_results.{json,npz}

The budget is the delay experiment's (explainers.train.delay): same optimiser, steps, batch, hidden
size and learning rate, and the same chrono initialisation of the gated models' biases (its `chrono`),
here with T_max the longest distance. The plain RNN has no gate to set that way. What that initialisation
is worth is measured too: the LSTM and GRU again at the example's distance with PyTorch's own
initialisation (no forget-gate bias, no chrono), the same budget otherwise.
"""
import sys
import time

import numpy as np

from .. import tasks
from ..models import GRU, LSTM, RNN, _base, _recurrent, gru, lstm, rnn
from ..tasks import fluent as task
from . import core, delay, store

NAME = "fluent_results"
MODELS = {"RNN": RNN, "LSTM": LSTM, "GRU": GRU}
PLAIN = ("LSTM", "GRU")  # trained once more, at task.DISTANCE, without chrono initialisation
CONFIG = {"distances": [5, 10, task.DISTANCE], "seeds": [0, 1, 2], "hidden_size": 16, "steps": 1500,
          "batch": 32, "lr": 0.01, "max_norm": 1.0, "test_size": 500, "test_seed": 10_000}
KEPT = ("LSTM", task.DISTANCE, 0)  # the model whose weights are committed: the first seed's LSTM


def code_hash():
    return store.code_hash(tasks, task, core, delay, _base, _recurrent, rnn, lstm, gru, sys.modules[__name__])


def train(kind, dist, seed, hidden_size, steps, batch, lr, max_norm, t_max=None):
    """(model, head): `kind` trained from `seed` on sentences whose blank is `dist` words after the
    country; chrono-initialised up to t_max, or as PyTorch initialises it if t_max is None."""
    plain = {"forget_bias": 0.0} if kind == "LSTM" else {}  # LSTM.init would add 1 (chrono overwrites it)
    model = MODELS[kind].init(len(task.VOCAB), hidden_size, seed=seed, **plain)
    if t_max is not None:
        delay.chrono(model, t_max, np.random.default_rng(seed))  # leaves an RNN as it is
    head = core.Head.init(hidden_size, len(task.PAIRS), seed=seed)
    core.fit(model, head, lambda rng: task.batch(rng, batch, dist), steps, lr, max_norm, seed)
    return model, head


def held_out(dist, test_size, test_seed):
    """The fixed held-out sentences of one distance, as (x, y, mask); never seen in training (own seed)."""
    return task.batch(np.random.default_rng(test_seed), test_size, dist)


def load():
    """(results, LSTM, head): the committed results and the kept LSTM; warns if the code changed since."""
    meta = store.load_meta(NAME, code_hash(), remake="make experiments")
    a = store.load_arrays(NAME)
    model = LSTM.from_arrays(a["weight_ih"], a["weight_hh"], a["bias_ih"], a["bias_hh"])
    return meta, model, core.Head(a["head.weight"], a["head.bias"])


def score(model, head, held):
    """Held-out accuracy at the blank, rounded for the committed file."""
    return round(core.accuracy(model, head, *held), 4)


def run(distances, seeds, test_size, test_seed, log=print, **budget):
    """({kind: {str(dist): [accuracy per seed]}}, {kind: [accuracy per seed]} of PLAIN at task.DISTANCE,
    the KEPT model's arrays or None) for every model, distance and seed."""
    acc, plain, kept = {kind: {} for kind in MODELS}, {}, None
    for dist in distances:
        held = held_out(dist, test_size, test_seed)
        for kind in MODELS:
            trained = [train(kind, dist, seed, t_max=max(distances), **budget) for seed in seeds]
            acc[kind][str(dist)] = [score(m, h, held) for m, h in trained]
            log(f"distance {dist:3d} {kind:5s} {acc[kind][str(dist)]}")
            if (kind, dist) == KEPT[:2] and KEPT[2] in seeds:
                model, head = trained[seeds.index(KEPT[2])]
                kept = {**model.params(), "head.weight": head.weight, "head.bias": head.bias}
    held = held_out(task.DISTANCE, test_size, test_seed)
    for kind in PLAIN:
        plain[kind] = [score(*train(kind, task.DISTANCE, seed, **budget), held) for seed in seeds]
        log(f"distance {task.DISTANCE:3d} {kind:5s} {plain[kind]} (PyTorch init)")
    return acc, plain, kept


def main():
    t0, cpu0 = time.perf_counter(), time.process_time()
    acc, plain, kept = run(**CONFIG, log=lambda s: print(f"{s}  ({time.perf_counter() - t0:.0f} s)", flush=True))
    meta = {"name": NAME, **CONFIG, "t_max": max(CONFIG["distances"]), "classes": len(task.PAIRS),
            "chance": 1 / len(task.PAIRS), "example": task.EXAMPLE, "distance": task.DISTANCE,
            "task": "name the language of the country after 'i grew up in' (explainers.tasks.fluent)",
            "init": "PyTorch uniform; chrono gate biases for LSTM and GRU (t_max)",
            "plain": {"init": "PyTorch uniform, no forget bias, no chrono", "distance": task.DISTANCE,
                      "accuracy": plain},
            "kept": {"kind": KEPT[0], "distance": KEPT[1], "seed": KEPT[2]}, "accuracy": acc,
            "seconds": round(time.perf_counter() - t0), "cpu_seconds": round(time.process_time() - cpu0),
            "code_hash": code_hash()}
    store.save(NAME, meta, kept)
    print(f"{NAME}: written in {meta['seconds']} s ({meta['cpu_seconds']} s of CPU)")


if __name__ == "__main__":
    main()
