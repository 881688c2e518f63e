"""Small computed figures that the prose quotes: powers, fractions that survive, sizes.

Nothing in the text is worked out by hand; even "0.9 to the 50th" comes from here, so a change of
an example changes the sentence that quotes it.
"""
import math

NAME = "numbers"

# (base, exponent) pairs quoted on the pages: a rate per step and a number of steps.
POWERS = [(0.9, 20), (0.9, 50), (0.95, 50), (0.99, 100), (0.5, 20), (0.25, 10), (1.5, 20)]
HALVING_GATE = 0.9  # the LSTM page asks after how many steps this forget gate has halved a memory
# The gradient cliff's long-range example: a plural subject and its verb, with a singular noun between.
AGREEMENT = ("The keys to the old cabinet in the hallway behind the kitchen door are missing.", "keys", "are")
WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()


def compute() -> dict:
    sigmoid_1 = 1.0 / (1.0 + math.exp(-1.0))  # a forget gate at its usual initial bias, before learning
    halving = math.log(2) / -math.log(HALVING_GATE)  # steps until f**k < 1/2
    sentence, subject, verb = AGREEMENT
    words = sentence.rstrip(".").split()
    return {"powers": [[b, n, b**n] for b, n in POWERS], "sigmoid_1": sigmoid_1,
            "halving": {"gate": HALVING_GATE, "exact": halving, "steps": math.floor(halving) + 1},
            "agreement": {"sentence": sentence, "subject": subject, "verb": verb,
                          "gap": words.index(verb) - words.index(subject),   # words from subject to verb
                          "last_noun": words[words.index(verb) - 1]}}


def render(data: dict) -> list:
    return []


def values(data: dict) -> dict:
    from .base import sci

    out = {}
    for b, n, v in data["powers"]:
        out[f"pow_{str(b).replace('.', '')}_{n}"] = sci(v)
    out["sigmoid_1"] = f"{data['sigmoid_1']:.2f}"
    out["halving_09"] = str(data["halving"]["steps"])
    out["halving_09_exact"] = f"{data['halving']['exact']:.1f}"
    a = data["agreement"]
    out["agreement_sentence"] = " ".join(f"**{w}**" if w in (a["subject"], a["verb"]) else w
                                         for w in a["sentence"].split())
    out["agreement_last_noun"] = a["last_noun"]
    out["agreement_gap"] = WORDS[a["gap"]] if a["gap"] < len(WORDS) else str(a["gap"])
    return out
