"""Which "bank"? Generated sentences where a word AFTER "bank" decides its sense: river or money.

    we sat by the bank of the river today      -> river (0) at every word
    she walked to the bank for a loan          -> money (1) at every word

Every word before "bank", and the words between it and the cue, are drawn the same way for both
senses, so at "bank" itself only a model that has also read the rest of the sentence can know.
"""
import numpy as np

from . import one_hot

SENSES = ("river", "money")
PREFIXES = ("the", "a", "by the", "near the", "we sat by the", "she walked to the", "he went to the",
            "they met at the", "i stopped at the", "we stood near the")
CONNECTORS = ("of the", "for the", "near the", "with the", "by the", "and saw the", "to see the",
              "for a")
CUES = (("river", "water", "fish", "boat", "mud", "ducks"),
        ("money", "cash", "loan", "teller", "account", "savings"))
ENDS = ("", "today", "again", "at noon", "this morning")
WORD = "bank"
VOCAB = sorted({w for part in (PREFIXES, CONNECTORS, ENDS) for s in part for w in s.split()}
               | {w for cues in CUES for w in cues} | {WORD})
INDEX = {w: k for k, w in enumerate(VOCAB)}
EXAMPLES = ("we sat by the bank of the river today", "she walked to the bank for a loan",
            "they met at the bank and saw the ducks", "he went to the bank to see the teller again")
HELD_OUT_SEED, HELD_OUT_SIZE = 2000, 200


def sentence(rng):
    """(words, sense): a random sentence of the grammar above and its sense, 0 river or 1 money."""
    sense = int(rng.integers(2))
    parts = [rng.choice(PREFIXES), WORD, rng.choice(CONNECTORS), rng.choice(CUES[sense]), rng.choice(ENDS)]
    return " ".join(p for p in parts if p).split(), sense


def sense_of(words):
    """The sense the grammar gives: that of the first cue word after "bank"."""
    for w in words[words.index(WORD):]:
        for sense, cues in enumerate(CUES):
            if w in cues:
                return sense
    raise ValueError(f"no cue word after {WORD!r} in {' '.join(words)!r}")


def encode(words):
    """(T, len(VOCAB)) one-hot; an unknown word raises with its name."""
    bad = [w for w in words if w not in INDEX]
    if bad:
        raise ValueError(f"words {bad} are not in the vocabulary")
    return one_hot([INDEX[w] for w in words], len(VOCAB))


def batch(rng, size):
    """(x (T, B, V), y (T, B) the sense at every word, the B sentences): one length per batch, the
    length of the first sentence drawn, so that no padding is needed in either direction."""
    first, sense = sentence(rng)
    chosen = [(first, sense)]
    while len(chosen) < size:
        words, sense = sentence(rng)
        if len(words) == len(first):
            chosen.append((words, sense))
    x = np.stack([encode(w) for w, _ in chosen], axis=1)
    y = np.broadcast_to(np.array([s for _, s in chosen]), x.shape[:2]).copy()
    return x, y, [" ".join(w) for w, _ in chosen]


def held_out():
    """A fixed list of (x (T, V), sense, bank position, sentence), HELD_OUT_SIZE sentences."""
    rng, out = np.random.default_rng(HELD_OUT_SEED), []
    for _ in range(HELD_OUT_SIZE):
        words, sense = sentence(rng)
        out.append((encode(words), sense, words.index(WORD), " ".join(words)))
    return out
