"""The explainers built on trained models (heatmap, c_vs_h, forcing, bank): their numbers."""
import json

import numpy as np
import pytest

from explainers.figures import _parens, bank, c_vs_h, forcing, heatmap
from explainers.tasks import parens as task
from explainers.train import parens as train_parens


@pytest.fixture(scope="module")
def forced():
    return forcing.compute()


def test_heatmap_shows_the_units_that_track_the_answer():
    d = heatmap.compute()
    T = len(task.DEFAULT_SENTENCE)
    assert len(d["units"]) == _parens.UNITS and all(np.array(d["rows"][k]).shape == (3, T) for k in heatmap.ROWS)
    model, _, _ = train_parens.load()
    _, r = _parens.telling_units(model)
    assert sorted(np.abs(r))[-3:][::-1] == pytest.approx(np.abs(d["r"]), abs=1e-3)  # the top 3 by |r|
    assert abs(d["r"][0]) > 0.9
    assert set(heatmap.values(d)) >= {"accuracy", "majority", "units", "r_top"}


def test_c_drifts_between_parentheses_and_jumps_at_them():
    d = c_vs_h.compute()
    assert d["c_jump"] > 5 * d["c_drift"]
    v = c_vs_h.values(d)
    assert {"c_drift", "h_drift", "c_jump", "h_jump"} <= set(v)
    c, h = np.array(d["c"]), np.array(d["h"])
    np.testing.assert_allclose(h, np.array(d["o"]) * np.tanh(c), atol=2e-3)  # h = o tanh(c), 4 digits


def test_forcing_trace_schema(forced):
    json.dumps(forced)
    s = forced["sentence"]
    keys = {"char", "target", "p_inside", "pred", "i", "f", "g", "o", "c", "h"}
    for f in forced["forcings"]:
        assert {"key", "force", "label", "what", "accuracy", "sentence_accuracy", "steps"} <= set(f)
        assert "".join(st["char"] for st in f["steps"]) == s
        for st in f["steps"]:
            assert set(st) == keys and all(len(st[k]) == len(forced["units"]) for k in "ifgoch")
            assert st["pred"] == int(st["p_inside"] > 0.5)


def test_forcing_does_what_the_equations_say(forced):
    by = {f["key"]: f for f in forced["forcings"]}
    for st in by["f0"]["steps"]:  # f = 0: c_t = i_t g_t, nothing of c_{t-1}
        assert st["f"] == [0.0] * 3
        np.testing.assert_allclose(st["c"], np.multiply(st["i"], st["g"]), rtol=2e-3, atol=1e-4)
    for key in ("i0", "f1_i0"):   # nothing written: the cell stays at c_0 = 0
        assert all(st["c"] == [0.0] * 3 for st in by[key]["steps"])
    assert all(st["h"] == [0.0] * 3 for st in by["o0"]["steps"])  # the memory is hidden


def test_forcing_accuracies(forced):
    by = {f["key"]: f["accuracy"] for f in forced["forcings"]}
    _, _, meta = train_parens.load()
    assert by["learned"] == pytest.approx(meta["accuracy"])
    majority = forced["majority_baseline"]
    for key in ("f0", "i0", "o0"):  # each of these breaks the memory
        assert by[key] < majority + 0.1 < by["learned"]
    assert "| f = 0 |" in forcing.table(forced)


def test_only_the_bidirectional_model_knows_at_bank():
    d = bank.compute()
    for e in d["examples"]:
        assert e["words"][e["bank"]] == "bank"
        assert e["p_true"]["bilstm"][e["bank"]] > 0.9
        assert 0.3 < e["p_true"]["lstm"][e["bank"]] < 0.7
        assert e["p_true"]["lstm"][-1] > 0.9  # after the cue it knows too
    v = bank.values(d)
    assert {"lstm_bank_1", "bilstm_bank_1", "lstm_acc_at_bank", "bilstm_acc_at_bank"} <= set(v)
