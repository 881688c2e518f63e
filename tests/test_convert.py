"""explainers.convert against the frameworks' own definitions: Keras and ONNX are not installed, so
their step equations are written out here as each one documents them, for its own layout, and run
on weights that explainers.convert made from a torch module; "equal" means equal to torch's output.

Keras: keras/src/layers/rnn/lstm.py and gru.py, LSTMCell.call and GRUCell.call (the fused path:
x @ kernel + h @ recurrent_kernel, then split into column blocks). ONNX: the LSTM and GRU operators'
equations (opset 14), Xt*(W^T) + Ht-1*(R^T) + Wb + Rb, blocks in W[iofc] and W[zrh].
"""
import numpy as np
import pytest
import torch
from test_models_parity import VALUES_ATOL, data, t2n, torch_module

from explainers import convert
from explainers.convert import from_keras, from_onnx, param_counts, to_keras, to_onnx
from explainers.models import GRU, LSTM

SIZES = [(1, 1, 1, 0), (3, 5, 7, 1), (4, 2, 6, 2)]  # (input_size, hidden_size, T, seed)
B = 2                                              # a batch, so every row of a matmul is exercised


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def keras_lstm(w, x, h, c):
    """Keras' LSTMCell over x (T, B, X): columns i, f, c, o of one z; returns every h (T, B, H)."""
    out = []
    for x_t in x:
        z = x_t @ w["kernel"] + h @ w["recurrent_kernel"] + w.get("bias", 0)
        z0, z1, z2, z3 = np.split(z, 4, axis=-1)
        i, f, o = sigmoid(z0), sigmoid(z1), sigmoid(z3)
        c = f * c + i * np.tanh(z2)
        h = o * np.tanh(c)
        out.append(h)
    return np.stack(out)


def keras_gru(w, x, h, reset_after=True):
    """Keras' GRUCell over x (T, B, X): columns z, r, h; bias (2, 3H) = input, recurrent when
    reset_after, else one input bias (3H,) and the reset applied to h before its matmul."""
    bias = w.get("bias", np.zeros((2, w["kernel"].shape[1])) if reset_after else 0)
    input_bias, recurrent_bias = (bias[0], bias[1]) if reset_after else (bias, None)
    U = w["recurrent_kernel"]
    H = U.shape[0]
    out = []
    for x_t in x:
        x_z, x_r, x_h = np.split(x_t @ w["kernel"] + input_bias, 3, axis=-1)
        inner = h @ U + recurrent_bias if reset_after else h @ U[:, :2 * H]
        z = sigmoid(x_z + inner[..., :H])
        r = sigmoid(x_r + inner[..., H:2 * H])
        recurrent_h = r * inner[..., 2 * H:] if reset_after else (r * h) @ U[:, 2 * H:]
        h = z * h + (1 - z) * np.tanh(x_h + recurrent_h)
        out.append(h)
    return np.stack(out)


def onnx_blocks(node, n):
    """W, R split into n row blocks each, and Wb, Rb into n blocks each (zeros for an absent B)."""
    W, R = node["W"][0], node["R"][0]
    Bv = node["B"][0] if "B" in node else np.zeros(2 * W.shape[0])
    Wb, Rb = np.split(Bv, 2)
    return [np.split(a, n) for a in (W, R, Wb, Rb)]


def onnx_lstm(node, x, h, c):
    """ONNX's LSTM (no peepholes, default activations) over x (T, B, X), blocks i, o, f, c."""
    (Wi, Wo, Wf, Wc), (Ri, Ro, Rf, Rc), (Wbi, Wbo, Wbf, Wbc), (Rbi, Rbo, Rbf, Rbc) = onnx_blocks(node, 4)
    out = []
    for X_t in x:
        i = sigmoid(X_t @ Wi.T + h @ Ri.T + Wbi + Rbi)
        f = sigmoid(X_t @ Wf.T + h @ Rf.T + Wbf + Rbf)
        g = np.tanh(X_t @ Wc.T + h @ Rc.T + Wbc + Rbc)
        c = f * c + i * g
        o = sigmoid(X_t @ Wo.T + h @ Ro.T + Wbo + Rbo)
        h = o * np.tanh(c)
        out.append(h)
    return np.stack(out)


