"""Recall after a delay: see one of K symbols, marked "remember this", then T distractors drawn from the
same K symbols, then a query; answer the marked symbol.

    step   0              1 .. T                 T+1
    input  key + marker   K symbols, unmarked    query     -> target at step T+1: the key (chance 1/K)

The distractors look exactly like keys, so a network cannot simply ignore them: it must write its
memory when the marker says so and protect it from every later symbol for T steps. That is what an
input gate is for; a plain RNN has to fake it with its one tanh.
"""
import numpy as np

KEYS = 4                    # K: the symbols, one-hot in features 0 .. K-1
MARKER, QUERY = KEYS, KEYS + 1  # two more input features
FEATURES = KEYS + 2


def batch(rng, size, delay):
    """(x (T+2, B, FEATURES), y (T+2, B) ints, mask (T+2, B) bools: only the query step is scored)."""
    T = delay + 2
    ids = rng.integers(KEYS, size=(T, size))  # step 0 is the key, 1..T the distractors
    x = np.zeros((T, size, FEATURES))
    np.put_along_axis(x[:-1], ids[:-1, :, None], 1.0, axis=-1)
    x[0, :, MARKER] = 1.0
    x[-1, :, QUERY] = 1.0
    y = np.zeros((T, size), dtype=int)
    y[-1] = ids[0]
    mask = np.zeros((T, size), dtype=bool)
    mask[-1] = True
    return x, y, mask
