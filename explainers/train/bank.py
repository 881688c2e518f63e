"""Train the toy forward LSTM and BiLSTM of "which bank?" and commit both: `make train`.

    python -m explainers.train.bank          # writes explainers/data/bank_{lstm,bilstm}.{npz,json}

Both read the same sentences and give the sense at every word, with the same number of features
(LSTM hidden 16; BiLSTM 8 per direction, [h_fwd, h_bwd]) and the same budget.
"""
import sys
import time

import numpy as np

from .. import tasks
from ..models import LSTM, BiLSTM, _base, _recurrent, bilstm, lstm
from ..tasks import bank as task
from . import core, store

MODELS = {"bank_lstm": (LSTM, 16), "bank_bilstm": (BiLSTM, 8)}
CONFIG = {"steps": 300, "batch": 16, "lr": 0.02, "max_norm": 1.0, "seed": 0}


def code_hash():
    return store.code_hash(tasks, task, core, _base, _recurrent, lstm, bilstm, sys.modules[__name__])


def train(name, steps, batch, lr, max_norm, seed, log_every=0):
    """(model, head, losses) for MODELS[name], trained from `seed`."""
    cls, hidden = MODELS[name]
    model = cls.init(len(task.VOCAB), hidden, seed=seed)
    head = core.Head.init(2 * hidden if cls is BiLSTM else hidden, 2, seed=seed)

    def make_batch(rng):
        x, y, _ = task.batch(rng, batch)
        return x, y, None

    return model, head, core.fit(model, head, make_batch, steps, lr, max_norm, seed, log_every=log_every)


def sense_probs(model, head, x):
    """P(money) at every word of x (T, V): (T,)."""
    return core.predict(model, head, x)[:, 1]


def evaluate(model, head):
    """Held-out accuracy of the sense {"at_bank": at the word "bank", "last": at the last word}."""
    at_bank, last = [], []
    for x, sense, pos, _ in task.held_out():
        p = sense_probs(model, head, x)
        at_bank.append((p[pos] > 0.5) == sense)
        last.append((p[-1] > 0.5) == sense)
    return {"at_bank": float(np.mean(at_bank)), "last": float(np.mean(last))}


def load(name):
    """(model, head, meta) from the committed files; warns if the training code changed since."""
    meta = store.load_meta(name, code_hash())
    a = store.load_arrays(name)
    head = core.Head(a.pop("head.weight"), a.pop("head.bias"))
    return MODELS[name][0].from_params(a), head, meta


def main():
    for name, (cls, hidden) in MODELS.items():
        t0 = time.perf_counter()
        model, head, losses = train(name, **CONFIG)
        acc = evaluate(model, head)
        meta = {"name": name, "model": cls.__name__, "input_size": len(task.VOCAB), "hidden_size": hidden,
                **CONFIG, "data": {"task": "sense of 'bank' (explainers.tasks.bank)", "vocab": task.VOCAB,
                                   "held_out_seed": task.HELD_OUT_SEED, "held_out_size": task.HELD_OUT_SIZE},
                "accuracy": {k: round(v, 6) for k, v in acc.items()}, "chance": 0.5,
                "final_loss": round(float(np.mean(losses[-50:])), 6), "code_hash": code_hash()}
        store.save(name, meta, {**model.params(), "head.weight": head.weight, "head.bias": head.bias})
        print(f"{name}: accuracy at 'bank' {acc['at_bank']:.3f}, at the last word {acc['last']:.3f} "
              f"in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