def onnx_gru(node, x, h, linear_before_reset=1):
    """ONNX's GRU over x (T, B, X), blocks z, r, h; linear_before_reset chooses the candidate's form."""
    (Wz, Wr, Wh), (Rz, Rr, Rh), (Wbz, Wbr, Wbh), (Rbz, Rbr, Rbh) = onnx_blocks(node, 3)
    out = []
    for X_t in x:
        z = sigmoid(X_t @ Wz.T + h @ Rz.T + Wbz + Rbz)
        r = sigmoid(X_t @ Wr.T + h @ Rr.T + Wbr + Rbr)
        if linear_before_reset:
            n = np.tanh(X_t @ Wh.T + r * (h @ Rh.T + Rbh) + Wbh)
        else:
            n = np.tanh(X_t @ Wh.T + (r * h) @ Rh.T + Rbh + Wbh)
        h = (1 - z) * n + z * h
        out.append(h)
    return np.stack(out)


def torch_run(kind, X, H, T, seed, bias=True):
    """A torch module, its state_dict as numpy, an input (T, B, X), initial states and torch's output."""
    mod = torch_module(kind, X, H, seed, bias)
    x, h0, c0 = data(seed, T, B, X), data(seed + 1, 1, B, H), data(seed + 2, 1, B, H)
    out, _ = mod(x, (h0, c0) if kind == "lstm" else h0)
    sd = {k: t2n(v) for k, v in mod.state_dict().items()}
    return sd, t2n(x), t2n(h0[0]), t2n(c0[0]), t2n(out)


def foreign(kind, framework, sd, x, h0, c0):
    """Torch's weights converted to `framework`'s layout and run by that framework's equations."""
    if framework == "keras":
        w = to_keras(kind, sd)
        return keras_lstm(w, x, h0, c0) if kind == "lstm" else keras_gru(w, x, h0)
    node = to_onnx(kind, sd)
    return onnx_lstm(node, x, h0, c0) if kind == "lstm" else onnx_gru(node, x, h0)


@pytest.mark.parametrize("framework", ["keras", "onnx"])
@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("X,H,T,seed", SIZES)
@pytest.mark.parametrize("bias", [True, False])
def test_the_frameworks_equations_on_converted_weights_give_torchs_output(framework, kind, X, H, T, seed, bias):
    sd, x, h0, c0, out = torch_run(kind, X, H, T, seed, bias)
    np.testing.assert_allclose(foreign(kind, framework, sd, x, h0, c0), out, rtol=0, atol=VALUES_ATOL)


# A deliberate wrong gate order per layout: mostly the classic slip, PyTorch's own order kept.
WRONG = [("keras", "lstm", "igfo"), ("keras", "gru", "rzn"), ("onnx", "lstm", "ifgo"), ("onnx", "gru", "rzn")]


@pytest.mark.parametrize("framework,kind,order", WRONG)
def test_a_wrong_gate_order_fails_the_comparison(monkeypatch, framework, kind, order):
    """The test above can fail: with one layout's blocks stacked in another order it does."""
    sd, x, h0, c0, out = torch_run(kind, 3, 5, 7, 1)
    assert np.allclose(foreign(kind, framework, sd, x, h0, c0), out, rtol=0, atol=VALUES_ATOL)
    monkeypatch.setitem({"keras": convert.KERAS, "onnx": convert.ONNX}[framework], kind, order)
    assert not np.allclose(foreign(kind, framework, sd, x, h0, c0), out, rtol=0, atol=1e-3)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("bias", [True, False])
def test_round_trips_are_exact(kind, bias):
    sd, x, h0, c0, out = torch_run(kind, 3, 5, 7, 1, bias)
    params = {k.removesuffix("_l0"): v for k, v in sd.items()}
    via_onnx = from_onnx(kind, to_onnx(kind, sd), linear_before_reset=1)
    via_keras = from_keras(kind, to_keras(kind, sd))
    assert set(via_onnx) == set(via_keras) == set(params)
    for k, v in params.items():
        assert np.array_equal(via_onnx[k], v), k
        if kind == "gru" or k.startswith("weight"):
            assert np.array_equal(via_keras[k], v), k
    if kind == "lstm" and bias:  # Keras' one bias: the sum in bias_ih, zeros in bias_hh
        assert np.array_equal(via_keras["bias_ih"], params["bias_ih"] + params["bias_hh"])
        assert not via_keras["bias_hh"].any()
    model = {"lstm": LSTM, "gru": GRU}[kind].from_params(via_keras)
    np.testing.assert_allclose(model.run(x, h0, c0 if kind == "lstm" else None).h, out, rtol=0, atol=VALUES_ATOL)
    # and the other way round: Keras -> PyTorch -> Keras, ONNX -> PyTorch -> ONNX give back the same arrays
    for there, back, w in ((to_keras, lambda p: from_keras(kind, p), to_keras(kind, sd)),
                           (to_onnx, lambda p: from_onnx(kind, p, 1), to_onnx(kind, sd))):
        again = there(kind, back(w))
        assert set(again) == set(w) and all(np.array_equal(again[k], w[k]) for k in w)


