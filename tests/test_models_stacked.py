"""Stacked, bidirectional layers with dropout between them against PyTorch itself (CPU, float64).

Weights are copied from a torch module's state_dict, so "equal" means: Stacked computes exactly what
nn.RNN / nn.LSTM / nn.GRU compute with num_layers and bidirectional, within the tolerances of
test_models_parity (which the pages quote). PyTorch's own dropout masks cannot be read, so training is
checked against one-layer torch modules, each holding a copy of one layer's weights, with the same masks
multiplied between them.
"""
import ast
import re
from pathlib import Path

import numpy as np
import pytest
import torch

from explainers.models import Stacked, param_count
from test_models_parity import GRADS_ATOL, KINDS, TORCH, VALUES_ATOL, close, data, state, t2n

ROOT = Path(__file__).resolve().parent.parent
X, H, T, B = 3, 4, 5, 2  # small sizes: every case runs in milliseconds


def torch_stack(kind, L, bidirectional, seed, **kw):
    """A float64 torch module with weights wider than its default init, so the gates saturate sometimes."""
    torch.manual_seed(seed)
    mod = TORCH[kind](X, H, num_layers=L, bidirectional=bidirectional, dtype=torch.float64, **kw)
    with torch.no_grad():
        for p in mod.parameters():
            p.uniform_(-0.9, 0.9)
    return mod


def unpack(kind, result):
    """(output, h_n, c_n) from what a torch module returns; c_n None unless LSTM."""
    out, st = result
    return (out, *st) if kind == "lstm" else (out, st, None)


def backprop(tensors, seed):
    """Backpropagate L = sum of (w * t) over the tensors t (None skipped) with random w; returns the w."""
    ws = [None if t is None else data(seed + i, *t.shape) for i, t in enumerate(tensors)]
    sum((t * w).sum() for t, w in zip(tensors, ws) if t is not None).backward()
    return [None if w is None else t2n(w) for w in ws]


def leaves(seed, L, D, batch):
    """x, h0, c0 as torch leaves that collect gradients; h0 and c0 have PyTorch's (L*D, [B,] H)."""
    shape = () if batch is None else (batch,)
    return [v.requires_grad_() for v in (data(seed, T, *shape, X), data(seed + 1, L * D, *shape, H),
                                         data(seed + 2, L * D, *shape, H))]


def numpy_or_none(v):
    return None if v is None else t2n(v)


def check_grads(kind, g, x, h0, c0, named):
    """Our Grads against torch's .grad of x, h0, c0 and of every parameter (named: PyTorch name -> grad)."""
    close(g.x, x.grad, GRADS_ATOL)
    close(g.h0, h0.grad, GRADS_ATOL)
    if kind == "lstm":
        close(g.c0, c0.grad, GRADS_ATOL)
    else:
        assert g.c0 is None
    assert list(g.params) == list(named)  # PyTorch's names, in PyTorch's order
    for k, grad in named.items():
        close(g.params[k], grad, GRADS_ATOL)


# --- equal to nn.RNN / nn.LSTM / nn.GRU(num_layers, bidirectional) ---------------------------------

@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("L", [1, 2, 3])
@pytest.mark.parametrize("batch", [None, B])
@pytest.mark.parametrize("given_state", [True, False])
def test_values_and_gradients_match_torch(kind, bidirectional, L, batch, given_state):
    """output, h_n, c_n, and the gradients of a loss on all three w.r.t. x, h0, c0 and every parameter.
    Without a given state ours starts from its default and torch from explicit zeros, PyTorch's default."""
    seed, D = 10 * L + bidirectional, 2 if bidirectional else 1
    mod = torch_stack(kind, L, bidirectional, seed)
    ours = Stacked.from_params(kind, mod.state_dict())
    assert (ours.num_layers, ours.bidirectional) == (L, bidirectional)
    x, h0, c0 = leaves(seed, L, D, batch)
    if not given_state:
        with torch.no_grad():
            for v in (h0, c0):
                v.zero_()
    out, h_n, c_n = unpack(kind, mod(x, state(kind, h0, c0)))
    w_out, w_h, w_c = backprop((out, h_n, c_n), seed + 3)
    start = (t2n(h0), t2n(c0) if kind == "lstm" else None) if given_state else (None, None)
    tr = ours.run(t2n(x), *start)
    close(tr.output, out, VALUES_ATOL)
    close(tr.h_n, h_n, VALUES_ATOL)
    if kind == "lstm":
        close(tr.c_n, c_n, VALUES_ATOL)
    else:
        assert tr.c_n is None
    g = ours.backward(t2n(x), w_out, w_h, w_c, trace=tr)
    check_grads(kind, g, x, h0, c0, {k: p.grad for k, p in mod.named_parameters()})
    again = ours.backward(t2n(x), w_out, w_h, w_c, *start)  # without the trace: it runs the forward pass
    for k in g.params:
        close(again.params[k], g.params[k], 0)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("bidirectional", [False, True])
