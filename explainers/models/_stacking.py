"""How a stacked model is assembled and what it checks: its layers against each other, PyTorch's
parameter names, the dropout probability and the dropout masks.

Like _base's checks, these exist for the reader who edits a cell: a wrong name or shape fails here
with a message naming the expected one, never later inside a layer.
"""
import re
from dataclasses import dataclass

import numpy as np

from ._base import check_shape
from ._recurrent import NAMES
from .gru import GRU
from .lstm import LSTM
from .rnn import RNN

KINDS = {"rnn": RNN, "lstm": LSTM, "gru": GRU}
SUFFIXES = ("", "_reverse")  # direction d: 0 forward, 1 reverse
NAME_RE = re.compile(r"(weight_ih|weight_hh|bias_ih|bias_hh)_l(0|[1-9][0-9]*)(_reverse)?")


@dataclass(frozen=True)
class Layout:
    """The caller's layout of sequences, and the way to and from the inside one, (T, B, ...):
    unbatched (T, ...), batched (T, B, ...), or (B, T, ...) with batch_first."""

    batched: bool
    batch_first: bool

    def outer(self, a):
        """(T, B, ...) in the caller's layout."""
        if not self.batched:
            return a[:, 0]
        return a.swapaxes(0, 1) if self.batch_first else a

    def inner(self, a):
        """The caller's layout as (T, B, ...)."""
        if not self.batched:
            return a[:, None]
        return a.swapaxes(0, 1) if self.batch_first else a

    def shape(self, T, B, F):
        """The caller's shape of a (T, B, F) array."""
        if not self.batched:
            return (T, F)
        return (B, T, F) if self.batch_first else (T, B, F)

    def state(self, a):
        """A state (L*D, B, H) in the caller's layout, (L*D, H) unbatched (never batch first); None stays."""
        return a if self.batched or a is None else a[:, 0]


def layer_class(kind):
    """The one-layer model of kind "rnn", "lstm" or "gru" (any case)."""
    if str(kind).lower() not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return KINDS[str(kind).lower()]


def check_dropout(p):
    """p as a float in [0, 1): at p = 1 nothing would be kept and 1/(1-p) has no value."""
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating)) or not 0 <= p < 1:
        raise ValueError(f"dropout must be a probability in [0, 1), got {p!r}")
    return float(p)


def check_layers(layers):
    """layers[k][d] all of one kind, hidden size and bias, one or two directions in every layer, and
    each layer above the first reading the D*H features of the layer below."""
    if not layers or len(layers[0]) not in (1, 2):
        raise ValueError("a stacked model needs at least one layer of one or two directions")
    first, D = layers[0][0], len(layers[0])
    G, H = first.blocks, first.hidden_size
    for k, directions in enumerate(layers):
        if len(directions) != D:
            raise ValueError(f"layer {k} has {len(directions)} directions, layer 0 has {D}")
        X = first.input_size if k == 0 else D * H
        for d, m in enumerate(directions):
            at = f"_l{k}{SUFFIXES[d]}"
            if type(m) is not type(first):
                raise ValueError(f"layer{at} is a {m.kind}, layer_l0 a {first.kind}: one kind for all")
            if m.hidden_size != H:
                raise ValueError(f"weight_hh{at} has shape {m.weight_hh.shape}, expected {(G * H, H)}")
            if m.input_size != X:
                reads = f": layer {k} reads layer {k - 1}'s output, {D}*{H} features" if k else ""
                raise ValueError(f"weight_ih{at} has shape {m.weight_ih.shape}, expected {(G * H, X)}{reads}")
            if m.bias != first.bias:
                raise ValueError(f"layer{at} {'has' if m.bias else 'lacks'} biases, layer_l0 does not: "
                                 "every layer has both biases, or none (bias=False)")


def layers_from_params(Layer, params):
    """layers[k][d] built from PyTorch's names (weight_ih_l0, ..., bias_hh_l2_reverse); the number of
    layers, of directions and whether there are biases are read off the names."""
    parsed = {name: NAME_RE.fullmatch(name) for name in params}
    unknown = sorted(name for name, m in parsed.items() if m is None)
    if unknown or not params:
        raise ValueError(f"unexpected parameters {unknown}; a stacked {Layer.kind} has weight_ih_l{{k}}, "
                         "weight_hh_l{k} and optionally bias_ih_l{k}, bias_hh_l{k}, each also _reverse")
    L = 1 + max(int(m[2]) for m in parsed.values())
    suffixes = SUFFIXES if any(m[3] for m in parsed.values()) else SUFFIXES[:1]
    names = NAMES if any(m[1].startswith("bias") for m in parsed.values()) else NAMES[:2]
    expected = [f"{n}_l{k}{s}" for k in range(L) for s in suffixes for n in names]
    missing = [name for name in expected if name not in params]
    if missing:
        raise ValueError(f"missing parameters {missing}: a {L}-layer "
                         f"{'bidirectional ' if len(suffixes) == 2 else ''}{Layer.kind} "
                         f"{'with' if len(names) == 4 else 'without'} biases has {', '.join(expected)}")
    return [[one_layer(Layer, params, [f"{n}_l{k}{s}" for n in names]) for s in suffixes] for k in range(L)]


def one_layer(Layer, params, names):
    """One layer and direction from params[names], its errors saying which one it is."""
    try:
        return Layer.from_arrays(*(params[n] for n in names))
    except ValueError as e:
        raise ValueError(f"layer{names[0].removeprefix('weight_ih')}: {e}") from None


def dropout_masks(p, num_layers, train, masks, rng, shape):
    """The multipliers on each layer's output but the last's, each of `shape` (output's): the given
    masks, checked, or masks drawn from rng (keep with probability 1-p, scaled 1/(1-p)); none unless
    training with p > 0, as PyTorch applies dropout only in module.train()."""
    n = num_layers - 1
    if not (train and p > 0):
        if masks is not None:
            why = "train=False applies" if not train else "dropout=0 needs"
            raise ValueError(f"masks are for training with dropout > 0: {why} no dropout")
        return []
    if masks is None:
        if n and not isinstance(rng, np.random.Generator):
            raise ValueError(f"train=True with dropout={p:g} draws dropout masks: pass "
                             "rng=np.random.default_rng(seed), or masks")
        return [(rng.random(shape) < 1 - p) / (1 - p) for _ in range(n)]
    if len(masks) != n:
        raise ValueError(f"masks has {len(masks)} arrays, expected {n}: one for each boundary between "
                         f"{num_layers} layers, of shape {shape}")
    return [check_shape(f"masks[{k}]", m, shape) for k, m in enumerate(masks)]
