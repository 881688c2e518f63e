""""Is this character inside parentheses?" on generated lowercase text, one character at a time.

The target of character t is 1 when, having read it, the reader is inside a parenthesis: the "(" itself
counts as inside, the ")" as outside. A span can run for dozens of characters, so a model must hold one
bit for that long; nothing local (the current letter, the previous few) gives it away.

    the cat (saw a big dog) and ran
    0000000011111111111111000000000
"""
import functools

import numpy as np

from . import one_hot

VOCAB = " abcdefghijklmnopqrstuvwxyz()"
INDEX = {ch: k for k, ch in enumerate(VOCAB)}
WORDS = ("the a cat dog bird fish sun tree house park river road box cup man girl boy old big red "
         "small slow fast saw ran sat ate found took met was is and but then so to of in on at by "
         "with under near very quite").split()
DEFAULT_SENTENCE = "the old dog (who ran to the park with a red ball) sat by the tree (and slept)"
LENGTH = 64          # characters per training sequence
HELD_OUT_SEED = 1000  # the fixed held-out set: held_out() below
HELD_OUT_SIZE = 200


def text(rng, length=LENGTH, p_open=0.2, span=(2, 7)):
    """A string of exactly `length` characters of words, with non-nested parentheses around 2..7 words."""
    out, inside, left = [], False, 0
    while len(" ".join(out)) < length:
        word = WORDS[rng.integers(len(WORDS))]
        if not inside and out and rng.random() < p_open:
            inside, left, word = True, rng.integers(span[0], span[1] + 1), "(" + word
        if inside:
            left -= 1
            if left == 0:
                inside, word = False, word + ")"
        out.append(word)
    return " ".join(out)[:length]


def targets(s):
    """(T,) 0/1: is the reader inside a parenthesis after character t?"""
    depth, y = 0, []
    for ch in s:
        depth += (ch == "(") - (ch == ")")
        y.append(int(depth > 0))
    return np.array(y)


def encode(s):
    """One string -> (T, len(VOCAB)) one-hot; a character outside VOCAB raises with its name."""
    bad = sorted(set(s) - set(VOCAB))
    if bad:
        raise ValueError(f"characters {bad} are not in the vocabulary {VOCAB!r}")
    return one_hot([INDEX[ch] for ch in s], len(VOCAB))


def batch(rng, size, length=LENGTH):
    """(x (T, B, V), y (T, B) ints, the B strings)."""
    strings = [text(rng, length) for _ in range(size)]
    x = np.stack([encode(s) for s in strings], axis=1)
    y = np.stack([targets(s) for s in strings], axis=1)
    return x, y, strings


@functools.lru_cache(maxsize=1)
def held_out():
    """The fixed held-out set every accuracy on this task is measured on (made once; do not modify it)."""
    return batch(np.random.default_rng(HELD_OUT_SEED), HELD_OUT_SIZE)
