"""Train the tiny LSTM of "is this character inside parentheses?" and commit it: `make train`.

    python -m explainers.train.parens        # writes explainers/data/parens_lstm.{npz,json}

The recurrent weights W_hh are decayed hard (decoupled weight decay), so the only way left to carry
the bit across a parenthesis is the cell c_t: the gates then read the current character alone, and
forcing a gate shows plainly what each one does.
"""
import sys
import time

import numpy as np

from .. import tasks
from ..models import LSTM, _base, _recurrent, lstm
from ..tasks import parens as task
from . import core, store

NAME = "parens_lstm"
CONFIG = {"hidden_size": 16, "steps": 600, "batch": 16, "lr": 0.02, "max_norm": 1.0,
          "decay": {"weight_hh": 20.0}, "seed": 0}


def code_hash():
    return store.code_hash(tasks, task, core, _base, _recurrent, lstm, sys.modules[__name__])


def train(hidden_size, steps, batch, lr, max_norm, decay, seed, log_every=0):
    """(model, head, losses): an LSTM and its 2-class read-out trained from `seed` on fresh batches."""
    model = LSTM.init(len(task.VOCAB), hidden_size, seed=seed)
    head = core.Head.init(hidden_size, 2, seed=seed)

    def make_batch(rng):
        x, y, _ = task.batch(rng, batch)
        return x, y, None

    losses = core.fit(model, head, make_batch, steps, lr, max_norm, seed, decay, log_every)
    return model, head, losses


def evaluate(model, head, force=None):
    """Accuracy per character on the fixed held-out set."""
    x, y, _ = task.held_out()
    return core.accuracy(model, head, x, y, force=force)


def majority_baseline():
    _, y, _ = task.held_out()
    return float(max(y.mean(), 1 - y.mean()))


def load():
    """(model, head, meta) from the committed files; warns if the training code changed since."""
    meta = store.load_meta(NAME, code_hash())
    a = store.load_arrays(NAME)
    model = LSTM.from_arrays(a["weight_ih"], a["weight_hh"], a["bias_ih"], a["bias_hh"])
    return model, core.Head(a["head.weight"], a["head.bias"]), meta


def main():
    t0 = time.perf_counter()
    model, head, losses = train(**CONFIG, log_every=100)
    acc = evaluate(model, head)
    meta = {
        "name": NAME, "model": "LSTM", "input_size": model.input_size, **CONFIG,
        "data": {"task": "inside parentheses (explainers.tasks.parens)", "vocab": task.VOCAB,
                 "length": task.LENGTH, "held_out_seed": task.HELD_OUT_SEED,
                 "held_out_size": task.HELD_OUT_SIZE, "training_batches": "default_rng(seed)"},
        "accuracy": round(acc, 6), "majority_baseline": round(majority_baseline(), 6),
        "final_loss": round(float(np.mean(losses[-50:])), 6), "code_hash": code_hash(),
    }
    arrays = {**model.params(), "head.weight": head.weight, "head.bias": head.bias}
    store.save(NAME, meta, arrays)
    print(f"{NAME}: held-out accuracy {acc:.4f} (majority {meta['majority_baseline']:.4f}) "
          f"in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
