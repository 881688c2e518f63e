"""The widgets' data (explainers/figures/widgets_*.py): what the JSON promises, and that the live
functions the browser calls give the same numbers as the build."""
import json

import numpy as np
import pytest

from explainers.figures import bank, forcing, widgets_bank, widgets_cliff, widgets_parens
from explainers.tasks import parens as task


@pytest.fixture(scope="module")
def parens():
    return widgets_parens.compute()


def test_all_27_settings_with_accuracies(parens):
    f = parens["forcing"]
    assert len(f["combos"]) == 27 and set(f["combos"]["lcl"]["force"]) == {"i"}
    assert f["combos"]["lll"]["accuracy"] > 0.95
    T = len(f["sentence"])
    for key, combo in f["combos"].items():
        assert set(combo["trace"]) == {"p", "i", "f", "g", "o", "c", "h"} - set(combo["force"])
        assert all(len(v) == T for v in combo["trace"].values())
        assert combo["force"] == widgets_parens.force_of(key)
    assert len(json.dumps(parens, separators=(",", ":"))) < 120_000  # small enough for one page


def test_forget_closed_wipes_the_cell_and_input_closed_never_writes(parens):
    combos = parens["forcing"]["combos"]
    wiped = combos["cll"]["trace"]  # f = 0: c_t = i_t g_t at every step
    np.testing.assert_allclose(wiped["c"], np.array(wiped["i"]) * np.array(wiped["g"]), rtol=0.01, atol=2e-3)
    assert combos["lcl"]["trace"]["c"] == [0.0] * len(parens["forcing"]["sentence"])  # i = 0: nothing written


def test_matches_the_forcing_explainer(parens):
    """The widget's accuracies are the forcing table's, for the settings both have."""
    ref = {f["key"]: f for f in forcing.compute()["forcings"]}
    same = {"learned": "lll", "f0": "cll", "i0": "lcl", "o0": "llc", "f1_i0": "ocl"}
    for old, new in same.items():
        assert parens["forcing"]["combos"][new]["accuracy"] == pytest.approx(ref[old]["accuracy"], abs=1e-3)
        np.testing.assert_allclose(parens["forcing"]["combos"][new]["trace"]["c"],
                                   [s["c"][0] for s in ref[old]["steps"]], rtol=5e-3, atol=1e-3)  # 3 vs 4 digits


def test_live_replay_equals_the_build_trace(parens):
    live = widgets_parens.replay(task.DEFAULT_SENTENCE)
    assert live["trace"] == parens["replay"]["trace"] and live["units"] == parens["replay"]["units"]
    with pytest.raises(ValueError, match="not in the vocabulary"):
        widgets_parens.replay("Hello!")


def test_c_vs_h_for_every_unit(parens):
    cvh = parens["replay"]["cvh"]
    H = parens["replay"]["hidden_size"]
    assert sorted(cvh["units"]) == list(range(H)) and cvh["units"][:3] == parens["replay"]["units"]
    assert len(cvh["variation"]) == H and np.array(cvh["c"]).shape == (H, len(task.DEFAULT_SENTENCE))
    top = cvh["variation"][0]
    assert top["c_jump"] > 5 * top["c_drift"]


def test_gradient_lab_grid_is_what_curves_computes():
    d = widgets_cliff.compute()
    assert len(d["rnn"]) == len(d["rhos"]) * len(d["lengths"])
    live = widgets_cliff.curves(0.9, 1.0, 50)
    assert live["rnn"] == d["rnn"]["0.9/50"] and live["lstm"] == d["lstm"]["1/50"]
    assert d["rnn"]["0.5/100"][50] < -10 < d["lstm"]["3/100"][50]  # the cliff, and the gate's way round it
    assert d["rnn"]["1.5/100"][50] > 0  # exploding
    with pytest.raises(ValueError):
        widgets_cliff.curves(0.9, 1.0, 1000)


def test_bank_examples_agree_with_the_bank_figure():
    d, ref = widgets_bank.compute(), bank.compute()
    for e, r in zip(d["examples"], ref["examples"]):
        money = r["sense"] == "money"
        for k in ("lstm", "bilstm"):
            expect = np.array(r["p_true"][k]) if money else 1 - np.array(r["p_true"][k])
            np.testing.assert_allclose(e[k], expect, rtol=2e-3, atol=2e-4)
    with pytest.raises(ValueError, match="zorg"):
        widgets_bank.probs("the bank of zorg")


def test_the_cvh_widget_says_what_the_caption_says_for_the_same_unit():
    # One formatting for both ("22 times, 0.039" in the caption was "23 times, 0.0386" in the widget).
    from explainers.figures import c_vs_h

    caption = c_vs_h.values(c_vs_h.compute())
    cvh = widgets_parens.compute()["replay"]["cvh"]
    top = cvh["variation"][cvh["units"].index(int(caption["unit"]))]
    assert top == {k: caption[k] for k in ("c_drift", "h_drift", "c_jump", "h_jump", "jump_over_drift")}
