"""What every reference model shares: the nonlinearities, the records of a run, and input checks.

The checks exist for the reader who edits a cell in the browser: a wrong shape must fail here with a
message naming the expected shape, never later as a numpy broadcasting error deep inside a step.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

# The range a pinned ("forced") gate may take: what its nonlinearity could have produced.
RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def sigmoid(a):
    """The logistic function 1 / (1 + e^-a), elementwise, in (0, 1)."""
    with np.errstate(over="ignore"):  # e^-a overflows to inf for a < -709; 1 / inf = 0 is the right limit
        return 1.0 / (1.0 + np.exp(-a))


def pin(force, name, value):
    """`value`, unless `force` pins gate `name` to a constant: then that constant, in value's shape."""
    if name not in force:
        return value
    return np.broadcast_to(force[name], value.shape).copy()


@dataclass
class Trace:
    """Everything one run computed, step by step. Batched input adds a batch axis: (T, B, H), (B, H).

    h: (T, H) the hidden states h_1 .. h_T; c: (T, H) the cell states (LSTM only, else None);
    gates: gate name -> (T, H) activations (empty for the plain RNN);
    h0, c0: (H,) the initial state that was used; force: the pinned gates, name -> scalar or (H,).
    """

    h: np.ndarray
    c: np.ndarray | None = None
    gates: dict = field(default_factory=dict)
    h0: np.ndarray | None = None
    c0: np.ndarray | None = None
    force: dict = field(default_factory=dict)

    def _apply(self, seq, state):
        """A copy with `seq` applied to every (T, ...) array and `state` to h0 and c0."""
        def opt(f, a):
            return None if a is None else f(a)
        gates = {k: seq(v) for k, v in self.gates.items()}
        return Trace(seq(self.h), opt(seq, self.c), gates,
                     opt(state, self.h0), opt(state, self.c0), self.force)

    def _batched(self):
        return self._apply(lambda a: a[:, None], lambda a: a[None])

    def _unbatched(self):
        return self._apply(lambda a: a[:, 0], lambda a: a[0])

    def _flipped(self):
        """Time reversed (the backward direction of a BiLSTM, shown in the input's order)."""
        return self._apply(lambda a: a[::-1], lambda a: a)


@dataclass
class Grads:
    """Gradients of a loss L from one backward pass (batched input adds the batch axis to x, h0, c0).

    x: (T, X) dL/dx; h0: (H,) dL/dh0; c0: (H,) dL/dc0 (LSTM only, else None);
    params: dL/d(parameter) under the names of model.params() (PyTorch's), summed over the batch.
    """

    x: np.ndarray
    h0: np.ndarray
    c0: np.ndarray | None
    params: dict


def check_shape(name, value, shape):
    """`value` as a fresh float64 array of exactly `shape`, else a ValueError that names both shapes."""
    value = np.array(value, dtype=np.float64)
    if value.shape != tuple(shape):
        raise ValueError(f"{name} has shape {value.shape}, expected {tuple(shape)}")
    return value


def check_x(x, input_size, kind):
    """x as float64 (T, B, X), and whether it came batched; a clear ValueError otherwise."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim not in (2, 3):
        raise ValueError(f"x has shape {x.shape}; the {kind} expects (T, {input_size}) "
                         f"or batched (T, B, {input_size})")
    check_features("x", x, input_size, kind)
    if 0 in x.shape:
        raise ValueError(f"x has shape {x.shape}: it needs at least one time step (and one sequence)")
    return (x if x.ndim == 3 else x[:, None, :]), x.ndim == 3


def check_features(name, x, input_size, kind):
    if x.shape[-1] != input_size:
        raise ValueError(f"{name} has {x.shape[-1]} features, the {kind} expects {input_size}")


def check_state(name, value, hidden_size, batch, batched, lead=()):
    """An initial state as float64 (*lead, B, H): zeros when None. `lead` is (2,) for a BiLSTM."""
    shape = (*lead, batch, hidden_size) if batched else (*lead, hidden_size)
    if value is None:
        return np.zeros((*lead, batch, hidden_size))
    value = check_shape(name, value, shape)
    return value if batched else value[..., None, :]


def check_force(force, gates, hidden_size, kind):
    """The pinned gates as name -> float64 scalar or (H,), each checked against its gate's range.

    gates: name -> "sigmoid" or "tanh", in the model's gate order.
    """
    if force is None:
        return {}
    if not isinstance(force, Mapping):
        raise ValueError(f"force must be a dict gate name -> value, e.g. {{'f': 0.0}}; got {force!r}")
    out = {}
    for name, value in force.items():
        if name not in gates:
            have = (f"the {kind}'s gates are {', '.join(gates)}" if gates
                    else f"the {kind} has no gates to force")
            raise ValueError(f"unknown gate {name!r}; {have}")
        v = np.array(value, dtype=np.float64)
        if v.shape not in ((), (hidden_size,)):
            raise ValueError(f"force[{name!r}] has shape {v.shape}, expected a scalar or ({hidden_size},)")
        lo, hi = RANGES[gates[name]]
        if not np.all((v >= lo) & (v <= hi)):  # also rejects NaN
            shown = f"= {v.item():g} is" if v.ndim == 0 else "has values"
            raise ValueError(f"force[{name!r}] {shown} outside [{lo:g}, {hi:g}], "
                             f"the range of a {gates[name]} gate")
        out[name] = v
    return out
