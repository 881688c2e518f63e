"""The small numbers quoted in the prose are the arithmetic they claim to be."""
import math

from explainers.figures import numbers


def test_powers_are_computed_not_typed():
    data = numbers.compute()
    for base, n, value in data["powers"]:
        assert math.isclose(value, base**n)
    v = numbers.values(data)
    assert v["pow_09_20"] == "0.12"           # 0.9**20 = 0.1216
    assert v["pow_025_10"] == "9.5 × 10⁻⁷"    # 0.25**10 = 9.54e-7


def test_sigmoid_of_the_usual_forget_bias():
    assert numbers.values(numbers.compute())["sigmoid_1"] == "0.73"