def test_batch_first_matches_torch(kind, bidirectional):
    seed, L, D = 3, 2, 2 if bidirectional else 1
    mod = torch_stack(kind, L, bidirectional, seed, batch_first=True)
    ours = Stacked.from_params(kind, mod.state_dict(), batch_first=True)
    x = data(seed, B, T, X).requires_grad_()  # (B, T, X)
    out, h_n, c_n = unpack(kind, mod(x))
    w_out, w_h, w_c = backprop((out, h_n, c_n), seed + 3)
    tr = ours.run(t2n(x))
    assert tr.output.shape == (B, T, D * H) and tr.h_n.shape == (L * D, B, H)  # h_n is never batch first
    close(tr.output, out, VALUES_ATOL)
    close(tr.h_n, h_n, VALUES_ATOL)
    g = ours.backward(t2n(x), w_out, w_h, w_c, trace=tr)
    close(g.x, x.grad, GRADS_ATOL)
    for k, p in mod.named_parameters():
        close(g.params[k], p.grad, GRADS_ATOL)


def test_without_bias_matches_torch():
    mod = torch_stack("lstm", 2, True, 5, bias=False)
    ours = Stacked.from_params("lstm", mod.state_dict())
    assert not ours.bias and len(ours.params()) == 8
    x = data(5, T, X)
    close(ours.run(t2n(x)).output, mod(x)[0], VALUES_ATOL)


# --- dropout between layers ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_dropout_in_evaluation_is_off_as_in_torch_eval(kind):
    mod = torch_stack(kind, 3, True, 11, dropout=0.1).eval()
    ours = Stacked.from_params(kind, mod.state_dict(), dropout=0.1)
    x = data(11, T, B, X)
    out, h_n, _ = unpack(kind, mod(x))
    tr = ours.run(t2n(x))  # train=False
    assert tr.masks == []
    close(tr.output, out, VALUES_ATOL)
    close(tr.h_n, h_n, VALUES_ATOL)
    torch.manual_seed(0)  # and in training torch's output differs, so the equality above says something
    assert not torch.allclose(mod.train()(x)[0], out)


