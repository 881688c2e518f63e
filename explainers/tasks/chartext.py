"""A tiny corpus for a character-level language model, made by a grammar from a seed (a few KB, the
same in CPython and in the reader's browser): sentences of common words with parentheses and quotes,
nested at most twice, that close a few words after they open.

    the old dog (who saw a "big red" cat) ran to the park.

Whether a ")" or a closing '"' may come after a word depends on what opened a few words back; nothing
local gives it away. That is the long-range dependency the probe below measures.
"""
import functools

import numpy as np

WORDS = "the a cat dog saw sat on big red and".split()
MARKS = {"(": ")", '"': '"'}  # what opens -> what closes it
VOCAB = "".join(sorted(set("".join(WORDS)) | set(' ()."')))
INDEX = {ch: k for k, ch in enumerate(VOCAB)}
SEED = 0        # the training corpus
PROBE_SEED = 1  # held-out sentences for the probe, never trained on
CHARS = 8192    # the corpus' length in characters


def clause(rng, depth=0, quoted=False):
    """A list of 3..7 words; after a word (not the first), at most twice a bracket or a quote of 2..5
    words opens and closes (its own inner clause one level deeper, at most two levels; no quote inside
    a quote, which could not be told from its end)."""
    n = rng.integers(1, 4) if depth else rng.integers(3, 7)
    out, inserted = [], 0
    for k in range(n):
        out.append(WORDS[rng.integers(len(WORDS))])
        if 0 < k < n - 1 and depth < 2 and inserted < 2 and rng.random() < 0.4:
            mark = "(" if rng.random() < 0.6 else '"'
            if quoted:
                mark = "("
            inner = clause(rng, depth + 1, quoted or mark == '"')
            out.append(mark + " ".join(inner) + MARKS[mark])
            inserted += 1
    return out


def sentence(rng):
    return " ".join(clause(rng)) + "."


def text(seed, chars):
    """At least `chars` characters of sentences from default_rng(seed), cut to exactly `chars`."""
    rng, out, n = np.random.default_rng(seed), [], 0
    while n < chars:
        out.append(sentence(rng))
        n += len(out[-1]) + 1
    return " ".join(out)[:chars]


@functools.lru_cache(maxsize=2)
def corpus(chars=CHARS):
    """The training text (a string), made once."""
    return text(SEED, chars)


def encode(s):
    """A string -> (T,) ints; a character outside VOCAB raises with its name."""
    bad = sorted(set(s) - set(VOCAB))
    if bad:
        raise ValueError(f"characters {bad} are not in the vocabulary {VOCAB!r}")
    return np.array([INDEX[ch] for ch in s], dtype=np.int64)


def open_marks(s):
    """For each character of s, the marks still open after it, innermost last: a tuple like ('(', '"')."""
    stack, out = [], []
    for ch in s:
        if ch == "(" or (ch == '"' and '"' not in stack):
            stack.append(ch)
        elif stack and ch == MARKS[stack[-1]]:
            stack.pop()
        out.append(tuple(stack))
    return out


def word_ends(s):
    """The positions t where a word ends in s (the next character is not a letter): where a mark may close."""
    return [t for t in range(len(s) - 1) if s[t].isalpha() and not s[t + 1].isalpha()]


@functools.lru_cache(maxsize=1)
def probe_text(chars=2048):
    """Held-out text for the probe (its own seed)."""
    return text(PROBE_SEED, chars)
