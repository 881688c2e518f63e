"""Small computed figures that the prose quotes: powers, fractions that survive, sizes.

Nothing in the text is worked out by hand; even "0.9 to the 50th" comes from here, so a change of
an example changes the sentence that quotes it.
"""
import math

NAME = "numbers"

# (base, exponent) pairs quoted on the pages: a rate per step and a number of steps.
POWERS = [(0.9, 20), (0.9, 50), (0.99, 100), (0.5, 20), (0.25, 10), (1.5, 20)]


def compute() -> dict:
    sigmoid_1 = 1.0 / (1.0 + math.exp(-1.0))  # a forget gate at its usual initial bias, before learning
    return {"powers": [[b, n, b**n] for b, n in POWERS], "sigmoid_1": sigmoid_1}


def render(data: dict) -> list:
    return []


def values(data: dict) -> dict:
    from .base import sci

    out = {}
    for b, n, v in data["powers"]:
        out[f"pow_{str(b).replace('.', '')}_{n}"] = sci(v)
    out["sigmoid_1"] = f"{data['sigmoid_1']:.2f}"
    return out
