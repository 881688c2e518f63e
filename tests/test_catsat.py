"""The cat sat on the ___: the grammar says what the docstring says, the training is deterministic and
made the committed weights, and the explainer's numbers are what the LSTM page reads them as."""
import warnings

import numpy as np
import pytest

from explainers.figures import _catsat, catsat
from explainers.tasks import catsat as task
from explainers.train import catsat as trained
from explainers.train import core, store


@pytest.fixture(scope="module")
def data():
    return catsat.compute()


def test_the_blank_is_the_place_the_subject_and_the_verb_fix():
    assert task.blank(task.EXAMPLE.split()) == "mat"
    assert task.blank("a small bird stood alone near the".split()) == "mat"
    assert task.blank("the mouse slept by a".split()) == "mat"
    assert task.blank("the dog slept under the".split()) == "sofa"
    with pytest.raises(ValueError, match="just before the place"):
        task.blank("the cat sat on".split())
    for words in task.every(held_out=False) + task.every(held_out=True):
        r = task.roles(words)
        assert words[-1] == task.END and words[-2] == task.place(r["subject"], r["verb"]) == task.blank(words[:-2])


def test_neither_the_subject_nor_the_verb_alone_fixes_the_place():
    by_subject = {s: {task.place(s, v) for v in task.VERBS} for s in task.SUBJECTS}
    by_verb = {v: {task.place(s, v) for s in task.SUBJECTS} for v in task.VERBS}
    assert all(len(p) == len(task.VERBS) for p in by_subject.values())
    assert all(len(p) == len(task.PLACES) for p in by_verb.values())


def test_in_training_the_preposition_hints_at_the_place_only_a_little():
    """The docstring's 1/3 and 2/9: what the held-out triples leave the preposition to tell."""
    for prep in task.PREPOSITIONS:
        places = [w[-2] for w in task.every(held_out=False) if w[-4] == prep]
        shares = sorted(places.count(p) / len(places) for p in task.PLACES)
        assert shares == pytest.approx([2 / 9, 2 / 9, 2 / 9, 1 / 3])


def test_the_example_is_held_out_and_the_parts_split_the_grammar():
    train, held = task.every(held_out=False), task.every(held_out=True)
    assert (len(train), len(held), len(task.every(held_out=True, short=True))) == (2160, 720, 48)
    assert not {" ".join(w) for w in train} & {" ".join(w) for w in held}
    assert not any(" ".join(w).startswith(task.EXAMPLE + " ") for w in train)
    assert (task.EXAMPLE + " mat .").split() in held
    rng = np.random.default_rng(0)
    drawn = [" ".join(task.sentence(rng)) for _ in range(300)]
    assert set(drawn) <= {" ".join(w) for w in train}


def test_batches_predict_the_next_word_and_slots_find_the_example_words():
    x, y, sentences = task.batch(np.random.default_rng(1), 8)
    words = [s.split() for s in sentences]
    assert x.shape == (len(words[0]) - 1, 8, len(task.VOCAB)) and y.shape == x.shape[:2]
    for b, w in enumerate(words):
        assert [task.VOCAB[k] for k in x[:, b].argmax(-1)] == w[:-1]
        assert [task.VOCAB[k] for k in y[:, b]] == w[1:]
    assert task.slots((task.EXAMPLE + " mat .").split()) == tuple(range(_catsat.SLOTS))
    long = "a big dog slept quietly under the sofa .".split()
    assert [long[k] for k in task.slots(long)] == ["a", "dog", "slept", "under", "the"]


def test_training_is_deterministic():
    cfg = {**trained.CONFIG, "hidden_size": 4, "steps": 5}
    (a, ha, la), (b, hb, lb) = trained.train(**cfg), trained.train(**cfg)
    assert la == lb
    for k, v in {**a.params(), **ha.params()}.items():
        assert np.array_equal(v, {**b.params(), **hb.params()}[k]), k


