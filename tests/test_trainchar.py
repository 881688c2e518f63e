"""The character model the reader trains in the page (explainers.train.charlm on the chartext corpus):
the corpus' grammar, one truncated-BPTT step's gradients against finite differences (state carried in,
none flowing back into it), the generator's determinism and its stop, the settings' checks, the probe's
bookkeeping, and the build's explainer over a short run."""
import json

import numpy as np
import pytest

from explainers.figures import trainchar
from explainers.tasks import chartext
from explainers.train import charlm


def test_the_corpus_is_a_few_kb_made_by_the_grammar_the_same_each_time():
    text = chartext.corpus()
    assert len(text) == chartext.CHARS and text == chartext.text(chartext.SEED, chartext.CHARS)
    assert set(text) == set(chartext.VOCAB)
    sentences = chartext.text(5, 4000).rsplit(".", 1)[0].split(". ")  # whole sentences only
    for s in sentences:
        assert chartext.open_marks(s)[-1] == (), f"a mark left open: {s!r}"
        assert s.count("(") == s.count(")") and s.count('"') % 2 == 0
        assert all(m.count('"') <= 1 for m in chartext.open_marks(s)), f"a quote in a quote: {s!r}"
    assert chartext.probe_text() != text[: len(chartext.probe_text())]


def test_open_marks_and_word_ends():
    s = 'a (b "c d" e) f'
    marks = chartext.open_marks(s)
    assert marks[s.index("b")] == ("(",) and marks[s.index("c")] == ("(", '"') and marks[s.index("e")] == ("(",)
    assert marks[-1] == ()
    assert [s[t] for t in chartext.word_ends(s)] == ["a", "b", "c", "d", "e"]
    with pytest.raises(ValueError, match=r"\['!'\]"):
        chartext.encode("a!")


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_one_truncated_bptt_step_matches_finite_differences(kind):
    s = charlm.settings(model=kind, hidden=5, seed=3)
    model, head = charlm.build(s)
    ids = charlm.streams(chartext.encode(chartext.corpus()[:400]), batch=3)  # (133, 3)
    x, y = ids[:6], ids[1:7]
    rng = np.random.default_rng(1)
    state = (rng.standard_normal((3, 5)) * 0.5, rng.standard_normal((3, 5)) * 0.5 if kind == "lstm" else None)
    loss, grads, _ = charlm.loss_and_grads(model, head, x, y, state)
    params = charlm.parameters(model, head)
    for name in ("model.weight_hh", "model.weight_ih", "model.bias_hh", "head.weight"):
        p, g = params[name], grads[name]
        for idx in [tuple(rng.integers(n) for n in p.shape) for _ in range(4)]:
            old = p[idx]
            p[idx] = old + 1e-6
            up = charlm.loss_and_grads(model, head, x, y, state)[0]
            p[idx] = old - 1e-6
            down = charlm.loss_and_grads(model, head, x, y, state)[0]
            p[idx] = old
            assert g[idx] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-9), (name, idx)
    assert loss == charlm.loss_and_grads(model, head, x, y, state)[0]


def test_the_state_carries_over_steps_but_the_gradient_stops_at_the_step_start():
    s = charlm.settings(hidden=4)
    model, head = charlm.build(s)
    ids = charlm.streams(chartext.encode(chartext.corpus()[:200]), batch=2)
    _, g_fresh, end = charlm.loss_and_grads(model, head, ids[:5], ids[1:6], (None, None))
    _, g_carried, _ = charlm.loss_and_grads(model, head, ids[5:10], ids[6:11], end)
    _, g_zero, _ = charlm.loss_and_grads(model, head, ids[5:10], ids[6:11], (None, None))
    assert not np.allclose(g_carried["model.weight_hh"], g_zero["model.weight_hh"])  # the state is read
    assert end[0].shape == (2, 4) and end[1].shape == (2, 4)
    assert np.array_equal(g_fresh["head.bias"], charlm.loss_and_grads(model, head, ids[:5], ids[1:6], (None, None))[1]["head.bias"])


def test_training_is_a_generator_the_same_each_time_and_it_learns():
    first = list(charlm.train(steps=30, hidden=8))
    again = list(charlm.train(steps=30, hidden=8))
    assert json.dumps(first) == json.dumps(again)  # same seed, the same numbers, samples and probe
    assert [p["step"] for p in first] == list(range(31))
    assert [p["step"] for p in first if "checkpoint" in p] == [0, 25, 30]
    losses = [p["loss"] for p in first[1:]]
    assert np.mean(losses[-5:]) < losses[0] - 0.3
    assert losses[0] == pytest.approx(np.log(len(chartext.VOCAB)), abs=0.1)  # it starts near uniform
    ck = first[-1]["checkpoint"]
    assert set(ck["samples"]) == {"0.5", "1"} and all(v.startswith(charlm.PRIME) for v in ck["samples"].values())
    assert all(len(v) == len(charlm.PRIME) + charlm.SAMPLE_CHARS for v in ck["samples"].values())
    other = list(charlm.train(steps=3, hidden=8, seed=1))
    assert other[1]["loss"] != first[1]["loss"]
    result = charlm.run(steps=30, hidden=8)
    assert result["losses"] == losses and result["settings"]["steps"] == 30


def test_a_stopped_generator_ends_where_it_stands():
    gen = charlm.train(steps=1000, hidden=4)
    for _ in range(3):
        next(gen)
    gen.close()
    with pytest.raises(StopIteration):
        next(gen)


@pytest.mark.parametrize("bad, match", [({"model": "rnn"}, "model must be one of"), ({"hidden": 0}, "hidden must be"),
                                        ({"lr": 1.0}, "lr must be"), ({"depth": 2}, "unknown settings")])
def test_settings_out_of_range_say_which(bad, match):
    with pytest.raises(ValueError, match=match):
        charlm.settings(**bad)


def test_the_probe_splits_word_ends_by_what_is_open():
    class Knows:  # a "model" whose one feature is 1 exactly where a bracket is open
        def run(self, x):
            text = "".join(chartext.VOCAB[k] for k in x.argmax(-1))
            return type("T", (), {"h": np.array([["(" in m] for m in chartext.open_marks(text)], float)})()

    V, close = len(chartext.VOCAB), chartext.INDEX[")"]
    weight = np.zeros((V, 1))
    weight[close] = 10.0  # logit 10 for ")" where the feature is 1, else every character alike
    text = 'a (b c) d "e a" (b (c d) e) a.'
    p = charlm.probe(Knows(), charlm.Head(weight, np.zeros(V)), text)
    assert p["bracket"]["closed"] == pytest.approx(1 / V)
    assert p["bracket"]["open"] == pytest.approx(np.exp(10) / (np.exp(10) + V - 1))
    # quote open: only at "e" (the ")" feature is 0 there); elsewhere closed, mixed with bracket-open ends
    assert p["quote"]["open"] == pytest.approx(1 / V)


def test_the_explainer_smooths_and_finds_the_target():
    assert trainchar.smooth([3.0] * 25 + [1.0] * 25) == [[25, 3.0], [50, 1.0]]
    assert trainchar.reached([[25, 3.0], [50, 0.8]], 0.85) == 50
    assert trainchar.reached([[25, 3.0]], 0.85) is None
