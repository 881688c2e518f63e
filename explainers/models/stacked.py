"""Stacked (multi-layer), optionally bidirectional RNN, LSTM and GRU layers with dropout between them,
exactly as torch.nn.RNN / nn.LSTM / nn.GRU compute them with num_layers, bidirectional and dropout.

Papers:
- Graves, Mohamed & Hinton 2013, "Speech recognition with deep recurrent neural networks": stack
  recurrent layers, each reading the whole output sequence of the layer below (both of its directions,
  when bidirectional), so that higher layers build on the features of lower ones.
- Zaremba, Sutskever & Vinyals 2014, "Recurrent neural network regularization": dropout on the
  non-recurrent connections only, between layers, never on h_prev -> h_t, so that it does not erase
  the memory carried across time.

PyTorch's `dropout` is that: it "introduces a Dropout layer on the outputs of each LSTM layer except
the last layer, with dropout probability equal to dropout" (nn.LSTM's documentation), in training only
(module.train(); module.eval() turns it off). The dropout is inverted: kept units are scaled by
1/(1-p), so evaluation needs no rescaling.

    x^(0) = x                                                   (T, X)
    y^(k) = [h^(k, fwd), h^(k, rev)], layer k run over x^(k)      (T, D*H)
    x^(k+1) = m^(k) * y^(k) in training, y^(k) in evaluation      m^(k) (T, D*H): entries 0 or 1/(1-p)
    output = y^(L-1)                                              no dropout after the last layer
    h_n[k*D + d] = layer k, direction d's last state: at t = T forwards, at t = 1 in reverse

Each layer and direction is one RNN, LSTM or GRU of this package, with its own run and backward; this
module only wires them together. Parameters keep PyTorch's names: weight_ih_l{k}, weight_hh_l{k},
bias_ih_l{k}, bias_hh_l{k}, and the same with the suffix _reverse for the backward direction.
"""
from dataclasses import dataclass

import numpy as np

from ._base import Grads, check_shape, check_state, check_x
from ._stacking import (SUFFIXES, Layout, check_dropout, check_layers, dropout_masks, layer_class,
                        layers_from_params)
from .lstm import LSTM


def timewise(a, d):
    """a (T, ...) in the order direction d reads it: the reverse direction (d = 1) reads x_T .. x_1."""
    return a[::-1] if d else a


@dataclass
class StackedTrace:
    """A run of a Stacked model. output: (T, [B,] D*H) the last layer's h_t at every step, [forward,
    reverse]; h_n, c_n: (L*D, [B,] H) each layer and direction's last state, PyTorch's order (layer-major,
    forward then reverse; c_n None unless LSTM); layers[k][d]: layer k, direction d's Trace, time first,
    in the input's order; masks[k]: the dropout multiplier on layer k's output (output's shape), none
    when no dropout ran. With batch_first, output and masks are (B, T, ...) like x."""

    output: np.ndarray
    h_n: np.ndarray
    c_n: np.ndarray | None
    layers: list
    masks: list


