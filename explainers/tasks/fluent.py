""""I grew up in France … I speak fluent ___": the word at the blank is set by a word many words back.

    i grew up in <country>  <filler: clauses, some naming other countries>  i speak fluent  -> <language>

The model reads the words up to "fluent" and must name, at that last step, the language of the country
after "grew up in" (chance: 1 in len(PAIRS)). The filler carries no information about it: its clauses
are drawn the same way whatever the country is, and the countries they name (where a sister lives,
where we spent summers) are drawn uniformly from *all* countries, the right one included. So they
cannot narrow the answer down by elimination; they only tempt a model that keeps the latest country
instead of the one it grew up in. The distance is the number of words from the country to the blank;
DISTANCE is that of EXAMPLE, this site's version of the sentence.
"""
import numpy as np

from . import one_hot

PAIRS = (("france", "french"), ("spain", "spanish"), ("italy", "italian"), ("germany", "german"),
         ("japan", "japanese"))
COUNTRIES = tuple(c for c, _ in PAIRS)
LANGUAGES = tuple(lang for _, lang in PAIRS)
OPENING, CLOSING = "i grew up in".split(), "i speak fluent".split()
SLOT = "<country>"  # replaced by a country drawn from COUNTRIES
CLAUSES = ("and lived there until i was eighteen", f"then i moved to {SLOT} for work", "but", "and",
           "so", "then", "now", "with my parents", "and two brothers", "after school", "for many years",
           "near the sea", "my father worked in a bakery", f"my sister lives in {SLOT}",
           f"we went to {SLOT} every summer", f"a friend came from {SLOT}", "and still")
EXAMPLE = ("i grew up in france and lived there until i was eighteen then i moved to spain for work "
           "but i speak fluent french")
VOCAB = sorted({w for c in CLAUSES for w in c.split() if w != SLOT} | set(OPENING) | set(CLOSING)
               | set(COUNTRIES))
INDEX = {w: k for k, w in enumerate(VOCAB)}


def distance(words):
    """Words from the country (the 5th word) to the blank (the last): the gap the model must bridge."""
    return len(words) - 1 - len(OPENING)


DISTANCE = distance(EXAMPLE.split())
FILLER_MIN = 1  # the shortest filler a generated sentence has: so the shortest distance is 5


def filler(rng, n):
    """n words of clauses drawn until they fill n exactly (one-word clauses make that always possible)."""
    words = []
    while len(words) < n:
        fits = [c for c in CLAUSES if len(c.split()) <= n - len(words)]
        clause = fits[int(rng.integers(len(fits)))]
        words += [COUNTRIES[int(rng.integers(len(COUNTRIES)))] if w == SLOT else w for w in clause.split()]
    return words


def sentence(rng, dist=DISTANCE):
    """(words, language index): a sentence whose blank is `dist` words after its country; the words
    end with the blank's language."""
    n = dist - len(CLOSING) - 1  # filler words between the country and "i speak fluent"
    if n < FILLER_MIN:
        raise ValueError(f"distance must be at least {FILLER_MIN + len(CLOSING) + 1}, got {dist}")
    k = int(rng.integers(len(PAIRS)))
    return OPENING + [COUNTRIES[k]] + filler(rng, n) + CLOSING + [LANGUAGES[k]], k


def language_of(words):
    """The grammar's answer: the language of the country right after "i grew up in"."""
    if words[:len(OPENING)] != OPENING:
        raise ValueError(f"not a sentence of this task: {' '.join(words[:6])!r} …")
    return COUNTRIES.index(words[len(OPENING)])


def encode(words):
    """(T, len(VOCAB)) one-hot of the words the model reads (up to "fluent", never the answer)."""
    bad = [w for w in words if w not in INDEX]
    if bad:
        raise ValueError(f"words {bad} are not in the vocabulary")
    return one_hot([INDEX[w] for w in words], len(VOCAB))


def batch(rng, size, dist=DISTANCE):
    """(x (T, B, V), y (T, B) ints, mask (T, B) bools): only the last step, the word "fluent", is scored,
    against the language; T = dist + 4 words read (all sentences of a batch have the same length)."""
    drawn = [sentence(rng, dist) for _ in range(size)]
    x = np.stack([encode(words[:-1]) for words, _ in drawn], axis=1)
    y = np.zeros(x.shape[:2], dtype=int)
    y[-1] = [k for _, k in drawn]
    mask = np.zeros(x.shape[:2], dtype=bool)
    mask[-1] = True
    return x, y, mask
