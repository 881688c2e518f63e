"""Properties of the numpy reference models that need no PyTorch: forced gates, ranges, finite
differences, error messages, determinism, and a package that imports numpy alone."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from explainers.models import GRU, LSTM, RNN, BiLSTM, param_count

ROOT = Path(__file__).resolve().parent.parent
rng = np.random.default_rng


def wide(model, seed=0, scale=1.5):
    """The model with its weights redrawn from uniform(-scale, scale): gates far from 0.5, a harder test."""
    for p in model.params().values():
        p[...] = rng(seed).uniform(-scale, scale, p.shape)
    return model


# --- forcing gates ---------------------------------------------------------------------------------

def lstm_run(force, T=6, X=3, H=5, seed=0):
    m = wide(LSTM.init(X, H, seed=seed), seed)
    x, h0, c0 = rng(seed).normal(size=(T, X)), rng(seed + 1).normal(size=H), rng(seed + 2).normal(size=H)
    return m.run(x, h0, c0, force=force), c0


def test_forget_gate_closed_leaves_only_the_new_write():
    tr, _ = lstm_run({"f": 0.0})
    assert np.all(tr.gates["f"] == 0.0)
    assert np.array_equal(tr.c, tr.gates["i"] * tr.gates["g"])


def test_forget_open_input_closed_keeps_the_cell_constant():
    tr, c0 = lstm_run({"f": 1, "i": 0})
    assert np.array_equal(tr.c, np.broadcast_to(c0, tr.c.shape))


def test_force_per_unit_and_batched():
    H = 4
    m = LSTM.init(2, H, seed=1)
    x = rng(1).normal(size=(5, 3, 2))  # (T, B, X)
    c0 = rng(2).normal(size=(3, H))
    f = np.array([0.0, 1.0, 0.0, 1.0])
    tr = m.run(x, c0=c0, force={"f": f, "i": 0.0})
    assert np.array_equal(tr.gates["f"], np.broadcast_to(f, tr.gates["f"].shape))
    assert np.array_equal(tr.c[:, :, 1::2], np.broadcast_to(c0[:, 1::2], (5, 3, 2)))  # units with f = 1 hold c0
    assert np.all(tr.c[:, :, 0::2] == 0.0)                                             # units with f = 0 forget


def test_no_gradient_through_a_forced_gate():
    H, X = 3, 2
    m = wide(LSTM.init(X, H, seed=3), 3)
    x, dh = rng(3).normal(size=(4, X)), rng(4).normal(size=(4, H))
    g = m.backward(x, dh, c0=rng(5).normal(size=H), force={"f": 0.0})
    rows = slice(H, 2 * H)  # the forget gate's block
    for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        assert np.all(g.params[k][rows] == 0) and np.any(g.params[k] != 0)
    assert np.all(g.c0 == 0)  # with f = 0, c0 reaches nothing


def test_gates_stay_in_their_ranges():
    for model, sig, tanh in ((LSTM, "ifo", "g"), (GRU, "rz", "n")):
        m = wide(model.init(4, 6, seed=2), 2, scale=0.8)
        tr = m.run(rng(2).normal(size=(30, 4)))
        for k in sig:
            assert np.all((tr.gates[k] > 0) & (tr.gates[k] < 1)), k
        for k in tanh:
            assert np.all(np.abs(tr.gates[k]) < 1), k
        assert np.all(np.abs(tr.h) < 1)
    assert RNN.init(2, 3).run(np.ones((2, 2))).gates == {}


# --- gradients by finite differences (no torch) ----------------------------------------------------

def numeric_grad(f, a, eps=1e-6):
    """Central differences of the scalar f() with respect to every entry of a (changed in place)."""
    g = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        old = a[i]
        a[i] = old + eps
        up = f()
        a[i] = old - eps
        g[i] = (up - f()) / (2 * eps)
        a[i] = old
    return g


CASES = [
    (RNN, None, (3,)), (GRU, None, (3,)), (GRU, {"r": 0.3}, (3,)), (GRU, {"n": 0.2}, (3,)),
    (LSTM, None, (3,)), (LSTM, {"f": 0.5, "o": np.array([0.1, 0.9, 1.0])}, (3,)), (BiLSTM, None, (2, 3)),
]


@pytest.mark.parametrize("model,force,state", CASES)
def test_backward_matches_finite_differences(model, force, state):
    T, X, H = 4, 2, 3
    m = wide(model.init(X, H, seed=5), 5, scale=1.0)
    x = rng(6).normal(size=(T, X))
    h0 = rng(7).normal(size=state)
    c0 = rng(8).normal(size=state) if model is not RNN and model is not GRU else None
    dh = rng(9).normal(size=(T, H * (2 if model is BiLSTM else 1)))

    def loss():
        return float((m.run(x, h0, c0, force=force).h * dh).sum())

    g = m.backward(x, dh, h0, c0, force=force)
    # the finite differences move the model's own arrays: params() are live, not copies
    for k, p in m.params().items():
        np.testing.assert_allclose(g.params[k], numeric_grad(loss, p), rtol=1e-6, atol=1e-8, err_msg=k)
    np.testing.assert_allclose(g.x, numeric_grad(loss, x), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(g.h0, numeric_grad(loss, h0), rtol=1e-6, atol=1e-8)
    if c0 is not None:
        np.testing.assert_allclose(g.c0, numeric_grad(loss, c0), rtol=1e-6, atol=1e-8)


# --- consistency: batches, one step, parameters ----------------------------------------------------

@pytest.mark.parametrize("model", [RNN, LSTM, GRU, BiLSTM])
def test_batch_is_the_sequences_side_by_side(model):
    m = model.init(3, 4, seed=1)
    x = rng(1).normal(size=(5, 2, 3))
    tr = m.run(x)
    for b in range(2):
        np.testing.assert_allclose(tr.h[:, b], m.run(x[:, b]).h, rtol=0, atol=1e-14)
    dh = rng(2).normal(size=tr.h.shape)
    g = m.backward(x, dh)
    parts = [m.backward(x[:, b], dh[:, b]) for b in range(2)]
    np.testing.assert_allclose(g.x[:, 1], parts[1].x, rtol=0, atol=1e-13)
    for k in g.params:  # parameter gradients add up over the batch
        np.testing.assert_allclose(g.params[k], parts[0].params[k] + parts[1].params[k], rtol=0, atol=1e-12)


def test_step_is_what_run_does():
    x = rng(0).normal(size=(3, 2))
    lstm, gru, rnn = LSTM.init(2, 3), GRU.init(2, 3), RNN.init(2, 3)
    tr = lstm.run(x)
    h, c, gates = lstm.step(x[0])
    h, c, gates = lstm.step(x[1], h, c)
    assert np.array_equal(h, tr.h[1]) and np.array_equal(c, tr.c[1]) and np.array_equal(gates["f"], tr.gates["f"][1])
    h, gates = gru.step(x[0])
    assert np.array_equal(h, gru.run(x).h[0]) and set(gates) == {"r", "z", "n"}
    assert np.array_equal(rnn.step(x[0])[0], rnn.run(x).h[0])
    hb, cb, _ = lstm.step(np.stack([x[0], x[0]]), force={"f": 0.5})  # batched (B, X)
    assert hb.shape == (2, 3) and np.array_equal(hb[1], lstm.run(x[:1], force={"f": 0.5}).h[0])


def test_params_round_trip_and_copies():
    w = rng(0).normal(size=(8, 3))
    m = LSTM.from_arrays(w, rng(1).normal(size=(8, 2)), np.zeros(8), np.zeros(8))
    w[...] = 0  # from_arrays copied: the model does not change with the caller's array
    assert np.any(m.weight_ih != 0)
    m2 = LSTM.from_params(m.params())
    assert all(np.array_equal(v, m2.params()[k]) for k, v in m.params().items())
    assert m2.params()["weight_ih"] is not m.weight_ih
    m.params()["bias_ih"] += 1.0  # live: an optimiser updating params() updates the model
    assert np.all(m.bias_ih == 1.0)
    b = BiLSTM.init(3, 2, seed=4)
    assert np.array_equal(BiLSTM.from_params(b.params()).run(np.ones((2, 3))).h, b.run(np.ones((2, 3))).h)
    assert repr(m) == "LSTM(input_size=3, hidden_size=2, bias=True)"


def test_sgd_on_backward_learns():
    """A tiny regression trained with plain SGD on backward(): the loss must fall (the training path works)."""
    m = LSTM.init(1, 4, seed=0)
    x = rng(0).normal(size=(6, 8, 1))                   # (T, B, X)
    target = np.tanh(np.cumsum(x, 0)) * 0.5             # (T, B, 1) a running sum, squashed
    target = np.repeat(target, 4, -1)                   # (T, B, H)
    losses = []
    for _ in range(150):
        tr = m.run(x)
        losses.append(0.5 * ((tr.h - target) ** 2).mean())
        g = m.backward(x, (tr.h - target) / tr.h.size, trace=tr)
        for k, p in m.params().items():
            p -= 2.0 * g.params[k]
    assert losses[-1] < 0.3 * losses[0]


# --- initialisation --------------------------------------------------------------------------------

def test_init_is_deterministic_and_torch_like():
    a, b, c = LSTM.init(3, 5, seed=7), LSTM.init(3, 5, seed=7), LSTM.init(3, 5, seed=8)
    assert all(np.array_equal(v, b.params()[k]) for k, v in a.params().items())
    assert not np.array_equal(a.weight_ih, c.weight_ih)
    k, H = 1 / np.sqrt(5), 5
    for name, p in a.params().items():
        q = p.copy()
        if name == "bias_ih":
            q[H:2 * H] -= 1.0  # forget_bias=1.0 is added to the f block of bias_ih only
        assert np.all(np.abs(q) <= k), name
    assert np.all(a.bias_ih[H:2 * H] > 1 - k)
    plain = LSTM.init(3, 5, seed=7, forget_bias=0.0)
    assert np.array_equal(plain.weight_ih, a.weight_ih) and np.all(np.abs(plain.bias_ih) <= k)
    assert set(LSTM.init(3, 5, bias=False).params()) == {"weight_ih", "weight_hh"}
    for model in (RNN, GRU):
        assert np.array_equal(model.init(2, 3, seed=1).weight_hh, model.init(2, 3, seed=1).weight_hh)
    bi = BiLSTM.init(3, 5, seed=7)
    assert np.array_equal(bi.fwd.weight_ih, a.weight_ih) and not np.array_equal(bi.bwd.weight_ih, a.weight_ih)


# --- bad input: a clear ValueError naming the expected shape ---------------------------------------

lstm, gru, rnn, bi = LSTM.init(3, 8), GRU.init(3, 8), RNN.init(3, 8), BiLSTM.init(3, 8)
x = np.zeros((4, 3))
BAD = [
    (lambda: lstm.run(np.zeros((4, 5))), "x has 5 features, the LSTM expects 3"),
    (lambda: lstm.run(np.zeros(3)), r"x has shape \(3,\); the LSTM expects \(T, 3\) or batched \(T, B, 3\)"),
    (lambda: lstm.run(np.zeros((0, 3))), r"at least one time step"),
    (lambda: lstm.run(x, h0=np.zeros(4)), r"h0 has shape \(4,\), expected \(8,\)"),
    (lambda: lstm.run(np.zeros((4, 2, 3)), c0=np.zeros(8)), r"c0 has shape \(8,\), expected \(2, 8\)"),
    (lambda: lstm.run(x, force={"q": 0}), "unknown gate 'q'; the LSTM's gates are i, f, g, o"),
    (lambda: gru.run(x, force={"f": 0}), "unknown gate 'f'; the GRU's gates are r, z, n"),
    (lambda: rnn.run(x, force={"f": 0}), "unknown gate 'f'; the RNN has no gates to force"),
    (lambda: rnn.run(x, c0=np.zeros(8)), "the RNN has no cell state"),
    (lambda: lstm.run(x, force={"f": 1.5}), r"force\['f'\] = 1.5 is outside \[0, 1\], the range of a sigmoid gate"),
    (lambda: lstm.run(x, force={"i": np.full(8, -0.1)}), r"force\['i'\] has values outside \[0, 1\]"),
    (lambda: lstm.run(x, force={"g": -2}), r"force\['g'\] = -2 is outside \[-1, 1\], the range of a tanh gate"),
    (lambda: lstm.run(x, force={"f": np.nan}), r"outside \[0, 1\]"),
    (lambda: lstm.run(x, force={"f": np.zeros(3)}), r"force\['f'\] has shape \(3,\), expected a scalar or \(8,\)"),
    (lambda: lstm.run(x, force=0.0), "force must be a dict"),
    (lambda: lstm.step(np.zeros(5)), "x_t has 5 features, the LSTM expects 3"),
    (lambda: lstm.step(np.zeros(3), np.zeros(3)), r"h_prev has shape \(3,\), expected \(8,\)"),
    (lambda: lstm.backward(x, np.zeros((4, 7))), r"dh has shape \(4, 7\), expected \(4, 8\)"),
    (lambda: lstm.grad_inputs(x, np.zeros((4, 8))), r"dh_T has shape \(4, 8\), expected \(8,\)"),
    (lambda: lstm.backward(x, np.zeros((4, 8)), trace=lstm.run(x[:2])), "not a run of this x"),
    (lambda: LSTM.from_arrays(np.zeros((10, 3)), np.zeros((8, 2))),
     r"weight_ih has shape \(10, 3\); the LSTM's is \(4\*hidden_size, input_size\)"),
    (lambda: LSTM.from_arrays(np.zeros((16, 3)), np.zeros((16, 5))), r"weight_hh has shape \(16, 5\), expected \(16, 4\)"),
    (lambda: GRU.from_arrays(np.zeros((6, 3)), np.zeros((6, 2)), np.zeros(5), np.zeros(6)),
     r"bias_ih has shape \(5,\), expected \(6,\)"),
    (lambda: RNN.from_arrays(np.zeros((2, 3)), np.zeros((2, 2)), np.zeros(2)), "give both bias_ih and bias_hh"),
    (lambda: LSTM.from_params({"weight_ih_l1": 0}), "not one LSTM layer"),
    (lambda: LSTM.init(3, 0), "hidden_size must be a positive integer"),
    (lambda: bi.run(x, h0=np.zeros(8)), r"h0 has shape \(8,\), expected \(2, 8\)"),
    (lambda: bi.run(np.zeros((4, 2))), "x has 2 features, the BiLSTM expects 3"),
    (lambda: bi.backward(x, np.zeros((4, 8))), r"dh has shape \(4, 8\), expected \(4, 16\)"),
    (lambda: BiLSTM.from_arrays(fwd=(np.zeros((8, 3)), np.zeros((8, 2))), bwd=(np.zeros((8, 4)), np.zeros((8, 2)))),
     "the two directions differ"),
    (lambda: param_count("transformer", 3, 4), "unknown kind 'transformer'; expected one of rnn, gru, lstm"),
]


@pytest.mark.parametrize("call,message", BAD, ids=[m[:40] for _, m in BAD])
def test_bad_input_raises_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- the browser constraint ------------------------------------------------------------------------

def test_import_loads_numpy_and_nothing_else():
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import explainers.models\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(new - set(sys.stdlib_module_names)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert eval(out.stdout) == ["explainers", "numpy"], out.stdout
