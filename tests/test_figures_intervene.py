"""Intervening on the cat-sat LSTM (explainers/figures/intervene.py): run() against independent ways of
computing the same forcing (the model's own whole-run force, the catsat explainer's one-step pin, the
trace's h_t rebuilt by hand), the setting names the widget looks up, the checks of bad settings, and the
numbers that compute() gives the page."""
import json

import numpy as np
import pytest

from explainers.figures import _catsat, intervene
from explainers.tasks import catsat as task
from explainers.train import catsat as trained
from explainers.train import core

PREFIX = "a big dog slept quietly under a"  # another sentence of the grammar, longer than EXAMPLE


@pytest.fixture(scope="module")
def model():
    m, head, _ = trained.load()
    return m, head


@pytest.fixture(scope="module")
def data():
    return intervene.compute()


def close(rounded, exact):
    np.testing.assert_allclose(rounded, exact, rtol=6e-4, atol=1e-12)  # run() keeps 4 significant digits


def test_unforced_is_the_models_next_word(model):
    m, head = model
    r = intervene.run(PREFIX, {"gate": "f", "value": 0}, [])
    close(r["base"], trained.next_word(m, head, PREFIX.split())[-1])
    assert r["forced"] == r["base"] and r["tv"] == 0  # nothing forced at any word: nothing moves
    assert r["answer"] == task.blank(PREFIX.split()) == r["top"]["base"] == r["shown"][0]


@pytest.mark.parametrize("gate,value", [("f", 0), ("i", 1), ("o", 0.5)])
def test_a_gate_pinned_at_every_word_is_the_models_own_forcing(model, gate, value):
    m, head = model
    words = PREFIX.split()
    r = intervene.run(PREFIX, {"gate": gate, "value": value}, list(range(len(words))))
    close(r["forced"], core.predict(m, head, task.encode(words), {gate: value})[-1])
    assert r["tv"] > 0.001  # the forcing did something, so a forced run equal to the free one would fail


def test_a_gate_pinned_at_one_word_is_the_catsat_explainers_pin(model):
    m, head = model
    words = task.EXAMPLE.split()
    for t in range(len(words)):
        _, h = _catsat._run(m, task.encode(words)[:, None], t, {"f": 0.0})  # (T, 1, H)
        close(intervene.run(task.EXAMPLE, {"gate": "f", "value": 0}, [t])["forced"], core.softmax(head(h[-1, 0])))


def test_a_cell_set_at_the_last_word_changes_h_through_the_output_gate(model):
    m, head = model
    words = PREFIX.split()
    tr = m.run(task.encode(words))
    u, v = 3, -1.5
    h = tr.h[-1].copy()
    h[u] = tr.gates["o"][-1][u] * np.tanh(v)  # h_t = o_t tanh(c_t), for that unit only
    r = intervene.run(PREFIX, {"unit": u, "value": v}, [len(words) - 1])
    close(r["forced"], core.softmax(head(h)))
    # setting a cell to the value it has anyway changes nothing, wherever it is done
    same = intervene.run(PREFIX, {"unit": u, "value": float(tr.c[2][u])}, [2])
    close(same["forced"], same["base"])


def test_bad_settings_say_what_is_allowed():
    for what, at, says in [({"gate": "g", "value": 0}, [0], "one of f, i, o"), ({"gate": "f", "value": 2}, [0], "[0, 1]"),
                           ({"unit": 12, "value": 0}, [0], "unit 0..11"), ({"unit": 0, "value": 9}, [0], "[-3, 3]"),
                           ({"gate": "f"}, [0], "what must be"), ({"gate": "f", "value": 0}, [5], "positions 0..4")]:
        with pytest.raises(ValueError, match=says.replace("[", r"\[").replace(".", r"\.")):
            intervene.run(task.EXAMPLE, what, at)
    with pytest.raises(ValueError, match="not in the vocabulary"):
        intervene.run("the cow sat", {"gate": "f", "value": 0}, [0])
    assert intervene.run("the cat", {"gate": "f", "value": 0}, [1])["answer"] is None  # no blank there yet


def test_setting_names_are_the_widgets():
    assert intervene.key({"gate": "f", "value": 0}, [2]) == "f0@2"
    assert intervene.key({"gate": "o", "value": 1.0}, [0, 1, 2]) == "o1@0,1,2"
    assert intervene.key({"unit": 3, "value": -0.5}, [1, 4]) == "c3=-0.5@1,4"


def test_compute_precomputes_the_widgets_settings(data):
    n, H = len(data["words"]), data["hidden_size"]
    assert data["words"] == task.EXAMPLE.split() and data["answer"] == "mat"
    assert len(data["runs"]) == 6 * (n + 1) + H * n  # each pin at each word and at all; each unit's cell emptied
    d = data["default"]
    assert data["runs"][d["key"]] == intervene.run(data["prefix"], d["what"], d["at"])  # JSON = a live call
    assert [s["name"] for s in data["slots"]][2:4] == ["subject", "verb"]
    chosen = [next(w for w in s["choices"] if w in data["words"] or w == "") for s in data["slots"]]
    assert " ".join(w for w in chosen if w) == data["prefix"]  # the slots can spell the default prefix
    json.dumps(data, allow_nan=False)

    def plain(x):  # JSON's own types all the way down: the claims read compute() as the build's JSON does
        assert type(x) in (dict, list, str, int, float, bool, type(None)), type(x)
        for v in (x.values() if isinstance(x, dict) else x if isinstance(x, list) else ()):
            plain(v)
    plain(data)


def test_the_numbers_behind_the_prose(data):
    n = len(data["words"])
    for p, m in data["moves"].items():
        for t in range(n):
            r = data["runs"][f"{p}@{t}"]
            assert (m["p"][t], m["tv"][t], m["top"][t]) == (r["p_answer"]["forced"], r["tv"], r["top"]["forced"])
    tvs = [x["tv"] for x in data["largest"]]
    assert tvs == sorted(tvs, reverse=True) and len(tvs) == 6 * n
    assert all(x["at"] < n - 1 for x in data["largest_before_blank"]) and data["largest_before_blank"][0] in data["largest"]
    for t, u in enumerate(data["cells"]["min_at"]):
        assert data["cells"]["p"][t][u] == min(data["cells"]["p"][t])
    # pinning the output gate shut at the last word leaves h_t = 0: the read-out sees its bias alone
    m, head, _ = trained.load()
    close(data["runs"][f"o0@{n - 1}"]["forced"], core.softmax(head.bias))
