"""The plain ("vanilla", Elman) recurrent network, exactly as torch.nn.RNN(nonlinearity="tanh") computes it.

Paper: Elman 1990, "Finding structure in time": a hidden layer fed back as input at the next step,
so the network's state is a summary of everything it has read so far.

    h_t = tanh(W_ih x_t + b_ih + W_hh h_prev + b_hh)

PyTorch's layout: weight_ih (H, X), weight_hh (H, H), two biases (H,) that simply add. Backwards,
every step multiplies the gradient by W_hh^T and by tanh' <= 1: it shrinks (or grows) geometrically
with distance, the vanishing gradient that the gated cells were invented to avoid
(Hochreiter 1991; Bengio, Simard & Frasconi 1994).
"""
import numpy as np

from ._recurrent import Recurrent


class RNN(Recurrent):
    """One tanh RNN layer. Build with RNN.from_arrays(weight_ih, weight_hh, bias_ih, bias_hh) or RNN.init.
    It has no gates, so `force` can only be empty."""

    kind = "RNN"
    gates = {}
    blocks = 1
    has_cell = False

    def step(self, x_t, h_prev=None, force=None):
        """One step: x_t (X,), h_prev (H,) (zeros if None; or batched (B, X), (B, H)).
        Returns (h_t, gates) with gates an empty dict."""
        x_t, h_prev, _, force = self._check_step(x_t, h_prev, None, force)
        return self._step(x_t, h_prev, force)

    def _step(self, x_t, h_prev, force):
        # --8<-- [start:rnn_step]
        W_ih, W_hh, b_ih, b_hh = self.weights()  # (H, X), (H, H), (H,), (H,)
        # the new state mixes the input with the old state, squashed into (-1, 1)
        h_t = np.tanh(x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh)  # (H,)
        # --8<-- [end:rnn_step]
        return h_t, {}

    def _step_back(self, t, tr, dh_t, dc_t, h_prev, c_prev):
        """Step t backwards: from dL/dh_t (B, H) to dL/d(pre-activation)."""
        da = dh_t * (1 - tr.h[t] ** 2)  # (B, H) tanh' = 1 - tanh^2
        return da, da, 0.0, None
