"""Train the word-level LSTM of "the cat sat on the ___" and commit it: `make train`.

    python -m explainers.train.catsat        # writes explainers/data/catsat_lstm.{npz,json}

It reads one-hot words and predicts the next word at every word (explainers.tasks.catsat), so at the
sentence's last determiner it must name the place that the subject and the verb, read several words
earlier, fix together. With CONFIG (hidden size 12, 1000 Adam steps of 32 sentences: 12 s on a free
core, 30 s on a busy one) it names the right place in each of the 720 held-out sentences, whose
(subject, verb, preposition) it never read, with a mean probability of 0.98 (chance 0.25). The json
beside the weights records both numbers; tests/test_catsat.py checks them against the weights.
"""
import sys
import time

import numpy as np

from .. import tasks
from ..models import LSTM, _base, _recurrent, lstm
from ..tasks import catsat as task
from . import core, store

NAME = "catsat_lstm"
CONFIG = {"hidden_size": 12, "steps": 1000, "batch": 32, "lr": 0.02, "max_norm": 1.0, "seed": 0}
FIRST = 20  # steps whose mean loss the meta records, so that a retrain of seconds can check the weights' origin


def code_hash():
    return store.code_hash(tasks, task, core, _base, _recurrent, lstm, sys.modules[__name__])


def train(hidden_size, steps, batch, lr, max_norm, seed, log_every=0):
    """(model, head, losses): an LSTM and its next-word read-out trained from `seed` on fresh batches."""
    model = LSTM.init(len(task.VOCAB), hidden_size, seed=seed)
    head = core.Head.init(hidden_size, len(task.VOCAB), seed=seed)

    def make_batch(rng):
        x, y, _ = task.batch(rng, batch)
        return x, y, None

    return model, head, core.fit(model, head, make_batch, steps, lr, max_norm, seed, log_every=log_every)


def next_word(model, head, words):
    """P(next word) (T, V) after each of `words`, from a zero state."""
    return core.predict(model, head, task.encode(words))


def evaluate(model, head):
    """On every held-out sentence, at its last determiner: {"accuracy": how often the most probable next
    word is the grammar's place, "p_place": the mean probability given to it}."""
    right, p_place = [], []
    for words in task.every(held_out=True):
        p = next_word(model, head, words[:-2])[-1]  # after the determiner before the place
        answer = task.INDEX[words[-2]]
        right.append(p.argmax() == answer)
        p_place.append(p[answer])
    return {"accuracy": float(np.mean(right)), "p_place": float(np.mean(p_place))}


def load():
    """(model, head, meta) from the committed files; warns if the training code changed since."""
    meta = store.load_meta(NAME, code_hash())
    a = store.load_arrays(NAME)
    head = core.Head(a.pop("head.weight"), a.pop("head.bias"))
    return LSTM.from_params(a), head, meta


def main():
    t0 = time.perf_counter()
    model, head, losses = train(**CONFIG, log_every=100)
    seconds = time.perf_counter() - t0
    result = evaluate(model, head)
    meta = {"name": NAME, "model": "LSTM", "input_size": len(task.VOCAB), **CONFIG,
            "data": {"task": "next word, the place fixed by subject and verb (explainers.tasks.catsat)",
                     "vocab": list(task.VOCAB), "held_out": "every sentence of task.every(held_out=True)",
                     "held_out_size": len(task.every(held_out=True)), "training_batches": "default_rng(seed)"},
            **{k: round(v, 6) for k, v in result.items()}, "chance": round(1 / len(task.PLACES), 6),
            "first_loss": round(float(np.mean(losses[:FIRST])), 6),  # a short retrain must give it again
            "final_loss": round(float(np.mean(losses[-50:])), 6), "code_hash": code_hash()}
    store.save(NAME, meta, {**model.params(), "head.weight": head.weight, "head.bias": head.bias})
    print(f"{NAME}: held-out place accuracy {result['accuracy']:.3f}, mean P(place) {result['p_place']:.3f} "
          f"(chance {meta['chance']:.2f}), trained in {seconds:.1f} s")


if __name__ == "__main__":
    main()
