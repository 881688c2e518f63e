"""The numpy reference models against PyTorch itself (CPU, float64): values and gradients.

Weights are copied from a torch module into ours, so "equal" means: the site's numpy code computes
exactly what nn.RNN / nn.LSTM / nn.GRU / nn.LSTM(bidirectional=True) compute.
"""
import numpy as np
import pytest
import torch
from torch import nn

from explainers.models import GRU, LSTM, RNN, BiLSTM, param_count

TORCH = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
OURS = {"rnn": RNN, "lstm": LSTM, "gru": GRU}
# (input_size, hidden_size, T, seed): the degenerate 1x1x1 case, and a few odd shapes.
SIZES = [(1, 1, 1, 0), (3, 5, 7, 1), (4, 2, 6, 2), (6, 8, 4, 3)]
KINDS = ["rnn", "lstm", "gru"]
# The pages quote these (explainers/figures/parity.py reads them from here): change one, the prose follows.
VALUES_ATOL = 1e-10   # every h_t, c_t, output
GRADS_ATOL = 1e-8     # every gradient: inputs, initial states, parameters


def t2n(t):
    return t.detach().numpy()


def close(ours, theirs, tol):
    theirs = t2n(theirs) if isinstance(theirs, torch.Tensor) else theirs
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=tol)


def torch_module(kind, X, H, seed, bias=True, bidirectional=False):
    """A float64 torch module with weights wider than its default init, so the gates saturate sometimes."""
    torch.manual_seed(seed)
    mod = TORCH[kind](X, H, bias=bias, bidirectional=bidirectional, dtype=torch.float64)
    with torch.no_grad():
        for p in mod.parameters():
            p.uniform_(-0.9, 0.9)
    return mod


def data(seed, *shape):
    return torch.from_numpy(np.random.default_rng(100 + seed).normal(size=shape))


def state(kind, h, c):
    """What a torch module takes as initial state."""
    return (h, c) if kind == "lstm" else h


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("X,H,T,seed", SIZES)
@pytest.mark.parametrize("bias", [True, False])
def test_forward_matches_torch(kind, X, H, T, seed, bias):
    mod = torch_module(kind, X, H, seed, bias)
    ours = OURS[kind].from_arrays(*[t2n(p) for p in mod.parameters()])
    assert ours.bias is bias
    x, h0, c0 = data(seed, T, X), data(seed + 1, 1, H), data(seed + 2, 1, H)
    tr = ours.run(t2n(x), t2n(h0[0]), t2n(c0[0]) if kind == "lstm" else None)
    out, _ = mod(x, state(kind, h0, c0))
    close(tr.h, out, VALUES_ATOL)
    if kind == "lstm":  # torch only returns the last c: read c_t off the run on each prefix x[:t+1]
        c = np.stack([t2n(mod(x[: t + 1], (h0, c0))[1][1][0]) for t in range(T)])
        close(tr.c, c, VALUES_ATOL)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("X,H,T,seed", SIZES)
def test_grad_inputs_matches_autograd(kind, X, H, T, seed):
    mod = torch_module(kind, X, H, seed)
    ours = OURS[kind].from_params(mod.state_dict())  # torch's own names work too
    x, h0, c0 = (v.requires_grad_() for v in (data(seed, T, X), data(seed + 1, 1, H), data(seed + 2, 1, H)))
    dh_T = data(seed + 3, H)
    out, _ = mod(x, state(kind, h0, c0))
    (out[-1] * dh_T).sum().backward()
    got = ours.grad_inputs(t2n(x), t2n(dh_T), t2n(h0[0]), t2n(c0[0]) if kind == "lstm" else None)
    close(got[0], x.grad, GRADS_ATOL)
    close(got[1], h0.grad[0], GRADS_ATOL)
    if kind == "lstm":
        close(got[2], c0.grad[0], GRADS_ATOL)
    else:
        assert len(got) == 2


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("X,H,T,seed", SIZES)
@pytest.mark.parametrize("batch", [None, 3])
def test_backward_matches_autograd_with_loss_on_every_step(kind, X, H, T, seed, batch):
    """dL/dx, dL/dh0, dL/dc0 and every parameter gradient, for L = sum_t dh_t . h_t; batched or not."""
    mod = torch_module(kind, X, H, seed)
    ours = OURS[kind].from_params(mod.state_dict())
    B = () if batch is None else (batch,)
    x, h0, c0 = data(seed, T, *B, X), data(seed + 1, 1, *B, H), data(seed + 2, 1, *B, H)
    for v in (x, h0, c0):
        v.requires_grad_()
    dh = data(seed + 3, T, *B, H)
    out, _ = mod(x, state(kind, h0, c0))
    (out * dh).sum().backward()
    tr = ours.run(t2n(x), t2n(h0[0]), t2n(c0[0]) if kind == "lstm" else None)
    close(tr.h, out, VALUES_ATOL)
    g = ours.backward(t2n(x), t2n(dh), t2n(h0[0]), t2n(c0[0]) if kind == "lstm" else None)
    close(g.x, x.grad, GRADS_ATOL)
    close(g.h0, h0.grad[0], GRADS_ATOL)
    if kind == "lstm":
        close(g.c0, c0.grad[0], GRADS_ATOL)
    else:
        assert g.c0 is None
    named = {k.removesuffix("_l0"): p.grad for k, p in mod.named_parameters()}
    assert set(g.params) == set(named) == set(ours.params())
    for k, grad in named.items():
        close(g.params[k], grad, GRADS_ATOL)
    # reusing the trace of run() gives the same gradients
    g2 = ours.backward(t2n(x), t2n(dh), trace=tr)
    for k in named:
        close(g2.params[k], g.params[k], 0)


