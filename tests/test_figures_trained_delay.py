"""The delay explainer: it plots the committed experiment, and the story is in the numbers."""
from explainers.figures import delay


def test_delay_story_from_committed_data():
    d = delay.compute()
    T = d["delays"]
    assert all(d["mean"][k][0] > 0.9 for k in delay.KINDS)  # a short delay is easy for all three
    assert d["mean"]["RNN"][-1] < 0.5 < min(d["mean"]["LSTM"][-1], d["mean"]["GRU"][-1])
    assert delay.longest(d, "RNN") < min(delay.longest(d, "LSTM"), delay.longest(d, "GRU"))
    v = delay.values(d)
    assert {f"rnn_t{T[-1]}", "lstm_longest", "chance"} <= set(v)
