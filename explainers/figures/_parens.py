"""What the parenthesis explainers (heatmap, c_vs_h, forcing) share: the committed LSTM, its most
telling units, and one run over a sentence, as plain lists. numpy only."""
import numpy as np

from explainers.tasks import parens as task
from explainers.train import core
from explainers.train import parens as trained

UNITS = 3  # how many units the figures show


def sig(a, digits=6):
    """Floats rounded to `digits` significant digits, as (nested) lists: stable JSON, ample precision."""
    return np.vectorize(lambda v: float(f"{v:.{digits}g}"), otypes=[float])(np.asarray(a)).tolist()


def telling_units(model, k=UNITS):
    """(units, r): the k units whose cell state c_t correlates most (|Pearson r|) with the target
    "inside?" over the held-out set, most telling first, and every unit's r (H,)."""
    x, y, _ = task.held_out()
    c = model.run(x).c.reshape(-1, model.hidden_size)  # (T*B, H)
    yc = y.reshape(-1) - y.mean()
    cc = c - c.mean(0)
    r = (cc * yc[:, None]).sum(0) / np.sqrt((cc**2).sum(0) * (yc**2).sum())
    return np.argsort(-np.abs(r), kind="stable")[:k].tolist(), r


def run_sentence(model, head, sentence, units, force=None):
    """Per character: the gates, c and h of `units`, and P(inside) from the head, as arrays."""
    x = task.encode(sentence)
    tr = model.run(x, force=force)
    p = core.softmax(head(tr.h))[:, 1]  # (T,)
    out = {k: tr.gates[k][:, units] for k in "ifgo"}
    return {**out, "c": tr.c[:, units], "h": tr.h[:, units], "p_inside": p,
            "target": task.targets(sentence)}


def load():
    """(model, head, meta, units, r) for the committed parenthesis LSTM."""
    model, head, meta = trained.load()
    units, r = telling_units(model)
    return model, head, meta, units, r
