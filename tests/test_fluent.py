""""I grew up in France … I speak fluent ___": the task's sentences, the committed experiment, a tiny
training run, and the explainer whose numbers the page's claims read."""
import json
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from mkdocs.exceptions import PluginError

from explainers.figures import fluent as explainer
from explainers.tasks import fluent as task
from explainers.train import delay as train_delay
from explainers.train import fluent as experiment
from explainers.train import store
from sitebuild.pages import claims

PAGES = [Path(__file__).resolve().parents[1] / "docs" / name for name in ("long-memory.md", "gradient-cliff.md")]


def sentences(n=300, seed=0, dist=task.DISTANCE):
    rng = np.random.default_rng(seed)
    return [task.sentence(rng, dist) for _ in range(n)]


def test_the_answer_at_the_blank_is_the_language_of_the_country_grown_up_in():
    for words, k in sentences():
        assert words[:4] == ["i", "grew", "up", "in"] and words[-4:-1] == ["i", "speak", "fluent"]
        assert task.PAIRS[k] == (words[4], words[-1]) and task.language_of(words) == k


def test_the_batch_scores_the_last_word_read_against_the_first_country():
    x, y, mask = task.batch(np.random.default_rng(3), 64)
    assert x.shape == (task.DISTANCE + 4, 64, len(task.VOCAB)) and mask.sum() == 64 and mask[-1].all()
    country = [task.VOCAB[i] for i in x[4].argmax(-1)]
    assert [task.LANGUAGES[k] for k in y[-1]] == [task.PAIRS[task.COUNTRIES.index(c)][1] for c in country]
    assert all(task.VOCAB[i] == "fluent" for i in x[-1].argmax(-1))  # the answer itself is never read


def test_the_distance_is_the_example_sentences_counted_word_by_word():
    words = task.EXAMPLE.split()
    assert task.DISTANCE == words.index("french") - words.index("france") == 19
    for dist in (5, 10, task.DISTANCE, 40):
        assert {task.distance(w) for w, _ in sentences(50, dist=dist)} == {dist}
    with pytest.raises(ValueError, match="at least 5"):
        task.sentence(np.random.default_rng(0), 4)
    assert experiment.load()[0]["distance"] == task.DISTANCE
    assert explainer.values(explainer.compute())["distance"] == str(task.DISTANCE)


def made_of_clauses(words):
    """Whether `words` split into clauses of the grammar, the slot standing for any country."""
    def fits(clause, ws):
        return len(ws) == len(clause) and all(c == w or (c == task.SLOT and w in task.COUNTRIES)
                                              for c, w in zip(clause, ws))
    return not words or any(fits(c.split(), words[:len(c.split())]) and made_of_clauses(words[len(c.split()):])
                            for c in task.CLAUSES)


def test_the_example_is_a_sentence_of_the_grammar():
    words = task.EXAMPLE.split()
    assert words[:4] == task.OPENING and words[-4:-1] == task.CLOSING
    assert made_of_clauses(words[5:-4]) and not made_of_clauses(["i", "speak"])
    assert all(made_of_clauses(w[5:-4]) for w, _ in sentences(50))


def test_the_fillers_countries_do_not_give_the_answer_away():
    """They are drawn from every country, the right one included: no elimination shortcut."""
    named = [(k, w) for words, k in sentences(2000) for w in words[5:-4] if w in task.COUNTRIES]
    assert len(named) > 500
    same = np.mean([task.COUNTRIES.index(w) == k for k, w in named])
    assert abs(same - 1 / len(task.PAIRS)) < 0.03


def test_sentences_are_deterministic_given_the_seed():
    assert sentences(20, seed=5) == sentences(20, seed=5) != sentences(20, seed=6)
    a, b = task.batch(np.random.default_rng(1), 8), task.batch(np.random.default_rng(1), 8)
    assert all(np.array_equal(p, q) for p, q in zip(a, b))


def test_committed_results_were_made_by_this_code():
    with warnings.catch_warnings():
        warnings.simplefilter("error", store.StaleDataWarning)
        r, _, _ = experiment.load()
    assert json.loads((store.DATA / "fluent_results.json").read_text())["code_hash"] == experiment.code_hash()
    assert experiment.code_hash() != train_delay.code_hash()
    for kind in explainer.KINDS:
        assert sorted(map(int, r["accuracy"][kind])) == sorted(r["distances"])
        assert all(len(a) == len(r["seeds"]) for a in r["accuracy"][kind].values())


def test_a_tiny_training_run_is_deterministic():
    budget = {"distances": [5, task.DISTANCE], "seeds": [0], "test_size": 16, "test_seed": 1, "hidden_size": 4,
              "steps": 3, "batch": 4, "lr": 0.01, "max_norm": 1.0, "log": lambda s: None}
    (acc_a, plain_a, kept_a), (acc_b, plain_b, kept_b) = experiment.run(**budget), experiment.run(**budget)
    assert acc_a == acc_b and plain_a == plain_b and set(acc_a) == set(explainer.KINDS)
    assert set(plain_a) == set(experiment.PLAIN) and all(0 <= a <= 1 for s in plain_a.values() for a in s)
    assert kept_a.keys() == kept_b.keys() and all(np.array_equal(kept_a[k], kept_b[k]) for k in kept_a)
    _, _, kept_c = experiment.run(**{**budget, "steps": 4})
    assert not np.array_equal(kept_a["weight_hh"], kept_c["weight_hh"])  # the weights did train


def test_the_explainers_numbers():
    d = explainer.compute()
    assert d["chance"] == 1 / len(task.PAIRS) == 1 / d["classes"]
    for k in explainer.KINDS:
        assert all(0 <= a <= 1 for seeds in d["accuracy"][k] for a in seeds)
        assert d["mean"][k] == pytest.approx([np.mean(s) for s in d["accuracy"][k]], abs=1e-4)
    ex = d["example"]
    assert ex["country"] == "france" and ex["distractor"] == "spain" and ex["words"] == task.EXAMPLE.split()
    assert sum(ex["p"].values()) == pytest.approx(1)
    assert [g["right"] for g in ex["grew_up"]] == list(task.LANGUAGES)  # swapping the country swaps the answer
    assert {m["right"] for m in ex["moved"]} == {"french"}              # swapping the distractor does not


def page_claims(page):
    return "".join(m.group(0) for m in claims.CLAIM.finditer(page.read_text()) if m.group(1) == "fluent")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_pages_claims_hold_for_the_data_and_fail_for_an_rnn_that_remembers(page):
    d = explainer.compute()
    assert page_claims(page) and claims.expand(page_claims(page), {"fluent": SimpleNamespace(data=d)}, page.name) == ""
    swapped = {**d, "accuracy": {**d["accuracy"], "RNN": d["accuracy"]["LSTM"]},
               "mean": {**d["mean"], "RNN": d["mean"]["LSTM"]}}  # an RNN as good as the LSTM
    with pytest.raises(PluginError, match="is false"):
        claims.expand(page_claims(page), {"fluent": SimpleNamespace(data=swapped)}, page.name)
