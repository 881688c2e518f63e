"""Data generators for the trained explainers: each task makes readable inputs, one-hot encodings and
per-step targets from a seed alone, so every training run and every held-out set can be remade exactly."""
import numpy as np


def one_hot(ids, size):
    """ids (...,) ints -> (..., size) float64 one-hot vectors."""
    ids = np.asarray(ids)
    out = np.zeros(ids.shape + (size,))
    np.put_along_axis(out, ids[..., None], 1.0, axis=-1)
    return out