def torch_one_layer_stack(kind, mod, L, bidirectional, x, h0, c0, masks, batch_first):
    """What `mod` computes in training, with dropout masks that we know: one one-layer torch module per
    layer, holding a copy of that layer's weights, and masks[k] multiplied into layer k's output.
    Returns (output, h_n, c_n, {mod's parameter name: its gradient's tensor}) before backward()."""
    D, inp, hs, cs, params = 2 if bidirectional else 1, x, [], [], {}
    for k in range(L):
        one = TORCH[kind](inp.shape[-1], H, bidirectional=bidirectional, batch_first=batch_first,
                          dtype=torch.float64)
        one.load_state_dict({re.sub(rf"_l{k}(?=_reverse$|$)", "_l0", n): p
                             for n, p in mod.state_dict().items() if re.search(rf"_l{k}(_reverse)?$", n)})
        params.update({n.replace("_l0", f"_l{k}"): p for n, p in one.named_parameters()})
        out, h_n, c_n = unpack(kind, one(inp, state(kind, h0[k * D:(k + 1) * D], c0[k * D:(k + 1) * D])))
        hs.append(h_n), cs.append(c_n)
        inp = out * torch.from_numpy(masks[k]) if k < L - 1 else out
    return inp, torch.cat(hs), None if kind != "lstm" else torch.cat(cs), params


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("layout", ["unbatched", "batched", "batch_first"])
def test_training_with_given_masks_matches_torch_layers_with_those_masks(kind, bidirectional, layout):
    seed, L, D, p = 21, 3, 2 if bidirectional else 1, 0.5
    batch_first = layout == "batch_first"
    mod = torch_stack(kind, L, bidirectional, seed, dropout=p, batch_first=batch_first)
    ours = Stacked.from_params(kind, mod.state_dict(), dropout=p, batch_first=batch_first)
    x, h0, c0 = leaves(seed, L, D, None if layout == "unbatched" else B)
    if batch_first:
        x = x.detach().transpose(0, 1).contiguous().requires_grad_()  # (B, T, X)
    shape = (*x.shape[:-1], D * H)
    masks = [(np.random.default_rng(seed + k).random(shape) < 1 - p) / (1 - p) for k in range(L - 1)]

    # the composition is the module itself: with masks of ones it equals mod without dropout
    with torch.no_grad():
        ones = [np.ones(shape)] * (L - 1)
        close(t2n(torch_one_layer_stack(kind, mod, L, bidirectional, x, h0, c0, ones, batch_first)[0]),
              mod.eval()(x, state(kind, h0, c0))[0], VALUES_ATOL)

    out, h_n, c_n, params = torch_one_layer_stack(kind, mod, L, bidirectional, x, h0, c0, masks, batch_first)
    w_out, w_h, w_c = backprop((out, h_n, c_n), seed + 3)
    tr = ours.run(t2n(x), t2n(h0), t2n(c0) if kind == "lstm" else None, train=True, masks=masks)
    assert all(np.array_equal(a, b) for a, b in zip(tr.masks, masks)) and len(tr.masks) == L - 1
    close(tr.output, out, VALUES_ATOL)
    close(tr.h_n, h_n, VALUES_ATOL)
    if kind == "lstm":
        close(tr.c_n, c_n, VALUES_ATOL)
    g = ours.backward(t2n(x), w_out, w_h, w_c, trace=tr)
    check_grads(kind, g, x, h0, c0, {k: params[k].grad for k in ours.params()})