@pytest.mark.parametrize("X,H,T,seed", SIZES)
@pytest.mark.parametrize("batch", [None, 2])
def test_bilstm_matches_torch(X, H, T, seed, batch):
    mod = torch_module("lstm", X, H, seed, bidirectional=True)
    ours = BiLSTM.from_params(mod.state_dict())
    B = () if batch is None else (batch,)
    x, h0, c0 = data(seed, T, *B, X), data(seed + 1, 2, *B, H), data(seed + 2, 2, *B, H)
    for v in (x, h0, c0):
        v.requires_grad_()
    out, (h_n, c_n) = mod(x, (h0, c0))
    tr = ours.run(t2n(x), t2n(h0), t2n(c0))
    close(tr.h, out, VALUES_ATOL)
    close(tr.h_n, h_n, VALUES_ATOL)
    # each direction's cell states, in the input's order: forward from prefixes, backward from suffixes
    c_fwd = np.stack([t2n(mod(x[: t + 1], (h0, c0))[1][1][0]) for t in range(T)])
    c_bwd = np.stack([t2n(mod(x[t:], (h0, c0))[1][1][1]) for t in range(T)])
    close(tr.fwd.c, c_fwd, VALUES_ATOL)
    close(tr.bwd.c, c_bwd, VALUES_ATOL)

    dh = data(seed + 3, T, *B, 2 * H)
    (out * dh).sum().backward()
    g = ours.backward(t2n(x), t2n(dh), t2n(h0), t2n(c0), trace=tr)
    close(g.x, x.grad, GRADS_ATOL)
    close(g.h0, h0.grad, GRADS_ATOL)
    close(g.c0, c0.grad, GRADS_ATOL)
    assert set(g.params) == set(dict(mod.named_parameters())) == set(ours.params())
    for k, p in mod.named_parameters():
        close(g.params[k], p.grad, GRADS_ATOL)


@pytest.mark.parametrize("X,H,T,seed", SIZES[1:3])
def test_bilstm_grad_inputs_and_from_arrays(X, H, T, seed):
    mod = torch_module("lstm", X, H, seed, bidirectional=True)
    sd = {k: t2n(v) for k, v in mod.state_dict().items()}
    names = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
    ours = BiLSTM.from_arrays(fwd=[sd[k] for k in names], bwd=[sd[k + "_reverse"] for k in names])
    x, h0, c0 = (v.requires_grad_() for v in (data(seed, T, X), data(seed + 1, 2, H), data(seed + 2, 2, H)))
    dh_n = data(seed + 3, 2, H)
    _, (h_n, _) = mod(x, (h0, c0))
    (h_n * dh_n).sum().backward()
    dx, dh0, dc0 = ours.grad_inputs(t2n(x), t2n(dh_n), t2n(h0), t2n(c0))
    close(dx, x.grad, GRADS_ATOL)
    close(dh0, h0.grad, GRADS_ATOL)
    close(dc0, c0.grad, GRADS_ATOL)


def test_bilstm_without_bias_matches_torch():
    mod = torch_module("lstm", 3, 4, 0, bias=False, bidirectional=True)
    ours = BiLSTM.from_params(mod.state_dict())
    x = data(0, 5, 3)
    close(ours.run(t2n(x)).h, mod(x)[0], VALUES_ATOL)
    assert len(ours.params()) == 4


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("X,H", [(1, 1), (3, 5), (100, 256), (7, 2)])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("num_layers", [1, 2])
def test_param_count_matches_numel(kind, X, H, bias, bidirectional, num_layers):
    mod = TORCH[kind](X, H, num_layers=num_layers, bias=bias, bidirectional=bidirectional)
    expected = sum(p.numel() for p in mod.parameters())
    assert param_count(kind, input_size=X, hidden_size=H, bias=bias,
                       bidirectional=bidirectional, num_layers=num_layers) == expected
    if num_layers == 1 and not bidirectional:  # and our models hold exactly that many numbers
        m = OURS[kind].init(X, H, bias=bias)
        assert sum(p.size for p in m.params().values()) == expected
