"""One recurrent layer with PyTorch's parameters, run forwards over a sequence and backwards through time.

Every cell here has the same outer shape: its G gate blocks are affine maps of the input and of the
previous hidden state, PyTorch-style with two biases,

    gi = x_t W_ih^T + b_ih    (G*H,)        gh = h_prev W_hh^T + b_hh    (G*H,)

followed by elementwise nonlinearities. A subclass gives the elementwise part: `_step` (forwards, the
equations of the cell) and `_step_back` (the same, backwards). This class does the rest once: the loop
over time, the batch axis, and the gradients of the affine maps (backpropagation through time,
Werbos 1990, "Backpropagation through time: what it does and how to do it").
"""
import numpy as np

from ._base import Grads, Trace, check_features, check_force, check_shape, check_state, check_x

NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


class Recurrent:
    kind = "RNN"      # the name in messages
    gates = {}        # gate name -> "sigmoid" or "tanh", in PyTorch's row order
    blocks = 1        # G: how many H-row blocks weight_ih has
    has_cell = False  # the LSTM carries a cell state c_t besides h_t

    def __init__(self, weight_ih, weight_hh, bias_ih=None, bias_hh=None):
        """Same as from_arrays."""
        G = self.blocks
        W_ih = np.array(weight_ih, dtype=np.float64)  # a copy: the model owns its arrays
        if W_ih.ndim != 2 or W_ih.shape[0] == 0 or W_ih.shape[0] % G or W_ih.shape[1] == 0:
            rows = f"{G}*hidden_size" if G > 1 else "hidden_size"
            raise ValueError(f"weight_ih has shape {W_ih.shape}; the {self.kind}'s is ({rows}, input_size)")
        H = W_ih.shape[0] // G
        if (bias_ih is None) != (bias_hh is None):
            raise ValueError("give both bias_ih and bias_hh, or neither (like bias=False)")
        self.weight_ih = W_ih                                            # (G*H, X)
        self.weight_hh = check_shape("weight_hh", weight_hh, (G * H, H))  # (G*H, H)
        self.bias_ih = None if bias_ih is None else check_shape("bias_ih", bias_ih, (G * H,))
        self.bias_hh = None if bias_hh is None else check_shape("bias_hh", bias_hh, (G * H,))
        self._no_bias = np.zeros(G * H)  # stands in for both biases when bias=False

    @classmethod
    def from_arrays(cls, weight_ih, weight_hh, bias_ih=None, bias_hh=None):
        """A model from PyTorch-layout arrays (copied): weight_ih (G*H, X), weight_hh (G*H, H),
        bias_ih, bias_hh (G*H,) or both None for no bias (like bias=False)."""
        return cls(weight_ih, weight_hh, bias_ih, bias_hh)

    @classmethod
    def from_params(cls, params):
        """A model from a dict name -> array (copied): the names of params(),
        or a torch state_dict's (weight_ih_l0, ...)."""
        p = {k.removesuffix("_l0"): v for k, v in params.items()}
        unknown = sorted(set(p) - set(NAMES))
        if unknown or "weight_ih" not in p or "weight_hh" not in p:
            raise ValueError(f"parameters {sorted(params)} are not one {cls.kind} layer; expected "
                             f"weight_ih, weight_hh and optionally bias_ih, bias_hh (or their *_l0 names)")
        return cls(p["weight_ih"], p["weight_hh"], p.get("bias_ih"), p.get("bias_hh"))

    @classmethod
    def init(cls, input_size, hidden_size, seed=0, bias=True):
        """Random weights as PyTorch draws them, uniform(-1/sqrt(H), 1/sqrt(H)), from default_rng(seed)."""
        return cls._init(np.random.default_rng(seed), input_size, hidden_size, bias)

    @classmethod
    def _init(cls, rng, input_size, hidden_size, bias):
        for name, n in (("input_size", input_size), ("hidden_size", hidden_size)):
            if not isinstance(n, (int, np.integer)) or n < 1:
                raise ValueError(f"{name} must be a positive integer, got {n!r}")
        k, GH = 1.0 / np.sqrt(hidden_size), cls.blocks * hidden_size
        shapes = [(GH, input_size), (GH, hidden_size)] + ([(GH,), (GH,)] if bias else [])
        return cls(*[rng.uniform(-k, k, size=s) for s in shapes])  # PyTorch's order of parameters

    @property
    def input_size(self):
        return self.weight_ih.shape[1]

    @property
    def hidden_size(self):
        return self.weight_hh.shape[1]

    @property
    def bias(self):
        return self.bias_ih is not None

    def params(self):
        """name -> array, PyTorch's names. The model's own arrays: updating them in place updates it."""
        arrays = (self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        return {k: v for k, v in zip(NAMES, arrays) if v is not None}

    def weights(self):
        """(W_ih, W_hh, b_ih, b_hh), with zero biases when the model has none."""
        b_ih, b_hh = (self.bias_ih, self.bias_hh) if self.bias else (self._no_bias, self._no_bias)
        return self.weight_ih, self.weight_hh, b_ih, b_hh

    def __repr__(self):
        sizes = f"input_size={self.input_size}, hidden_size={self.hidden_size}"
        return f"{type(self).__name__}({sizes}, bias={self.bias})"

    def _check_step(self, x_t, h_prev, c_prev, force):
        """The arguments of step() checked: x_t (X,) or (B, X), states (H,) or (B, H)."""
        x_t = np.asarray(x_t, dtype=np.float64)
        if x_t.ndim not in (1, 2):
            raise ValueError(f"x_t has shape {x_t.shape}; the {self.kind} expects ({self.input_size},) "
                             f"or batched (B, {self.input_size})")
        check_features("x_t", x_t, self.input_size, self.kind)
        x, batched = check_x(x_t[None], self.input_size, self.kind)
        B, H = x.shape[1], self.hidden_size
        h = check_state("h_prev", h_prev, H, B, batched)
        c = check_state("c_prev", c_prev, H, B, batched)
        if not batched:
            h, c = h[0], c[0]
        return x_t, h, c, check_force(force, self.gates, H, self.kind)

    def run(self, x, h0=None, c0=None, force=None):
        """Run over x (T, X) or batched (T, B, X) from h0 (H,) or (B, H) (zeros if None); c0 likewise
        for the LSTM. force pins gates to constants at every step, e.g. {"f": 0.0}. Returns a Trace."""
        x, batched = check_x(x, self.input_size, self.kind)
        T, B, H = x.shape[0], x.shape[1], self.hidden_size
        h0 = check_state("h0", h0, H, B, batched)
        if not self.has_cell and c0 is not None:
            raise ValueError(f"the {self.kind} has no cell state: c0 must be None")
        c0 = check_state("c0", c0, H, B, batched) if self.has_cell else None
        force = check_force(force, self.gates, H, self.kind)
        h, c, hs, cs, gs = h0, c0, [], [], []
        for x_t in x:  # x_t (B, X)
            if self.has_cell:
                h, c, g = self._step(x_t, h, c, force)
                cs.append(c)
            else:
                h, g = self._step(x_t, h, force)
            hs.append(h)
            gs.append(g)
        gates = {k: np.stack([g[k] for g in gs]) for k in self.gates}  # name -> (T, B, H)
        trace = Trace(np.stack(hs), np.stack(cs) if cs else None, gates, h0, c0, force)
        return trace if batched else trace._unbatched()

    def backward(self, x, dh, h0=None, c0=None, force=None, trace=None, dc_T=None):
        """Backpropagation through time of a loss L with dL/dh_t = dh[t] at every step, dh (T, H)
        (or (T, B, H)). Pass trace=run(x, h0, c0, force) to reuse that forward pass (its h0, c0 and force
        then count, not the arguments). A pinned gate is a constant: no gradient flows through it.
        dc_T (H,) or (B, H), LSTM only: dL/dc_T for a loss that also reads the last cell state.
        Returns Grads: dL/dx, dL/dh0, dL/dc0 and dL/d(parameter), summed over a batch."""
        x, batched = check_x(x, self.input_size, self.kind)
        T, B, H = x.shape[0], x.shape[1], self.hidden_size
        dh = check_shape("dh", dh, (T, B, H) if batched else (T, H)).reshape(T, B, H)
        if not self.has_cell and dc_T is not None:
            raise ValueError(f"the {self.kind} has no cell state: dc_T must be None")
        if trace is None:
            trace = self.run(x if batched else x[:, 0], h0, c0, force)
        tr = trace if batched else trace._batched()
        if tr.h.shape != (T, B, H):
            raise ValueError(f"trace has h of shape {trace.h.shape}: it is not a run of this x")
        W_ih, W_hh, _, _ = self.weights()
        grads = {k: np.zeros_like(v) for k, v in self.params().items()}
        dx = np.zeros_like(x)                          # (T, B, X)
        dh_next = np.zeros((B, H))                     # dL/dh_t through the later steps
        dc_next = check_state("dc_T", dc_T, H, B, batched) if self.has_cell else None  # (B, H)
        for t in reversed(range(T)):
            h_prev = tr.h[t - 1] if t else tr.h0       # (B, H)
            c_prev = None if not self.has_cell else tr.c[t - 1] if t else tr.c0
            # the cell's elementwise part, backwards: gradients of the pre-activations gi, gh (B, G*H)
            dgi, dgh, dh_direct, dc_next = self._step_back(t, tr, dh[t] + dh_next, dc_next, h_prev, c_prev)
            dx[t] = dgi @ W_ih                         # (B, X)
            dh_next = dh_direct + dgh @ W_hh           # (B, H)
            grads["weight_ih"] += dgi.T @ x[t]         # (G*H, X), summed over the batch
            grads["weight_hh"] += dgh.T @ h_prev       # (G*H, H)
            if self.bias:
                grads["bias_ih"] += dgi.sum(0)
                grads["bias_hh"] += dgh.sum(0)
        g = Grads(dx, dh_next, dc_next, grads)
        if not batched:
            g.x, g.h0 = g.x[:, 0], g.h0[0]
            g.c0 = None if g.c0 is None else g.c0[0]
        return g

    def grad_inputs(self, x, dh_T, h0=None, c0=None, force=None):
        """Gradients of L = dh_T . h_T (the last hidden state only): (dL/dx (T, X), dL/dh0 (H,)),
        and dL/dc0 (H,) as a third item for the LSTM. Batched x gives batched gradients."""
        xs, batched = check_x(x, self.input_size, self.kind)
        shape = (xs.shape[1], self.hidden_size) if batched else (self.hidden_size,)
        dh = np.zeros((xs.shape[0], *shape))
        dh[-1] = check_shape("dh_T", dh_T, shape)
        g = self.backward(x, dh, h0, c0, force)
        return (g.x, g.h0, g.c0) if self.has_cell else (g.x, g.h0)
