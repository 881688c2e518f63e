"""The LSTM, exactly as torch.nn.LSTM computes it (one layer, no projection), in numpy float64.

Papers:
- Hochreiter & Schmidhuber 1997, "Long short-term memory": the cell c_t, updated additively, with
  input and output gates, so that error can flow back over long time lags.
- Gers, Schmidhuber & Cummins 2000, "Learning to forget: continual prediction with LSTM": the forget
  gate f_t, which lets the cell let go of what it holds. (Their peephole connections are not in
  PyTorch, so not here.)
- Jozefowicz, Zaremba & Sutskever 2015, "An empirical exploration of recurrent network architectures":
  start the forget gate's bias near 1, as `LSTM.init(forget_bias=1.0)` does.

    i_t = sigmoid(W_ii x_t + b_ii + W_hi h_prev + b_hi)      input gate
    f_t = sigmoid(W_if x_t + b_if + W_hf h_prev + b_hf)      forget gate
    g_t = tanh(W_ig x_t + b_ig + W_hg h_prev + b_hg)         candidate (c̃_t)
    o_t = sigmoid(W_io x_t + b_io + W_ho h_prev + b_ho)      output gate
    c_t = f_t * c_prev + i_t * g_t
    h_t = o_t * tanh(c_t)

PyTorch's layout: weight_ih (4H, X) and weight_hh (4H, H) stack the rows of the gates in the order
i, f, g, o; bias_ih and bias_hh (4H,) are two biases that simply add.
"""
import numpy as np

from ._base import pin, sigmoid
from ._recurrent import Recurrent


class LSTM(Recurrent):
    """One LSTM layer. Build with LSTM.from_arrays(weight_ih, weight_hh, bias_ih, bias_hh) or LSTM.init."""

    kind = "LSTM"
    gates = {"i": "sigmoid", "f": "sigmoid", "g": "tanh", "o": "sigmoid"}
    blocks = 4
    has_cell = True

    @classmethod
    def init(cls, input_size, hidden_size, seed=0, forget_bias=1.0, bias=True):
        """Random weights as PyTorch draws them, uniform(-1/sqrt(H), 1/sqrt(H)), from default_rng(seed);
        then forget_bias is ADDED to the f block of bias_ih (rows H:2H), so the forget gate starts mostly
        open and the cell remembers by default. forget_bias=0 gives PyTorch's plain initialisation.
        With bias=False there is no bias to add it to and forget_bias is ignored."""
        m = cls._init(np.random.default_rng(seed), input_size, hidden_size, bias)
        if bias:
            m.bias_ih[hidden_size:2 * hidden_size] += forget_bias
        return m

    def step(self, x_t, h_prev=None, c_prev=None, force=None):
        """One step: x_t (X,), h_prev (H,), c_prev (H,) (zeros if None; or batched (B, X), (B, H)).
        Returns (h_t, c_t, gates) with gates {"i", "f", "g", "o"} -> (H,)."""
        return self._step(*self._check_step(x_t, h_prev, c_prev, force))

    def _step(self, x_t, h_prev, c_prev, force):
        # The "..." lets the same lines run on one sequence (H,) or a batch (B, H).
        # --8<-- [start:lstm_step]
        W_ih, W_hh, b_ih, b_hh = self.weights()  # (4H, X), (4H, H), (4H,), (4H,); rows i, f, g, o
        H = self.hidden_size  # pin(force, name, v) is v, unless a demo pins that gate to a constant
        a_t = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh  # (4H,) pre-activations of all four gates
        i_t = pin(force, "i", sigmoid(a_t[..., 0*H:1*H]))  # (H,) input gate: how much of g_t to write
        f_t = pin(force, "f", sigmoid(a_t[..., 1*H:2*H]))  # (H,) forget gate: how much of c_prev to keep
        g_t = pin(force, "g", np.tanh(a_t[..., 2*H:3*H]))  # (H,) candidate values for the cell (c̃_t)
        o_t = pin(force, "o", sigmoid(a_t[..., 3*H:4*H]))  # (H,) output gate: how much of the cell to show
        c_t = f_t * c_prev + i_t * g_t  # (H,) additive update: the path that carries memory across time
        h_t = o_t * np.tanh(c_t)        # (H,)
        # --8<-- [end:lstm_step]
        return h_t, c_t, {"i": i_t, "f": f_t, "g": g_t, "o": o_t}

    def _step_back(self, t, tr, dh_t, dc_t, h_prev, c_prev):
        """Step t backwards: from dL/dh_t, dL/dc_t (B, H) to dL/d(pre-activations) and dL/dc_prev."""
        i_t, f_t, g_t, o_t = (tr.gates[k][t] for k in "ifgo")  # (B, H) each
        tanh_c = np.tanh(tr.c[t])
        dc = dc_t + dh_t * o_t * (1 - tanh_c**2)  # the cell gets gradient from h_t and from c_{t+1}
        d = {                                      # dL/d(pre-activation) of each gate
            "i": dc * g_t * i_t * (1 - i_t),
            "f": dc * c_prev * f_t * (1 - f_t),
            "g": dc * i_t * (1 - g_t**2),
            "o": dh_t * tanh_c * o_t * (1 - o_t),
        }
        # A pinned gate is a constant: nothing flows into its pre-activation.
        da = np.concatenate([np.zeros_like(d[k]) if k in tr.force else d[k] for k in "ifgo"], -1)  # (B, 4H)
        return da, da, 0.0, dc * f_t  # the same pre-activation feeds W_ih and W_hh; c_prev only via f_t
