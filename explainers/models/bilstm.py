"""The bidirectional LSTM, exactly as torch.nn.LSTM(bidirectional=True) computes it (one layer).

Papers: Schuster & Paliwal 1997, "Bidirectional recurrent neural networks": one network reads the
sequence forwards, another backwards, and each step's output joins both, so it sees the whole
sequence; Graves & Schmidhuber 2005, "Framewise phoneme classification with bidirectional LSTM and
other neural network architectures": the same with LSTM cells.

    h_t = [h_t(fwd), h_t(bwd)]    (2H,)    h(fwd) reads x_1 .. x_t, h(bwd) reads x_T .. x_t

Parameters keep PyTorch's state_dict names: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 for
the forward direction and the same with the suffix _reverse for the backward one.
"""
import numpy as np

from ._base import Grads, check_shape, check_state, check_x
from .lstm import LSTM


class BiTrace:
    """A BiLSTM run. h: (T, 2H) [forward, backward] at each step (batched: (T, B, 2H));
    fwd, bwd: each direction's Trace, both in the input's time order (bwd.h[t] has read x[t:])."""

    def __init__(self, fwd, bwd):
        self.fwd, self.bwd = fwd, bwd
        self.h = np.concatenate([fwd.h, bwd.h], -1)

    @property
    def h_n(self):
        """(2, H) each direction's final state, like PyTorch's h_n: forward after x[-1], backward after x[0]
        (batched: (2, B, H))."""
        return np.stack([self.fwd.h[-1], self.bwd.h[0]])


class BiLSTM:
    """Two LSTMs, `fwd` and `bwd`. Build with BiLSTM.from_arrays(fwd=(...), bwd=(...)), from_params or init.
    States h0, c0 have PyTorch's shape (2, H) (or (2, B, H)): index 0 forward, 1 backward."""

    kind = "BiLSTM"

    def __init__(self, fwd, bwd):
        if (fwd.input_size, fwd.hidden_size, fwd.bias) != (bwd.input_size, bwd.hidden_size, bwd.bias):
            raise ValueError(f"the two directions differ: forward {fwd!r}, backward {bwd!r}")
        self.fwd, self.bwd = fwd, bwd

    @classmethod
    def from_arrays(cls, fwd, bwd):
        """fwd, bwd: each (weight_ih, weight_hh[, bias_ih, bias_hh]) in PyTorch's LSTM layout."""
        return cls(LSTM.from_arrays(*fwd), LSTM.from_arrays(*bwd))

    @classmethod
    def from_params(cls, params):
        """From a dict with PyTorch's names, as params() gives or nn.LSTM(bidirectional=True).state_dict()."""
        rev = {k.removesuffix("_reverse"): v for k, v in params.items() if k.endswith("_reverse")}
        fwd = {k: v for k, v in params.items() if not k.endswith("_reverse")}
        if not all(k.endswith("_l0") for k in (*fwd, *rev)):
            raise ValueError(f"parameters {sorted(params)} are not one bidirectional layer; expected "
                             "weight_ih_l0, weight_hh_l0[, bias_ih_l0, bias_hh_l0] and each with _reverse")
        return cls(LSTM.from_params(fwd), LSTM.from_params(rev))

    @classmethod
    def init(cls, input_size, hidden_size, seed=0, forget_bias=1.0, bias=True):
        """Like LSTM.init for both directions, drawn from one default_rng(seed) in PyTorch's order
        (forward first); forget_bias is added to the f block of both bias_ih."""
        rng = np.random.default_rng(seed)
        fwd, bwd = (LSTM._init(rng, input_size, hidden_size, bias) for _ in range(2))
        for m in (fwd, bwd):
            if bias:
                m.bias_ih[hidden_size:2 * hidden_size] += forget_bias
        return cls(fwd, bwd)

    input_size = property(lambda self: self.fwd.input_size)
    hidden_size = property(lambda self: self.fwd.hidden_size)
    bias = property(lambda self: self.fwd.bias)

    def __repr__(self):
        return f"BiLSTM(input_size={self.input_size}, hidden_size={self.hidden_size}, bias={self.bias})"

    def params(self):
        """name -> array with PyTorch's names (weight_ih_l0, ..., weight_ih_l0_reverse, ...).
        The model's own arrays: updating them in place updates it."""
        return {**{f"{k}_l0": v for k, v in self.fwd.params().items()},
                **{f"{k}_l0_reverse": v for k, v in self.bwd.params().items()}}

    def _check(self, x, h0, c0):
        """x as given and both states as (2, H) or (2, B, H), checked against this BiLSTM."""
        xs, batched = check_x(x, self.input_size, self.kind)
        H, B = self.hidden_size, xs.shape[1]
        h0, c0 = (check_state(n, v, H, B, batched, lead=(2,)) for n, v in (("h0", h0), ("c0", c0)))
        if not batched:  # back to (2, H): each direction gets an unbatched state
            h0, c0 = h0[:, 0], c0[:, 0]
        return np.asarray(x, dtype=np.float64), batched, h0, c0

    def run(self, x, h0=None, c0=None, force=None):
        """Run both directions over x (T, X) or (T, B, X); force pins gates in both. Returns a BiTrace."""
        x, _, h0, c0 = self._check(x, h0, c0)
        fwd = self.fwd.run(x, h0[0], c0[0], force)
        bwd = self.bwd.run(x[::-1], h0[1], c0[1], force)._flipped()
        return BiTrace(fwd, bwd)

    def backward(self, x, dh, h0=None, c0=None, force=None, trace=None):
        """BPTT of a loss with dL/dh_t = dh[t], dh (T, 2H) (or (T, B, 2H)); trace=run(...) reuses a run.
        Returns Grads: x (T, X), h0 and c0 (2, H), params under the names of params()."""
        x, batched, h0, c0 = self._check(x, h0, c0)
        H = self.hidden_size
        dh = check_shape("dh", dh, (*x.shape[:-1], 2 * H))
        tf, tb = (None, None) if trace is None else (trace.fwd, trace.bwd._flipped())
        gf = self.fwd.backward(x, dh[..., :H], h0[0], c0[0], force, trace=tf)
        gb = self.bwd.backward(x[::-1], dh[::-1, ..., H:], h0[1], c0[1], force, trace=tb)
        params = {**{f"{k}_l0": v for k, v in gf.params.items()},
                  **{f"{k}_l0_reverse": v for k, v in gb.params.items()}}
        return Grads(gf.x + gb.x[::-1], np.stack([gf.h0, gb.h0]), np.stack([gf.c0, gb.c0]), params)

    def grad_inputs(self, x, dh_n, h0=None, c0=None, force=None):
        """Gradients of L = sum(dh_n * h_n), h_n (2, H) the final states as in BiTrace.h_n (forward at the
        last step, backward at the first): (dL/dx (T, X), dL/dh0 (2, H), dL/dc0 (2, H))."""
        x, batched, _, _ = self._check(x, None, None)
        H = self.hidden_size
        dh_n = check_shape("dh_n", dh_n, (2, x.shape[1], H) if batched else (2, H))
        dh = np.zeros((*x.shape[:-1], 2 * H))
        dh[-1, ..., :H] = dh_n[0]  # the forward direction ends at the last step,
        dh[0, ..., H:] = dh_n[1]   # the backward one at the first
        g = self.backward(x, dh, h0, c0, force)
        return g.x, g.h0, g.c0
