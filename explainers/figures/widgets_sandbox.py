"""Data for the gate sandbox on the LSTM page: pin the forget gate f, the input gate i, the output gate o
and the candidate g of a one-unit LSTM and watch its cell c_t and output h_t for 30 steps from c_0 = 0,
beside the survival curve f^k of what the cell holds. The numbers are the reference LSTM's own
(`LSTM.run(x, force=...)`): with every gate pinned, its step is exactly

    c_t = f c_{t-1} + i_t g,    h_t = o tanh(c_t),

whatever its weights and input. The input schedule: the cell is written at steps 1 .. `writes` (i_t = i),
after that the input gate is shut (i_t = 0). The widget computes the same two lines in JavaScript so that
it answers at once; the browser tests prove both equal, and the page's Python can call `run()` itself.

JSON `sandbox`: {"steps", "ranges": {gate: [lo, hi]}, "default": SETTING, "run": RUN, "examples": {name: RUN}}
SETTING: {"f", "i", "o", "g", "writes"}; RUN: SETTING plus "c", "h", "survival" (t or k = 0 .. steps)
and "half_life" (the k where f^k = 1/2; None if f = 1: nothing is ever forgotten).
"""
import math

import numpy as np

from explainers.models import LSTM
from explainers.models._base import RANGES

NAME = "widgets_sandbox"
STEPS = 30
DEFAULT = {"f": 0.9, "i": 1.0, "o": 1.0, "g": 1.0, "writes": 1}  # one write, then only forgetting
# What the prose asks the reader to try, each a change of the default.
EXAMPLES = {"every_step": {"writes": STEPS}, "f099": {"f": 0.99}, "o0": {"o": 0.0}}


def _model() -> LSTM:
    """One unit, one input. Its weights never matter: every gate is pinned."""
    return LSTM.init(input_size=1, hidden_size=1, seed=0)


def _run(model: LSTM, steps: int, h0, c0, force: dict):
    """(h, c) over `steps` steps of the pinned model, each (steps,); nothing when steps = 0."""
    if steps == 0:
        return np.zeros(0), np.zeros(0)
    trace = model.run(np.zeros((steps, 1)), h0=h0, c0=c0, force=force)  # x: (T, 1); ignored when pinned
    return trace.h[:, 0], trace.c[:, 0]


def half_life(f: float):
    """k with f^k = 1/2 (0 for f = 0: nothing survives a step; None for f = 1: nothing is lost)."""
    if f >= 1:
        return None
    return 0.0 if f == 0 else math.log(0.5) / math.log(f)


def survival(f: float, steps: int = STEPS) -> list:
    """What the LSTM keeps of a cell of 1 after k = 0 .. steps steps with f pinned and nothing written."""
    _, c = _run(_model(), steps, None, np.ones(1), {"f": f, "i": 0.0})
    return [1.0] + c.tolist()


def run(f: float, i: float, o: float, g: float, writes: int = 1, steps: int = STEPS) -> dict:
    """The sandbox for one setting: c_t and h_t for t = 0 .. steps (c_0 = h_0 = 0), writing at steps
    1 .. writes, with the survival curve and half-life of f. Gates outside their range raise ValueError."""
    f, i, o, g, writes, steps = float(f), float(i), float(o), float(g), int(writes), int(steps)
    if not 0 <= writes <= steps:
        raise ValueError(f"writes must be between 0 and {steps} steps, not {writes}")
    m = _model()
    pinned = {"f": f, "o": o, "g": g}
    h1, c1 = _run(m, writes, None, None, {**pinned, "i": i})  # the steps that write
    h0, c0 = (h1[-1:], c1[-1:]) if writes else (None, None)
    h2, c2 = _run(m, steps - writes, h0, c0, {**pinned, "i": 0.0})  # then the input gate is shut
    return {"f": f, "i": i, "o": o, "g": g, "writes": writes,
            "c": [0.0] + c1.tolist() + c2.tolist(), "h": [0.0] + h1.tolist() + h2.tolist(),
            "survival": survival(f, steps), "half_life": half_life(f)}


def compute() -> dict:
    return {"steps": STEPS, "ranges": {k: list(RANGES[LSTM.gates[k]]) for k in "fiog"},
            "default": DEFAULT, "run": run(**DEFAULT),
            "examples": {k: run(**{**DEFAULT, **change}) for k, change in EXAMPLES.items()}}


def render(data: dict) -> list:
    from .base import Json

    return [Json("sandbox", data)]


def values(data: dict) -> dict:
    """The default setting and what the prose's examples show, formatted for sentences."""
    d, run_, ex = data["default"], data["run"], data["examples"]
    every = ex["every_step"]
    return {"f": f"{d['f']:g}", "i": f"{d['i']:g}", "g": f"{d['g']:g}", "steps": str(data["steps"]),
            "half_life": f"{run_['half_life']:.1f}", "c_last": f"{run_['c'][-1]:.3f}",
            "every_c_last": f"{every['c'][-1]:.2f}", "every_limit": f"{every['i'] * every['g'] / (1 - every['f']):g}",
            "half_life_099": f"{ex['f099']['half_life']:.0f}", "f099_c_last": f"{ex['f099']['c'][-1]:.2f}"}