def test_the_committed_weights_are_current_and_came_from_this_training():
    with warnings.catch_warnings():
        warnings.simplefilter("error", store.StaleDataWarning)
        model, head, meta = trained.load()
    assert meta["code_hash"] == trained.code_hash()
    assert {k: meta[k] for k in trained.CONFIG} == trained.CONFIG
    _, _, losses = trained.train(**{**trained.CONFIG, "steps": trained.FIRST})  # the same first steps
    assert np.mean(losses) == pytest.approx(meta["first_loss"], abs=1e-6)
    result = trained.evaluate(model, head)
    assert result["accuracy"] == pytest.approx(meta["accuracy"], abs=1e-6) and result["accuracy"] > 0.95
    assert result["p_place"] == pytest.approx(meta["p_place"], abs=1e-6)


def test_the_probe_reads_what_is_there_and_nothing_else():
    rng = np.random.default_rng(0)
    y = rng.integers(3, size=300)
    features = 3 * rng.standard_normal((3, 5))[y] + rng.standard_normal((300, 5))
    features[:, 0] = 1.0  # a unit that never varies must not spoil the read-out (no 0 / 0)
    assert np.mean(_catsat.probe(features[:200], y[:200], 3)(features[200:]) == y[200:]) > 0.9
    noise = rng.standard_normal((300, 5))  # no information: about one in three right
    assert np.mean(_catsat.probe(noise[:200], y[:200], 3)(noise[200:]) == y[200:]) < 0.5


def test_at_slots_runs_the_model_and_pins_only_the_one_word():
    model, _, _ = trained.load()
    sentences = task.every(held_out=True)[::37]
    c, h = _catsat.at_slots(model, sentences)
    for n, words in enumerate(sentences):
        tr = model.run(task.encode(words))
        np.testing.assert_allclose(c[n], tr.c[list(task.slots(words))], atol=1e-12)
    c_f0, _ = _catsat.at_slots(model, sentences, 2, {"f": 0.0})
    np.testing.assert_allclose(c_f0[:, :2], c[:, :2], atol=1e-12)  # before the pinned word: untouched
    assert np.abs(c_f0[:, 2:] - c[:, 2:]).max() > 0.1


def test_the_explainer_reads_the_sentence_word_by_word(data):
    assert data["words"] == task.EXAMPLE.split() and data["answer"] == "mat" and data["example_held_out"]
    assert (data["places_per_subject"], data["places_per_verb"], data["held_out_triples"]) == (3, 4, 12)
    for row in data["p_next"]:
        assert sum(row.values()) == pytest.approx(1.0, abs=1e-3) and set(row) == set(task.VOCAB)
    assert data["top"][-1][0] == data["answer"]
    rows = catsat.measured_table(data).splitlines()[2:]
    assert [r.split("|")[1].strip() for r in rows] == [f"{t + 1}. {w}" for t, w in enumerate(data["words"])]
    assert all(len(a) == len(data["words"]) for a in (*data["gates"].values(), *data["reads"].values()))


def test_the_probes_are_at_chance_before_the_word_and_above_it_after(data):
    reads, chance = data["reads"], data["chance"]
    assert all(reads[k][0] == pytest.approx(chance[k], abs=0.01) for k in reads)  # nothing read yet
    assert min(reads["subject"][1:]) > 0.9 and reads["verb"][1] == pytest.approx(chance["verb"], abs=0.01)
    assert min(reads["verb"][2:]) > 0.9 and min(reads["place"][2:]) > 0.9


def test_pinning_a_gate_at_the_first_word_does_what_the_equations_say(data):
    pinned = data["pinned"]
    assert pinned["f0"]["accuracy"][0] == pytest.approx(data["accuracy"], abs=1e-3)  # c_0 = 0: nothing to wipe
    assert pinned["f0"]["p_place"][0] == pytest.approx(data["p_place"], abs=1e-3)
    assert all(0 <= a <= 1 for d in pinned.values() for a in d["accuracy"])
    assert min(pinned["i0"]["accuracy"]) < 0.5  # some word's writing is needed


def test_values_give_the_numbers_the_page_quotes(data):
    v = catsat.values(data)
    assert v["answer"] == "mat" and v["accuracy"].endswith("%")
    assert {"read_place_2", "pin_f0_2", "pin_f0_4", "pin_o1_4", "f_2", "o_4", "next_on_2", "p_blank"} <= set(v)
    assert float(v["p_blank"]) == pytest.approx(data["p_next"][-1]["mat"], abs=0.005)
