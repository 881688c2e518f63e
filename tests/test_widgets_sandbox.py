"""The gate sandbox's numbers (explainers/figures/widgets_sandbox.py): run() is the reference LSTM with its
gates pinned, and that LSTM is the closed form of c_t = f c_{t-1} + i g, h_t = o tanh(c_t)."""
import math

import numpy as np
import pytest

from explainers.figures import widgets_sandbox as sandbox
from explainers.models import LSTM

T = sandbox.STEPS
SETTINGS = [(0.9, 1.0, 1.0, 1.0), (0.5, 0.3, 0.7, -0.8), (0.99, 0.25, 0.5, 0.6), (0.0, 1.0, 1.0, 1.0),
            (1.0, 0.5, 1.0, 1.0), (0.37, 0.0, 1.0, 1.0)]


def closed_form(f, i, o, g, writes):
    """c_t for t = 0..T by formula: a geometric sum while writing, then a pure decay from c_writes."""
    def filled(t):  # i g (1 + f + ... + f^(t-1))
        return i * g * (t if f == 1 else (1 - f**t) / (1 - f))
    c = np.array([filled(t) if t <= writes else filled(writes) * f ** (t - writes) for t in range(T + 1)])
    return c, o * np.tanh(c)


@pytest.mark.parametrize("f, i, o, g", SETTINGS)
@pytest.mark.parametrize("writes", [1, 7, T])
def test_run_is_the_closed_form(f, i, o, g, writes):
    r = sandbox.run(f, i, o, g, writes)
    c, h = closed_form(f, i, o, g, writes)
    np.testing.assert_allclose(r["c"], c, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(r["h"], h, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(r["survival"], [f**k for k in range(T + 1)], rtol=1e-12, atol=0)
    assert r["c"][0] == r["h"][0] == 0.0 and len(r["c"]) == len(r["h"]) == T + 1


def test_every_step_fills_towards_i_g_over_one_minus_f():
    r = sandbox.run(0.9, 0.5, 1.0, 0.8, T)
    assert r["c"][1:] == pytest.approx([0.4 * (1 - 0.9**t) / 0.1 for t in range(1, T + 1)], rel=1e-12)
    assert all(a < b < 0.4 / 0.1 for a, b in zip(r["c"], r["c"][1:]))


def test_run_is_lstm_run_with_every_gate_pinned():
    """Pinned, the gates ignore the weights and the input: any LSTM, any x gives the same trace."""
    f, i, o, g, writes = 0.8, 0.6, 0.9, -0.5, 12
    r = sandbox.run(f, i, o, g, writes)
    m = LSTM.init(input_size=3, hidden_size=1, seed=7)
    x = np.random.default_rng(3).standard_normal((T, 3))
    first = m.run(x[:writes], force={"f": f, "i": i, "o": o, "g": g})
    rest = m.run(x[writes:], h0=first.h[-1], c0=first.c[-1], force={"f": f, "i": 0.0, "o": o, "g": g})
    assert r["c"][1:] == np.concatenate([first.c[:, 0], rest.c[:, 0]]).tolist()
    assert r["h"][1:] == np.concatenate([first.h[:, 0], rest.h[:, 0]]).tolist()


def test_survival_is_the_lstm_keeping_a_cell_of_one():
    m = LSTM.init(input_size=1, hidden_size=1, seed=5)
    kept = m.run(np.ones((T, 1)), c0=np.ones(1), force={"f": 0.93, "i": 0.0}).c[:, 0]
    assert sandbox.survival(0.93) == [1.0] + kept.tolist()


@pytest.mark.parametrize("f, expected", [(0.5, 1.0), (0.9, math.log(2) / -math.log(0.9)), (0.0, 0.0), (1.0, None)])
def test_half_life_is_where_f_to_the_k_is_one_half(f, expected):
    k = sandbox.half_life(f)
    assert k == pytest.approx(expected, rel=1e-12) if expected is not None else k is None
    if expected:
        assert f**k == pytest.approx(0.5, rel=1e-12)


def test_writes_nothing_or_everything_and_refuses_the_impossible():
    assert sandbox.run(0.9, 1.0, 1.0, 1.0, 0)["c"] == [0.0] * (T + 1)
    assert sandbox.run(1.0, 1.0, 1.0, 1.0, T)["c"][-1] == T
    with pytest.raises(ValueError, match="writes must be between 0 and 30"):
        sandbox.run(0.9, 1.0, 1.0, 1.0, T + 1)
    with pytest.raises(ValueError, match=r"force\['f'\] = 1.5 is outside \[0, 1\]"):
        sandbox.run(1.5, 1.0, 1.0, 1.0)


def test_compute_holds_the_default_and_the_prose_examples():
    d = sandbox.compute()
    assert d["run"] == sandbox.run(**sandbox.DEFAULT) and d["steps"] == T
    assert d["ranges"] == {"f": [0.0, 1.0], "i": [0.0, 1.0], "o": [0.0, 1.0], "g": [-1.0, 1.0]}
    assert d["examples"]["o0"]["h"] == [0.0] * (T + 1) and d["examples"]["o0"]["c"] == d["run"]["c"]
    v = sandbox.values(d)
    f = sandbox.DEFAULT["f"]
    assert v["half_life"] == f"{math.log(2) / -math.log(f):.1f}" and float(v["every_limit"]) == pytest.approx(1 / (1 - f))