class Stacked:
    """num_layers layers of one kind, each of one or two directions. Build with Stacked.init or
    Stacked.from_params. States h0, c0 have PyTorch's shape (num_layers * num_directions, [B,] H)."""

    def __init__(self, layers, dropout=0.0, batch_first=False):
        """layers[k]: layer k's one-layer models, [forward] or [forward, reverse]."""
        self.layers = [list(directions) for directions in layers]
        self.dropout = check_dropout(dropout)
        self.batch_first = bool(batch_first)
        check_layers(self.layers)

    @classmethod
    def init(cls, kind, input_size, hidden_size, num_layers=2, bidirectional=False, dropout=0.0,
             batch_first=False, seed=0, bias=True, forget_bias=None):
        """Random weights as PyTorch draws them: each parameter uniform(-1/sqrt(H), 1/sqrt(H)), in PyTorch's
        order, from one default_rng(seed). LSTM only: forget_bias (default 1.0, as LSTM.init; 0 gives
        PyTorch's plain init) is added to the f block of every bias_ih."""
        Layer = layer_class(kind)
        if not isinstance(num_layers, (int, np.integer)) or num_layers < 1:
            raise ValueError(f"num_layers must be a positive integer, got {num_layers!r}")
        if forget_bias is not None and Layer is not LSTM:
            raise ValueError(f"the {Layer.kind} has no forget gate: forget_bias is for the LSTM")
        rng, D, H = np.random.default_rng(seed), 2 if bidirectional else 1, hidden_size
        layers = [[Layer._init(rng, input_size if k == 0 else D * H, H, bias) for _ in range(D)]
                  for k in range(num_layers)]
        if Layer is LSTM and bias:
            for m in (m for directions in layers for m in directions):
                m.bias_ih[H:2 * H] += 1.0 if forget_bias is None else forget_bias
        return cls(layers, dropout, batch_first)

    @classmethod
    def from_params(cls, kind, params, dropout=0.0, batch_first=False):
        """From a dict name -> array (copied) with PyTorch's names, as params() or a torch module's
        state_dict() has them; num_layers and bidirectional are read off the names."""
        return cls(layers_from_params(layer_class(kind), params), dropout, batch_first)

    kind = property(lambda self: self.layers[0][0].kind)
    num_layers = property(lambda self: len(self.layers))
    num_directions = property(lambda self: len(self.layers[0]))
    bidirectional = property(lambda self: self.num_directions == 2)
    input_size = property(lambda self: self.layers[0][0].input_size)
    hidden_size = property(lambda self: self.layers[0][0].hidden_size)
    bias = property(lambda self: self.layers[0][0].bias)
    has_cell = property(lambda self: self.layers[0][0].has_cell)

    def __repr__(self):
        return (f"Stacked({self.kind.lower()!r}, input_size={self.input_size}, "
                f"hidden_size={self.hidden_size}, num_layers={self.num_layers}, "
                f"bidirectional={self.bidirectional}, bias={self.bias}, dropout={self.dropout:g}, "
                f"batch_first={self.batch_first})")

    def params(self):
        """name -> array in PyTorch's names and order (layer-major, forward then reverse).
        The model's own arrays: updating them in place updates it."""
        return {f"{n}_l{k}{SUFFIXES[d]}": v for k, directions in enumerate(self.layers)
                for d, m in enumerate(directions) for n, v in m.params().items()}

    # --- checks: inside, every sequence is time first and batched, (T, B, ...) -----------------------

    def _check_x(self, x):
        """x as (T, B, X), and the caller's Layout; with batch_first a batch is (B, T, X)."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim not in (2, 3):
            batch = "(B, T, {})" if self.batch_first else "(T, B, {})"
            raise ValueError(f"x has shape {x.shape}; the stacked {self.kind} expects (T, {self.input_size}) "
                             f"or batched {batch.format(self.input_size)}")
        xs, batched = check_x(x.swapaxes(0, 1) if self.batch_first and x.ndim == 3 else x,
                              self.input_size, f"stacked {self.kind}")
        return xs, Layout(batched, self.batch_first)

    def _check_states(self, h, c, B, batched, names=("h0", "c0")):
        """States (or their gradients) as (L*D, B, H): zeros when None; c is None unless LSTM."""
        LD, H = self.num_layers * self.num_directions, self.hidden_size
        if not self.has_cell and c is not None:
            raise ValueError(f"the {self.kind} has no cell state: {names[1]} must be None")
        try:
            h = check_state(names[0], h, H, B, batched, lead=(LD,))
            c = check_state(names[1], c, H, B, batched, lead=(LD,)) if self.has_cell else None
        except ValueError as e:
            raise ValueError(f"{e}: (num_layers * num_directions, {'B, ' if batched else ''}hidden_size), "
                             "as in PyTorch") from None
        return h, c

    # --- forwards and backwards ----------------------------------------------------------------------

    def run(self, x, h0=None, c0=None, train=False, masks=None, rng=None):
        """Run over x (T, X) or batched (T, B, X) ((B, T, X) with batch_first) from h0, c0 (L*D, [B,] H)
        (zeros if None; c0 for the LSTM only). train=False is module.eval(): no dropout. train=True is
        module.train(): after every layer but the last, its output is multiplied by masks[k] (output's
        shape, 0 or 1/(1-p)), or by masks drawn from rng (a numpy Generator). Returns a StackedTrace."""
        xs, out = self._check_x(x)
        (T, B, _), D, H = xs.shape, self.num_directions, self.hidden_size
        h0, c0 = self._check_states(h0, c0, B, out.batched)
        masks = [out.inner(m) for m in
                 dropout_masks(self.dropout, self.num_layers, train, masks, rng, out.shape(T, B, D * H))]
        y, layers = xs, []
        for k in range(self.num_layers):
            layers.append([self._run_direction(k, d, y, h0, c0) for d in range(D)])
            y = np.concatenate([tr.h for tr in layers[k]], -1)  # (T, B, D*H) this layer's output
            if k < len(masks):
                y = y * masks[k]                                 # what the next layer reads
        ends = [(d, tr) for trs in layers for d, tr in enumerate(trs)]  # PyTorch's order of h_n
        h_n = np.stack([timewise(tr.h, d)[-1] for d, tr in ends])       # (L*D, B, H)
        c_n = np.stack([timewise(tr.c, d)[-1] for d, tr in ends]) if self.has_cell else None
        return StackedTrace(out.outer(y), out.state(h_n), out.state(c_n),
                            [[tr if out.batched else tr._unbatched() for tr in trs] for trs in layers],
                            [out.outer(m) for m in masks])

    def _run_direction(self, k, d, x, h0, c0):
        """Layer k, direction d over x (T, B, X); its Trace in the input's time order."""
        i = k * self.num_directions + d
        tr = self.layers[k][d].run(timewise(x, d), h0[i], None if c0 is None else c0[i])
        return tr._flipped() if d else tr

    def backward(self, x, doutput, dh_n=None, dc_n=None, h0=None, c0=None, trace=None):
        """Gradients of a loss L with dL/doutput = doutput (output's shape) and dL/dh_n, dL/dc_n
        (L*D, [B,] H; zeros if None), through every layer, direction and dropout mask.
        trace=run(..., train=True) gives a training step's gradients (its states and masks count, not
        h0, c0); without a trace the forward pass is run without dropout.
        Returns Grads: x, h0, c0 (L*D, [B,] H) and params under PyTorch's names, summed over a batch."""
        xs, out = self._check_x(x)
        (T, B, _), F = xs.shape, self.num_directions * self.hidden_size
        dy = out.inner(check_shape("doutput", doutput, out.shape(T, B, F)))
        dh_n, dc_n = self._check_states(dh_n, dc_n, B, out.batched, names=("dh_n", "dc_n"))
        if trace is None:
            trace = self.run(x, h0, c0)
        elif np.shape(trace.output) != out.shape(T, B, F):
            raise ValueError(f"trace has output of shape {np.shape(trace.output)}: it is not a run of this x")
        layers = [[tr if out.batched else tr._batched() for tr in trs] for trs in trace.layers]
        masks = [out.inner(m) for m in trace.masks] or [1.0] * (self.num_layers - 1)
        inputs = [xs] + [np.concatenate([tr.h for tr in trs], -1) * m for trs, m in zip(layers, masks)]
        gs = {}  # (layer k, direction d) -> Grads
        for k in reversed(range(self.num_layers)):
            for d, tr in enumerate(layers[k]):
                gs[k, d] = self._back_direction(k, d, inputs[k], dy, dh_n, dc_n, tr)
            dx = sum(gs[k, d].x for d in range(self.num_directions))  # (T, B, X) both directions read x
            if k:
                dy = dx * masks[k - 1]  # back through the dropout between layer k-1 and layer k
        ends = sorted(gs)  # layer-major, forward then reverse: PyTorch's order
        return Grads(out.outer(dx), out.state(np.stack([gs[e].h0 for e in ends])),
                     out.state(np.stack([gs[e].c0 for e in ends])) if self.has_cell else None,
                     {f"{n}_l{k}{SUFFIXES[d]}": v for k, d in ends for n, v in gs[k, d].params.items()})

    def _back_direction(self, k, d, x, dy, dh_n, dc_n, tr):
        """Layer k, direction d backwards from dL/d(layer output) dy (T, B, D*H) and its share of dL/dh_n,
        dL/dc_n; its Grads with x in the input's time order."""
        i, H = k * self.num_directions + d, self.hidden_size
        dh = dy[..., d * H:(d + 1) * H].copy()  # (T, B, H) this direction's half of the layer's output
        dh[-1 if d == 0 else 0] += dh_n[i]       # its h_n is the last step it reads
        g = self.layers[k][d].backward(timewise(x, d), timewise(dh, d), trace=tr._flipped() if d else tr,
                                       dc_T=None if dc_n is None else dc_n[i])
        g.x = timewise(g.x, d)
        return g
