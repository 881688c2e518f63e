"""The gradient cliff's numbers: geometric decay in the RNN, an unchanged gradient along the LSTM's cell."""
import json

import numpy as np

from explainers.figures import cliff
from explainers.models import LSTM


def test_rnn_with_spectral_radius_half_decays_by_half_per_step():
    """Near-linear regime (tiny inputs, tanh' ≈ 1): ||∂h_T/∂x_{T-k}|| = 0.5^k ||W_ih||, step by step."""
    x = np.random.default_rng(3).standard_normal((40, cliff.H)) * 1e-4
    n = cliff.jacobian_norms(cliff.vanilla(0.5), x)
    np.testing.assert_allclose(n[1:] / n[:-1], 0.5, rtol=1e-6)


def test_lstm_with_forget_gate_pinned_to_one_passes_the_cell_gradient_unchanged():
    """f_t = 1, i_t = 0 and no recurrent weights: c_T = c_0, so dL/dc_0 is dL/dc_T after any number of steps."""
    H = 5
    m = LSTM.init(3, H, seed=1)
    m.weight_hh[:] = 0.0  # only the cell path connects c_0 to h_T
    rng = np.random.default_rng(2)
    x_last, c0, dh = rng.standard_normal(3), rng.standard_normal(H), rng.standard_normal(H)
    force = {"f": 1.0, "i": 0.0}
    dc0 = {}
    for T in (1, 60):
        x = np.vstack([rng.standard_normal((T - 1, 3)), x_last])  # same last input, different history
        dc0[T] = m.grad_inputs(x, dh, c0=c0, force=force)[2]
    o_T = LSTM.init(3, H, seed=1).run(x_last[None], c0=c0, force=force).gates["o"][-1]
    np.testing.assert_allclose(dc0[60], dc0[1], rtol=1e-12)
    np.testing.assert_allclose(dc0[1], dh * o_T * (1 - np.tanh(c0) ** 2), rtol=1e-12)


def test_compute_tells_the_story_and_is_deterministic():
    data = cliff.compute()
    assert json.loads(json.dumps(data)) == data == cliff.compute()
    c, r = data["curves"], data["rates"]
    assert len(c["rnn_vanish"]) == 100 and c["rnn_vanish"][0] == 1.0
    assert abs(r["rnn_vanish"] - 0.5) < 0.01 and r["reference"] == 0.25
    assert c["rnn_explode"][99] > 10 > 1e-2 > c["rnn_vanish"][20]      # explodes / vanishes
    assert c["lstm"][50] > 1e6 * c["rnn_vanish"][50]                   # the LSTM keeps far more
    assert c["lstm_fb3"][50] > c["lstm"][50]                           # a more open forget gate, longer memory
    assert abs(r["lstm_mean_f"] - 0.73) < 0.02                         # ≈ sigmoid(1)
    # the gate paths beside the bus: the full gradient falls more slowly than the bus alone can
    assert r["lstm_bus"] <= r["lstm_max_f"] < r["lstm"]
    assert min(c["lstm_fb3_bus"]) == c["lstm_fb3_bus"][-1] and c["lstm_fb3"][-1] > 3 * min(c["lstm_fb3"])
    v = cliff.values(data)
    assert v["rnn_vanish_rate"] == "0.50" and "×" in v["rnn_vanish_k50"]
