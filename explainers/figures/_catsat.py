"""What the catsat explainer measures in the trained model (numpy only): the cell state c_t at EXAMPLE's
five slots in every sentence, linear probes that read the subject, the verb and the place from it, and
the blank's answer when one gate is pinned at one word only."""
import numpy as np

from explainers.tasks import catsat as task
from explainers.train import core

READS = {"subject": task.SUBJECTS, "verb": task.VERBS, "place": task.PLACES}
PINS = {"f0": ("f", 0.0), "i0": ("i", 0.0), "o1": ("o", 1.0)}  # wipe the cell, write nothing, show all
SLOTS = len(task.EXAMPLE.split())  # EXAMPLE is its five slots and nothing else


def _run(model, x, pin_at=None, force=None):
    """(c, h) (T, B, H) over x (T, B, V), step by step so that `force` pins gates at step pin_at alone."""
    B, H = x.shape[1], model.hidden_size
    h, c, cs, hs = np.zeros((B, H)), np.zeros((B, H)), [], []
    for t, x_t in enumerate(x):
        h, c, _ = model.step(x_t, h, c, force if t == pin_at else None)
        cs.append(c)
        hs.append(h)
    return np.stack(cs), np.stack(hs)


def at_slots(model, sentences, slot=None, force=None):
    """(c, h) (N, SLOTS, H) at the five slots of each sentence, in the given order. With `force`, its
    gates are pinned at that one slot (0..4) of every sentence and run freely everywhere else."""
    shape = (len(sentences), SLOTS, model.hidden_size)
    c_out, h_out, groups = np.zeros(shape), np.zeros(shape), {}
    for n, words in enumerate(sentences):  # one batch per shape: the same slots, the same length
        groups.setdefault(task.slots(words), []).append(n)
    for where, ns in groups.items():
        x = np.stack([task.encode(sentences[n][:where[-1] + 1]) for n in ns], axis=1)
        c, h = _run(model, x, where[slot] if force else None, force)
        c_out[ns], h_out[ns] = c[list(where)].transpose(1, 0, 2), h[list(where)].transpose(1, 0, 2)
    return c_out, h_out


def labels(sentences):
    """read -> (N,) class index: each sentence's subject, verb and place."""
    return {"subject": np.array([task.SUBJECTS.index(task.roles(w)["subject"]) for w in sentences]),
            "verb": np.array([task.VERBS.index(task.roles(w)["verb"]) for w in sentences]),
            "place": np.array([task.PLACES.index(w[-2]) for w in sentences])}


def probe(features, y, classes, steps=150, lr=0.1):
    """A multinomial logistic read-out fitted to (features (N, F), y (N,)) by full-batch Adam from zeros;
    returns predict(features) -> class indices. Inputs are standardised so one rate suits every unit."""
    mu, sd = features.mean(0), features.std(0)
    sd = np.where(sd > 1e-9, sd, 1.0)  # a unit that never varies here reads as 0, not as noise / 0
    head = core.Head(np.zeros((classes, features.shape[1])), np.zeros(classes))
    opt = core.Adam(head.params(), lr, decay={"weight": 1e-3})
    z = (features - mu) / sd
    for _ in range(steps):
        _, dlogits = core.cross_entropy(head(z), y)
        opt.step(head.backward(z, dlogits)[1])
    return lambda f: head((f - mu) / sd).argmax(-1)


def reads(model):
    """read -> [SLOTS] accuracy on the held-out sentences of a probe of c_t fitted on the training ones:
    how well the cell at each slot tells the subject, the verb and the place."""
    fit_on, test_on = task.every(held_out=False), task.every(held_out=True)
    (c_fit, _), (c_test, _) = at_slots(model, fit_on), at_slots(model, test_on)
    y_fit, y_test = labels(fit_on), labels(test_on)
    return {k: [float(np.mean(probe(c_fit[:, s], y_fit[k], len(pool))(c_test[:, s]) == y_test[k]))
                for s in range(SLOTS)] for k, pool in READS.items()}


def pinned(model, head):
    """pin -> {"accuracy", "p_place"}: [SLOTS] over the held-out sentences, the blank answered right and
    the probability of the right place when the gate is pinned at that slot alone (PINS)."""
    held = task.every(held_out=True)
    answer = np.array([task.INDEX[w[-2]] for w in held])
    out = {}
    for key, (gate, value) in PINS.items():
        acc, p_place = [], []
        for slot in range(SLOTS):
            p = core.softmax(head(at_slots(model, held, slot, {gate: value})[1][:, -1]))  # (N, V)
            acc.append(float(np.mean(p.argmax(-1) == answer)))
            p_place.append(float(p[np.arange(len(held)), answer].mean()))
        out[key] = {"accuracy": acc, "p_place": p_place}
    return out