def test_masks_drawn_from_rng_keep_about_1_minus_p_scaled():
    p = 0.3
    m = Stacked.init("gru", X, H, num_layers=3, bidirectional=True, dropout=p, seed=1)
    x = np.random.default_rng(0).normal(size=(40, 25, X))
    tr = m.run(x, train=True, rng=np.random.default_rng(1))
    assert len(tr.masks) == 2
    for mask in tr.masks:
        assert mask.shape == tr.output.shape == (40, 25, 2 * H)
        assert set(np.unique(mask)) == {0.0, 1 / (1 - p)}
        assert abs((mask > 0).mean() - (1 - p)) < 0.02  # 8000 units: the standard error is 0.005
    assert not np.array_equal(tr.masks[0], tr.masks[1])  # each boundary draws its own
    again = m.run(x, train=True, masks=tr.masks)  # the recorded masks are the ones that were applied
    np.testing.assert_array_equal(again.output, tr.output)
    assert not np.allclose(m.run(x).output, tr.output)
    same_seed = m.run(x, train=True, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(same_seed.output, tr.output)


@pytest.mark.parametrize("L,p,train", [(3, 0.0, True), (3, 0.4, False), (1, 0.4, True)])
def test_no_dropout_draws_no_mask(L, p, train):
    """p = 0, evaluation, or one layer (no boundary between layers): no mask, the rng is not touched."""
    m = Stacked.init("lstm", X, H, num_layers=L, dropout=p, seed=2)
    x = np.random.default_rng(0).normal(size=(T, B, X))
    rng = np.random.default_rng(5)
    tr = m.run(x, train=train, rng=rng)
    assert tr.masks == []
    assert rng.random() == np.random.default_rng(5).random()
    np.testing.assert_array_equal(tr.output, m.run(x).output)


# --- construction ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("L", [1, 2, 3])
@pytest.mark.parametrize("bias", [True, False])
def test_init_holds_param_count_numbers_under_torchs_names_and_shapes(kind, bidirectional, L, bias):
    m = Stacked.init(kind, 5, 6, num_layers=L, bidirectional=bidirectional, bias=bias, seed=2)
    theirs = TORCH[kind](5, 6, num_layers=L, bidirectional=bidirectional, bias=bias).state_dict()
    assert list(m.params()) == list(theirs)
    assert [p.shape for p in m.params().values()] == [tuple(t.shape) for t in theirs.values()]
    assert sum(p.size for p in m.params().values()) == param_count(
        kind, 5, 6, bias=bias, bidirectional=bidirectional, num_layers=L)


def test_init_draws_every_parameter_in_torchs_order_from_one_generator():
    m = Stacked.init("gru", 3, 4, num_layers=2, bidirectional=True, seed=9)
    rng, k = np.random.default_rng(9), 1 / np.sqrt(4)
    for name, p in m.params().items():
        np.testing.assert_array_equal(p, rng.uniform(-k, k, p.shape), err_msg=name)


def test_lstm_init_adds_forget_bias_to_every_bias_ih():
    plain = Stacked.init("lstm", 3, 4, num_layers=2, bidirectional=True, forget_bias=0.0).params()
    for name, p in Stacked.init("lstm", 3, 4, num_layers=2, bidirectional=True).params().items():
        added = np.zeros(p.shape)
        if name.startswith("bias_ih"):
            added[4:8] = 1.0  # rows H:2H, the forget gate's block
        np.testing.assert_allclose(p - plain[name], added, rtol=0, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("kind", KINDS)
def test_from_params_round_trips_params_as_copies(kind):
    m = Stacked.init(kind, X, H, num_layers=3, bidirectional=True, seed=4)
    back = Stacked.from_params(kind, m.params())
    assert list(back.params()) == list(m.params())
    for name, p in back.params().items():
        np.testing.assert_array_equal(p, m.params()[name])
        assert not np.shares_memory(p, m.params()[name])
    x = np.random.default_rng(4).normal(size=(T, X))
    np.testing.assert_array_equal(back.run(x).output, m.run(x).output)
    m.params()["weight_hh_l2_reverse"][...] = 0.0  # params() are the model's own arrays; the copy is not
    assert not np.allclose(back.run(x).output, m.run(x).output)


# --- bad input says what was expected ---------------------------------------------------------------

def bilstm2(**kw):
    return Stacked.init("lstm", X, H, num_layers=2, bidirectional=True, dropout=0.2, **kw)


def params_with(change, drop=()):
    """A 2-layer bidirectional LSTM's params with some arrays replaced (name -> array) or dropped."""
    p = {k: v for k, v in bilstm2().params().items() if k not in drop}
    return {**p, **change}


xs = np.zeros((T, B, X))
BAD = {
    "unknown kind": (lambda: Stacked.init("transformer", X, H),
                     "unknown kind 'transformer'; expected one of rnn, lstm, gru"),
    "dropout 1": (lambda: Stacked.from_params("gru", Stacked.init("gru", X, H).params(), dropout=1.0),
                  "dropout must be a probability in [0, 1), got 1.0"),
    "dropout < 0": (lambda: Stacked.init("rnn", X, H, dropout=-0.1),
                    "dropout must be a probability in [0, 1), got -0.1"),
    "num_layers 0": (lambda: Stacked.init("rnn", X, H, num_layers=0),
                     "num_layers must be a positive integer, got 0"),
    "forget_bias of a GRU": (lambda: Stacked.init("gru", X, H, forget_bias=1.0),
                             "the GRU has no forget gate: forget_bias is for the LSTM"),
    "h0 shape": (lambda: bilstm2().run(xs, h0=np.zeros((2, B, H))),
                 "h0 has shape (2, 2, 4), expected (4, 2, 4): (num_layers * num_directions, B, hidden_size), "
                 "as in PyTorch"),
    "unbatched c0 shape": (lambda: bilstm2().run(xs[:, 0], c0=np.zeros((4, 1, H))),
                           "c0 has shape (4, 1, 4), expected (4, 4): (num_layers * num_directions, "
                           "hidden_size), as in PyTorch"),
    "c0 of a GRU": (lambda: Stacked.init("gru", X, H).run(xs, c0=np.zeros((2, B, H))),
                    "the GRU has no cell state: c0 must be None"),
    "x features": (lambda: bilstm2().run(np.zeros((T, 7))), "x has 7 features, the stacked LSTM expects 3"),
    "x of batch_first": (lambda: bilstm2(batch_first=True).run(np.zeros(T)),
                         "x has shape (5,); the stacked LSTM expects (T, 3) or batched (B, T, 3)"),
    "missing weight": (lambda: Stacked.from_params("lstm", params_with({}, drop=["weight_hh_l1_reverse"])),
                       "missing parameters ['weight_hh_l1_reverse']: a 2-layer bidirectional LSTM with biases "
                       "has weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_ih_l0_reverse, "),
    "unknown name": (lambda: Stacked.from_params("lstm", params_with({"weight_ih_l0_extra": np.zeros(1)})),
                     "unexpected parameters ['weight_ih_l0_extra']; a stacked LSTM has weight_ih_l{k}"),
    "layer 1 too narrow": (lambda: Stacked.from_params("lstm", params_with({"weight_ih_l1": np.zeros((16, 4))})),
                           "weight_ih_l1 has shape (16, 4), expected (16, 8): layer 1 reads layer 0's output, "
                           "2*4 features"),
    "weight_hh of one direction": (
        lambda: Stacked.from_params("lstm", params_with({"weight_hh_l0_reverse": np.zeros((16, 3))})),
        "layer_l0_reverse: weight_hh has shape (16, 3), expected (16, 4)"),
    "mask shape": (lambda: bilstm2().run(xs, train=True, masks=[np.ones((T, B, H))]),
                   "masks[0] has shape (5, 2, 4), expected (5, 2, 8)"),
    "mask count": (lambda: bilstm2().run(xs, train=True, masks=[np.ones((T, B, 2 * H))] * 2),
                   "masks has 2 arrays, expected 1: one for each boundary between 2 layers, of shape (5, 2, 8)"),
    "masks in evaluation": (lambda: bilstm2().run(xs, masks=[np.ones((T, B, 2 * H))]),
                            "masks are for training with dropout > 0: train=False applies no dropout"),
    "training without rng": (lambda: bilstm2().run(xs, train=True),
                             "train=True with dropout=0.2 draws dropout masks: pass rng=np.random.default_rng(seed), "
                             "or masks"),
    "doutput shape": (lambda: bilstm2().backward(xs, np.zeros((T, B, H))),
                      "doutput has shape (5, 2, 4), expected (5, 2, 8)"),
    "dc_n of an RNN": (lambda: Stacked.init("rnn", X, H).backward(xs, np.zeros((T, B, H)), dc_n=np.zeros((2, B, H))),
                       "the RNN has no cell state: dc_n must be None"),
    "trace of another x": (lambda: bilstm2().backward(xs[:3], np.zeros((3, B, 2 * H)), trace=bilstm2().run(xs)),
                           "trace has output of shape (5, 2, 8): it is not a run of this x"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_raises_a_message_naming_what_was_expected(case):
    make, message = BAD[case]
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        make()


# --- the page's shapes are computed -----------------------------------------------------------------

SECTION = "## `nn.LSTM`'s arguments and shapes"
CLAIM_RE = re.compile(r"^(?P<expr>\S.*?)\s+#\s*(?P<value>\([\d, ]+\)|\d+)", re.M)  # `expr   # (8, 35, 40) ...`


def page_section():
    """The PyTorch snippet and the first pycell of the in-practice page's section on shapes."""
    text = (ROOT / "docs" / "in-practice.md").read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return (re.search(r"```python\n(.*?)```", section, re.S)[1], re.search(r"```pycell\n(.*?)```", section, re.S)[1])


def snippet_claims():
    claims = [(m["expr"], ast.literal_eval(m["value"])) for m in CLAIM_RE.finditer(page_section()[0])]
    assert [e for e, _ in claims][:3] == ["output.shape", "h_n.shape", "c_n.shape"], claims
    return claims


def test_page_snippet_comments_are_torchs_shapes_and_count():
    names = {}
    exec(page_section()[0], names)  # the shown PyTorch code, run with torch
    for expr, value in snippet_claims():
        assert eval(expr, names) == value, expr


def test_page_cell_prints_the_snippets_shapes_and_count(capsys):
    exec(page_section()[1], {})  # the cell, as the build and the browser run it
    printed = capsys.readouterr().out
    for expr, value in snippet_claims():
        label = expr.removesuffix(".shape") if expr.endswith(".shape") else "parameters"
        assert f"{label}: {value}" in printed, (expr, printed)
