"""The GRU, exactly as torch.nn.GRU computes it (one layer), in numpy float64.

Paper: Cho et al. 2014, "Learning phrase representations using RNN encoder-decoder for statistical
machine translation": a gated cell without a separate memory c_t, with a reset gate r_t and an
update gate z_t.

    r_t = sigmoid(W_ir x_t + b_ir + W_hr h_prev + b_hr)          reset gate
    z_t = sigmoid(W_iz x_t + b_iz + W_hz h_prev + b_hz)          update gate
    n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_prev + b_hn))     candidate state
    h_t = (1 - z_t) * n_t + z_t * h_prev

One detail follows PyTorch (and cuDNN), not the paper: r_t multiplies W_hn h_prev + b_hn *after* the
matrix product (Cho et al. reset h_prev before it). z_t weighs the *old* state (h_t = h_prev when
z_t = 1), as in Cho et al.'s paper and PyTorch, so a GRU that keeps its memory has z_t near 1; Chung et
al. 2014 write the update the other way round, with z_t on the candidate.
PyTorch's layout: weight_ih (3H, X), weight_hh (3H, H), rows in the order r, z, n; biases (3H,).
"""
import numpy as np

from ._base import pin, sigmoid
from ._recurrent import Recurrent


class GRU(Recurrent):
    """One GRU layer. Build with GRU.from_arrays(weight_ih, weight_hh, bias_ih, bias_hh) or GRU.init."""

    kind = "GRU"
    gates = {"r": "sigmoid", "z": "sigmoid", "n": "tanh"}
    blocks = 3
    has_cell = False

    def step(self, x_t, h_prev=None, force=None):
        """One step: x_t (X,), h_prev (H,) (zeros if None; or batched (B, X), (B, H)).
        Returns (h_t, gates) with gates {"r", "z", "n"} -> (H,)."""
        x_t, h_prev, _, force = self._check_step(x_t, h_prev, None, force)
        return self._step(x_t, h_prev, force)

    def _step(self, x_t, h_prev, force):
        # The "..." lets the same lines run on one sequence (H,) or a batch (B, H).
        # --8<-- [start:gru_step]
        W_ih, W_hh, b_ih, b_hh = self.weights()  # (3H, X), (3H, H), (3H,), (3H,); rows r, z, n
        H = self.hidden_size  # pin(force, name, v) is v, unless a demo pins that gate to a constant
        gi = x_t @ W_ih.T + b_ih     # (3H,) what the input says to each gate
        gh = h_prev @ W_hh.T + b_hh  # (3H,) what the previous state says to each gate
        # reset gate: how much of h_prev the candidate sees; update gate: how much of h_prev to keep
        r_t = pin(force, "r", sigmoid(gi[..., 0*H:1*H] + gh[..., 0*H:1*H]))        # (H,)
        z_t = pin(force, "z", sigmoid(gi[..., 1*H:2*H] + gh[..., 1*H:2*H]))        # (H,)
        n_t = pin(force, "n", np.tanh(gi[..., 2*H:3*H] + r_t * gh[..., 2*H:3*H]))  # (H,) candidate
        h_t = (1 - z_t) * n_t + z_t * h_prev  # (H,) a gated average of the old state and the candidate
        # --8<-- [end:gru_step]
        return h_t, {"r": r_t, "z": z_t, "n": n_t}

    def _step_back(self, t, tr, dh_t, dc_t, h_prev, c_prev):
        """Step t backwards: from dL/dh_t (B, H) to dL/d(gi), dL/d(gh) and the direct part of dL/dh_prev."""
        r_t, z_t, n_t = (tr.gates[k][t] for k in "rzn")  # (B, H) each
        _, W_hh, _, b_hh = self.weights()
        H = self.hidden_size
        gh_n = h_prev @ W_hh[2*H:].T + b_hh[2*H:]  # (B, H) recomputed: the part of gh that r_t scales
        da_n = dh_t * (1 - z_t) * (1 - n_t**2)     # dL/d(pre-activation of n_t)
        if "n" in tr.force:  # a pinned candidate is a constant: nothing reaches r_t either
            da_n = np.zeros_like(da_n)
        d = {"r": da_n * gh_n * r_t * (1 - r_t), "z": dh_t * (h_prev - n_t) * z_t * (1 - z_t), "n": da_n}
        d = {k: np.zeros_like(v) if k in tr.force else v for k, v in d.items()}
        dgi = np.concatenate([d["r"], d["z"], d["n"]], -1)        # (B, 3H)
        dgh = np.concatenate([d["r"], d["z"], d["n"] * r_t], -1)  # (B, 3H) r_t scales the n block of gh
        return dgi, dgh, dh_t * z_t, None  # h_prev also reaches h_t directly, weighted by z_t
