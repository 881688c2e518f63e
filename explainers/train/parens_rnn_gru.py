"""Train a vanilla RNN and a GRU on "is this character inside parentheses?" and commit them: `make train`.

    python -m explainers.train.parens_rnn_gru   # writes explainers/data/parens_{rnn,gru}.{npz,json}

They sit beside the committed LSTM (explainers.train.parens) so that the three cells can be compared on
one task: same data, hidden size, budget, optimiser and seed. One thing differs, on purpose. The LSTM's
recurrent weights W_hh are decayed hard, which leaves its cell c_t as the only memory; the GRU gets the
same decay, so that it too must carry the bit through its gated path h_t = z_t ⊙ h_prev + …, and the
two gated cells differ by their cell, not by their recipe. The RNN gets none: W_hh is its only memory,
and with the LSTM's decay it cannot learn the task at all (its metadata records that accuracy too).
"""
import sys
import time

import numpy as np

from .. import tasks
from ..models import GRU, RNN, _base, _recurrent, gru, rnn
from ..tasks import parens as task
from . import core, parens, store

SHARED = {k: parens.CONFIG[k] for k in ("hidden_size", "steps", "batch", "lr", "max_norm", "seed")}
MODELS = {  # name -> (class, decoupled weight decay): the LSTM's budget, the decay as argued above
    "parens_rnn": (RNN, {}),
    "parens_gru": (GRU, dict(parens.CONFIG["decay"])),
}


def code_hash():
    return store.code_hash(tasks, task, core, parens, _base, _recurrent, rnn, gru, sys.modules[__name__])


def train(name, hidden_size, steps, batch, lr, max_norm, seed, decay=None, log_every=0):
    """(model, head, losses): MODELS[name]'s cell and its 2-class read-out, trained from `seed`
    with the decay given (MODELS[name]'s when None)."""
    cls, default_decay = MODELS[name]
    model = cls.init(len(task.VOCAB), hidden_size, seed=seed)
    head = core.Head.init(hidden_size, 2, seed=seed)

    def make_batch(rng):
        x, y, _ = task.batch(rng, batch)
        return x, y, None

    decay = default_decay if decay is None else decay
    return model, head, core.fit(model, head, make_batch, steps, lr, max_norm, seed, decay, log_every)


def load(name):
    """(model, head, meta) from the committed files; warns if the training code changed since."""
    meta = store.load_meta(name, code_hash())
    a = store.load_arrays(name)
    head = core.Head(a.pop("head.weight"), a.pop("head.bias"))
    return MODELS[name][0].from_params(a), head, meta


def main():
    for name, (cls, decay) in MODELS.items():
        t0 = time.perf_counter()
        model, head, losses = train(name, **SHARED, log_every=100)
        acc = parens.evaluate(model, head)
        meta = {
            "name": name, "model": cls.__name__, "input_size": model.input_size, **SHARED, "decay": decay,
            "data": {"task": "inside parentheses (explainers.tasks.parens)", "vocab": task.VOCAB,
                     "length": task.LENGTH, "held_out_seed": task.HELD_OUT_SEED,
                     "held_out_size": task.HELD_OUT_SIZE, "training_batches": "default_rng(seed)"},
            "accuracy": round(acc, 6), "majority_baseline": round(parens.majority_baseline(), 6),
            "final_loss": round(float(np.mean(losses[-50:])), 6), "code_hash": code_hash(),
        }
        if not decay:  # the reason it has none, measured: the same run with the LSTM's decay
            other = train(name, **SHARED, decay=parens.CONFIG["decay"])
            meta["accuracy_with_lstm_decay"] = round(parens.evaluate(*other[:2]), 6)
        store.save(name, meta, {**model.params(), "head.weight": head.weight, "head.bias": head.bias})
        print(f"{name}: held-out accuracy {acc:.4f} (majority {meta['majority_baseline']:.4f}) "
              f"in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
