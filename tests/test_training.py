"""The numpy training loop: its pieces against finite differences, determinism, a small retrain that
learns, the committed weights against their recorded accuracy, and the stale-data warning."""
import warnings

import numpy as np
import pytest

from explainers.tasks import bank, delay, parens
from explainers.train import core, store
from explainers.train import bank as train_bank
from explainers.train import catsat as train_catsat
from explainers.train import parens as train_parens
from explainers.train import parens_rnn_gru as train_parens_rnn_gru


def test_head_and_cross_entropy_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    h, y = rng.standard_normal((3, 2, 4)), rng.integers(3, size=(3, 2))
    mask = np.array([[1, 0], [1, 1], [0, 1]])
    head = core.Head.init(4, 3, seed=1)

    def loss():
        return core.cross_entropy(head(h), y, mask)[0]

    _, dlogits = core.cross_entropy(head(h), y, mask)
    dh, grads = head.backward(h, dlogits)
    for array, grad in ((head.weight, grads["weight"]), (head.bias, grads["bias"]), (h, dh)):
        num = np.zeros_like(array)
        for idx in np.ndindex(array.shape):
            old = array[idx]
            array[idx] = old + 1e-6
            up = loss()
            array[idx] = old - 1e-6
            num[idx] = (up - loss()) / 2e-6
            array[idx] = old
        np.testing.assert_allclose(grad, num, atol=1e-8)


def test_clip_global_norm_scales_all_gradients_by_one_factor():
    g = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    assert core.clip_global_norm(g, 1.0) == pytest.approx(5.0)
    np.testing.assert_allclose(g["a"], [0.6, 0.0])
    np.testing.assert_allclose(g["b"], [[0.8]])


def test_training_is_deterministic():
    cfg = {**train_parens.CONFIG, "hidden_size": 4, "steps": 5}
    a, b = train_parens.train(**cfg)[0], train_parens.train(**cfg)[0]
    for k, v in a.params().items():
        assert np.array_equal(v, b.params()[k]), k


def test_small_budget_retrain_learns_the_parenthesis_task():
    """A few seconds of training: far above always answering 'outside'."""
    model, head, _ = train_parens.train(**{**train_parens.CONFIG, "hidden_size": 8, "steps": 250})
    acc, majority = train_parens.evaluate(model, head), train_parens.majority_baseline()
    assert majority < 0.6 and acc > 0.95, (acc, majority)


@pytest.mark.parametrize("load, evaluate", [
    (train_parens.load, train_parens.evaluate),
    (lambda: train_parens_rnn_gru.load("parens_rnn"), train_parens.evaluate),
    (lambda: train_parens_rnn_gru.load("parens_gru"), train_parens.evaluate),
    (lambda: train_bank.load("bank_lstm"), train_bank.evaluate),
    (lambda: train_bank.load("bank_bilstm"), train_bank.evaluate),
    (train_catsat.load, lambda model, head: train_catsat.evaluate(model, head)["accuracy"]),
])
def test_committed_weights_reproduce_their_recorded_accuracy(load, evaluate):
    with warnings.catch_warnings():
        warnings.simplefilter("error", store.StaleDataWarning)  # the committed files match the code
        model, head, meta = load()
    acc = evaluate(model, head)
    assert acc == pytest.approx(meta["accuracy"], abs=1e-6)
    assert (store.DATA / f"{meta['name']}.npz").stat().st_size <= 200_000


def test_committed_models_learned_their_tasks():
    _, _, p = train_parens.load()
    assert p["accuracy"] > 0.97 and p["majority_baseline"] < 0.6
    for name in ("parens_rnn", "parens_gru"):  # the same task, data and budget as the LSTM's
        _, _, m = train_parens_rnn_gru.load(name)
        assert m["accuracy"] > 0.97 and {k: m[k] for k in train_parens_rnn_gru.SHARED} == {
            k: p[k] for k in train_parens_rnn_gru.SHARED}
    assert train_parens_rnn_gru.load("parens_rnn")[2]["accuracy_with_lstm_decay"] < 0.8  # why it has no decay
    _, _, lstm = train_bank.load("bank_lstm")
    _, _, bi = train_bank.load("bank_bilstm")
    assert bi["accuracy"]["at_bank"] > 0.95 and 0.3 < lstm["accuracy"]["at_bank"] < 0.7  # it can only guess
    assert bi["accuracy"]["last"] > 0.95 and lstm["accuracy"]["last"] > 0.95


def test_tasks_give_what_they_promise():
    s = "the cat (saw a dog) and ran"
    assert "".join(map(str, parens.targets(s))) == "000000001111111111000000000"
    x, y, mask = delay.batch(np.random.default_rng(0), 5, 7)
    assert x.shape == (9, 5, delay.FEATURES) and mask.sum() == 5 and mask[-1].all()
    assert np.array_equal(y[-1], x[0, :, :delay.KEYS].argmax(-1)) and (x[0, :, delay.MARKER] == 1).all()
    assert np.array_equal(x[1:-1, :, :delay.KEYS].sum(-1), np.ones((7, 5)))  # distractors: the same symbols
    x, y, sentences = bank.batch(np.random.default_rng(0), 6)
    assert len({len(s.split()) for s in sentences}) == 1
    assert [bank.sense_of(s.split()) for s in sentences] == y[0].tolist()