def test_a_torch_state_dict_of_tensors_converts_as_it_is():
    mod = torch_module("lstm", 3, 4, 0)
    from_tensors = to_keras("lstm", mod.state_dict())
    from_arrays = to_keras("lstm", {k: t2n(v) for k, v in mod.state_dict().items()})
    assert all(np.array_equal(from_tensors[k], from_arrays[k]) for k in from_arrays)


def test_reset_before_grus_are_refused_by_name():
    params = GRU.init(3, 4).params()
    keras = to_keras("gru", params)
    with pytest.raises(ValueError, match=r"reset_after=False resets h_prev before the recurrent matmul"):
        to_keras("gru", params, reset_after=False)
    with pytest.raises(ValueError, match=r"reset_after=False .*use a reset_after=True layer"):
        from_keras("gru", keras, reset_after=False)
    with pytest.raises(ValueError, match=r"bias of shape \(12,\) is not reset_after=True's \(2, 3H\)"):
        from_keras("gru", {**keras, "bias": keras["bias"].sum(0)})
    with pytest.raises(ValueError, match=r"linear_before_reset=0 \(ONNX's default\) resets h_prev before"):
        from_onnx("gru", to_onnx("gru", params))


@pytest.mark.parametrize("framework", ["keras", "onnx"])
def test_the_refusal_is_warranted_and_its_exception_holds(framework):
    """The reset-before GRU on the nearest weights (biases merged where they can be) is not torch's GRU;
    it is when W_hn is diagonal and b_hn is zero, as the refusal's message says."""
    for diagonal in (False, True):
        mod = torch_module("gru", 3, 4, 1)
        if diagonal:
            with torch.no_grad():
                mod.weight_hh_l0[8:] = torch.diag(torch.diagonal(mod.weight_hh_l0[8:]))
                mod.bias_hh_l0[8:] = 0
        x, h0 = data(1, 7, B, 3), data(2, 1, B, 4)
        out = t2n(mod(x, h0)[0])
        sd = {k: t2n(v) for k, v in mod.state_dict().items()}
        if framework == "keras":
            w = to_keras("gru", sd)
            h = keras_gru({**w, "bias": w["bias"].sum(0)}, t2n(x), t2n(h0[0]), reset_after=False)
        else:
            h = onnx_gru(to_onnx("gru", sd), t2n(x), t2n(h0[0]), linear_before_reset=0)
        assert np.allclose(h, out, rtol=0, atol=VALUES_ATOL) is diagonal


def test_onnx_inputs_that_pytorch_cannot_hold_are_refused():
    node = to_onnx("lstm", LSTM.init(3, 4).params())
    with pytest.raises(ValueError, match="peephole"):
        from_onnx("lstm", {**node, "P": np.ones((1, 12))})
    with pytest.raises(ValueError, match=r"expected one direction"):
        from_onnx("lstm", {k: np.concatenate([v, v]) for k, v in node.items()})


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("X,H", [(1, 1), (3, 5), (10, 20), (100, 256)])
def test_param_counts(kind, X, H):
    counts = param_counts(kind, X, H)
    mod = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind](X, H)
    assert counts["pytorch"] == sum(p.numel() for p in mod.parameters())
    params = {"lstm": LSTM, "gru": GRU}[kind].init(X, H).params()
    # Keras and ONNX: the sizes of the arrays in their layouts (Keras' build(), ONNX's W, R, B)
    assert counts["keras"] == sum(a.size for a in to_keras(kind, params).values())
    assert counts["onnx"] == sum(a.size for a in to_onnx(kind, params).values())
    G = {"lstm": 4, "gru": 3}[kind]
    assert counts["keras"] == G * H * (X + H) + (4 * H if kind == "lstm" else 6 * H)
    if kind == "gru":  # kernel (X, 3H), recurrent_kernel (H, 3H), one bias (3H,)
        assert counts["keras_reset_before"] == X * 3 * H + H * 3 * H + 3 * H
    else:
        assert set(counts) == {"pytorch", "keras", "onnx"}
