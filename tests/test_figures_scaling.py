"""The LSTM-vs-Transformer cost counts: a flat state, a linear cache, quadratic attention."""
import numpy as np

from explainers.figures import scaling


def test_state_is_flat_cache_linear_attention_quadratic():
    d = scaling.compute()
    t, lstm, kv, att = (np.array(d[k], dtype=float) for k in ("t", "lstm", "kv", "attention"))
    assert np.all(lstm == 2 * d["d"])                       # h_t and c_t, whatever T
    assert np.allclose(kv / t, 2 * d["d"])                  # one key + one value per position
    assert np.allclose(att / t**2, 2 * d["d"])              # T² pairs, d multiply-adds each, twice


def test_crossover_is_where_attention_overtakes_the_recurrence():
    d = scaling.compute()
    T = d["crossover"]
    assert np.isclose(scaling.attention_macs(T), scaling.lstm_macs(T))
    assert scaling.attention_macs(2 * T) > scaling.lstm_macs(2 * T)
    assert scaling.values(d)["kv_over_lstm_1000"] == "1,000"
