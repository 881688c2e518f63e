"""Long memory, measured: a vanilla RNN, an LSTM and a GRU, the same budget each, on recall after a
delay T, for several T. `make experiments` runs it (a few minutes) and commits the accuracies:

    python -m explainers.train.delay          # writes explainers/data/delay_results.json

The gated models start with chrono initialisation (Tallec & Ollivier 2018, "Can recurrent neural
networks warp time?"): gate biases log(u), u ~ U(1, T_max - 1), so that their memories start out with
time scales spread up to T_max steps; the plain RNN has no gate to set that way. T_max is the same
for every delay.
"""
import sys
import time

import numpy as np

from .. import tasks
from ..models import GRU, LSTM, RNN, _base, _recurrent, gru, lstm, rnn
from ..tasks import delay as task
from . import core, store

NAME = "delay_results"
MODELS = {"RNN": RNN, "LSTM": LSTM, "GRU": GRU}
CONFIG = {"delays": [5, 10, 20, 40, 80], "seeds": [0, 1, 2], "hidden_size": 16, "steps": 1500,
          "batch": 32, "lr": 0.01, "max_norm": 1.0, "t_max": 80, "test_size": 500, "test_seed": 10_000}


def code_hash():
    return store.code_hash(tasks, task, core, _base, _recurrent, rnn, lstm, gru, sys.modules[__name__])


def chrono(model, t_max, rng):
    """Chrono initialisation in place. LSTM: b_f = log(u), b_i = -b_f; GRU: the update gate's bias
    b_z = log(u) (PyTorch's GRU keeps h_prev in proportion z). The b_hh parts of those gates are zeroed."""
    H = model.hidden_size
    b = np.log(rng.uniform(1, t_max - 1, H))
    if isinstance(model, LSTM):    # rows i, f, g, o
        model.bias_ih[H:2 * H], model.bias_ih[:H] = b, -b
        model.bias_hh[:2 * H] = 0.0
    elif isinstance(model, GRU):   # rows r, z, n
        model.bias_ih[H:2 * H], model.bias_hh[H:2 * H] = b, 0.0


def run_one(kind, delay, seed, hidden_size, steps, batch, lr, max_norm, t_max, test_size, test_seed):
    """Held-out accuracy at the query step of one model trained on one delay from one seed."""
    model = MODELS[kind].init(task.FEATURES, hidden_size, seed=seed)
    chrono(model, t_max, np.random.default_rng(seed))
    head = core.Head.init(hidden_size, task.KEYS, seed=seed)
    core.fit(model, head, lambda rng: task.batch(rng, batch, delay), steps, lr, max_norm, seed)
    x, y, mask = task.batch(np.random.default_rng(test_seed), test_size, delay)
    return core.accuracy(model, head, x, y, mask)


def load():
    """The committed results; warns (StaleDataWarning) if this experiment's code changed since."""
    return store.load_meta(NAME, code_hash(), remake="make experiments")


def main():
    t0 = time.perf_counter()
    cfg = {k: v for k, v in CONFIG.items() if k not in ("delays", "seeds")}
    acc = {kind: {} for kind in MODELS}
    for delay in CONFIG["delays"]:
        for kind in MODELS:
            acc[kind][str(delay)] = [round(run_one(kind, delay, s, **cfg), 4) for s in CONFIG["seeds"]]
            print(f"T={delay:4d} {kind:5s} {acc[kind][str(delay)]}  ({time.perf_counter() - t0:.0f} s)", flush=True)
    meta = {"name": NAME, **CONFIG, "keys": task.KEYS, "chance": 1 / task.KEYS,
            "task": "recall the marked symbol after T same-alphabet distractors (explainers.tasks.delay)",
            "init": "PyTorch uniform; chrono gate biases for LSTM and GRU (t_max)",
            "accuracy": acc, "seconds": round(time.perf_counter() - t0), "code_hash": code_hash()}
    store.save(NAME, meta)
    print(f"{NAME}: written in {meta['seconds']} s")


if __name__ == "__main__":
    main()
