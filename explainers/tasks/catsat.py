"""The cat sat on the ___: generated sentences whose last word, a place, is fixed by two words far back.

    DET [ADJECTIVE] SUBJECT VERB [ADVERB] PREPOSITION DET PLACE .
    the cat sat on the mat .            a small dog slept quietly under a sofa .

Every word is drawn uniformly (the subject, the verb and the preposition as one triple, from those of
the part: training or held out), except the place: the subject's own place for that verb, below.
Neither word alone decides it (a subject has three places, a verb four), and over the whole grammar
the words in between say nothing about it (in the training part the preposition hints a little: 1/3
for one place, 2/9 for each other, through the triples held out), so a model that predicts the place
must carry the subject and the verb across them.

             sat    slept  stood
    cat      mat    rug    sofa
    dog      rug    sofa   bed
    bird     sofa   bed    mat
    mouse    bed    mat    rug

The task is the next word at every word; after the place it is ".". Held out of training: every sentence
whose (subject, verb, preposition) is one of twelve triples, one per (subject, verb) pair (preposition
number (s + 2v) mod 4). "the cat sat on the ___" is one of them: the model never reads it in training.
"""
import itertools

import numpy as np

from . import one_hot

DETERMINERS = ("the", "a")
ADJECTIVES = ("big", "small", "black", "grey")
SUBJECTS = ("cat", "dog", "bird", "mouse")
VERBS = ("sat", "slept", "stood")
ADVERBS = ("quietly", "alone")
PREPOSITIONS = ("on", "under", "by", "near")
PLACES = ("mat", "rug", "sofa", "bed")
END = "."
VOCAB = (*DETERMINERS, *ADJECTIVES, *SUBJECTS, *VERBS, *ADVERBS, *PREPOSITIONS, *PLACES, END)
INDEX = {w: k for k, w in enumerate(VOCAB)}
EXAMPLE = "the cat sat on the"  # the blank follows; its answer is place("cat", "sat")


def place(subject, verb):
    """The grammar's place for a subject and a verb: PLACES[(s + v) mod 4], the table above."""
    return PLACES[(SUBJECTS.index(subject) + VERBS.index(verb)) % len(PLACES)]


def is_held_out(subject, verb, preposition):
    """Whether sentences with this (subject, verb, preposition) are kept out of training."""
    s, v = SUBJECTS.index(subject), VERBS.index(verb)
    return PREPOSITIONS.index(preposition) == (s + 2 * v) % len(PREPOSITIONS)


def roles(words):
    """{"subject", "verb", "preposition"} -> the first such word of a sentence (or of its beginning)."""
    pools = {"subject": SUBJECTS, "verb": VERBS, "preposition": PREPOSITIONS}
    return {role: next(w for w in words if w in pool) for role, pool in pools.items()
            if any(w in pool for w in words)}


def blank(words):
    """The grammar's answer for the word after `words`, a beginning that ends at the second determiner."""
    r = roles(words)
    if len(r) < 3 or words[-1] not in DETERMINERS or words.index(r["preposition"]) != len(words) - 2:
        raise ValueError(f"{' '.join(words)!r} does not end just before the place")
    return place(r["subject"], r["verb"])


def slots(words):
    """Where EXAMPLE's five words sit in any sentence: the first determiner, the subject, the verb, the
    preposition and the determiner before the place, as indices into `words`."""
    r = roles(words)
    at = [words.index(r[k]) for k in ("subject", "verb", "preposition")]
    return (0, *at, at[-1] + 1)


def _build(det1, adj, subject, verb, adverb, prep, det2):
    words = [det1, adj, subject, verb, adverb, prep, det2, place(subject, verb), END]
    return [w for w in words if w]


def _pick(rng, pool):
    return pool[rng.integers(len(pool))]


def sentence(rng, held_out=False):
    """A random sentence (list of words, ending in ".") from the training part or the held-out part;
    the adjective and the adverb are each left out one time in (1 + their number)."""
    while True:
        s, v, p = (_pick(rng, pool) for pool in (SUBJECTS, VERBS, PREPOSITIONS))
        if is_held_out(s, v, p) == held_out:
            break
    adj, adv = _pick(rng, ("",) + ADJECTIVES), _pick(rng, ("",) + ADVERBS)
    return _build(_pick(rng, DETERMINERS), adj, s, v, adv, p, _pick(rng, DETERMINERS))


def every(held_out, short=False):
    """Every sentence of one part, in a fixed order; short: only those shaped like EXAMPLE (no adjective,
    no adverb). The grammar is finite: 2160 training sentences, 720 held out (48 of them short)."""
    adjectives = ("",) if short else ("",) + ADJECTIVES
    adverbs = ("",) if short else ("",) + ADVERBS
    out = []
    for d1, adj, s, v, adv, p, d2 in itertools.product(DETERMINERS, adjectives, SUBJECTS, VERBS, adverbs,
                                                       PREPOSITIONS, DETERMINERS):
        if is_held_out(s, v, p) == held_out:
            out.append(_build(d1, adj, s, v, adv, p, d2))
    return out


def encode(words):
    """(T, len(VOCAB)) one-hot; an unknown word raises with its name."""
    bad = [w for w in words if w not in INDEX]
    if bad:
        raise ValueError(f"words {bad} are not in the vocabulary: {' '.join(VOCAB)}")
    return one_hot([INDEX[w] for w in words], len(VOCAB))


def batch(rng, size):
    """(x (T, B, V) every word but the last, y (T, B) the next word's index, the B sentences): one length
    per batch, that of the first sentence drawn, so no padding is needed."""
    chosen = [sentence(rng)]
    while len(chosen) < size:
        words = sentence(rng)
        if len(words) == len(chosen[0]):
            chosen.append(words)
    x = np.stack([encode(w[:-1]) for w in chosen], axis=1)
    y = np.array([[INDEX[w] for w in words[1:]] for words in chosen]).T
    return x, y, [" ".join(w) for w in chosen]
