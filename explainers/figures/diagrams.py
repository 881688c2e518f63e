"""Cell diagrams of the vanilla RNN, the LSTM and the GRU, and an LSTM unrolled over three steps.

compute() lays each diagram out as plain data (nodes and axis-aligned edges, in diagram units), so
the tests can check what is drawn (the LSTM's ⊗ and ⊕ sit on the cell-state bus; the GRU has no cell
state) without drawing; render() draws the specs in one visual language (``_drawing.py``).
Layouts follow the well-known drawings of Olah (2015), "Understanding LSTM Networks"; equations are
PyTorch's (see explainers/models): the GRU's h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}.
"""
NAME = "diagrams"
BUS, LOW, GATE_Y = 4.4, 1.0, 2.4   # heights of the top bus, the bottom line, the row of gate blocks


class Spec:
    """A diagram under construction: nodes by id, edges as paths of node ids and points."""

    def __init__(self, xlim=(-0.9, 10.9), ylim=(-0.9, 6.1)):
        self.d = {"xlim": list(xlim), "ylim": list(ylim), "nodes": {}, "edges": [],
                  "size": [xlim[1] - xlim[0], ylim[1] - ylim[0]]}

    def node(self, id, kind, x, y, text="", role=None, **extra):
        self.d["nodes"][id] = {"kind": kind, "x": x, "y": y, "text": text, "role": role, **extra}

    def edge(self, *path, role=None, arrow=True):
        self.d["edges"].append({"path": [p if isinstance(p, str) else list(p) for p in path],
                                "role": role, "arrow": arrow})


def _frame(s: Spec, x0=0.6, w=9.2, top_in=None, top_out=None, low_in="$h_{t-1}$", low_out="$h_t$"):
    """The cell box, x_t from below, h_{t-1}/h_t left and right, h_t up out of the top."""
    s.node("cell", "cell", x0, 0.2, w=w, h=4.9)
    s.node("x", "io", 1.7, -0.6, label="$x_t$", label_at=(0.0, -0.05), ha="center")
    s.node("h_in", "io", -0.8, LOW, label=low_in, label_at=(0, 0.32), ha="left")
    s.node("h_out", "io", 10.8, LOW, label=low_out, label_at=(0, 0.32), ha="right")
    s.node("h_up", "io", 9.1, 5.9, label="$h_t$", label_at=(0.45, -0.1))
    s.node("join", "dot", 1.7, LOW)
    s.edge("x", "join", role="x", arrow=False)
    if top_in:
        s.node("top_in", "io", -0.8, BUS, label=top_in, label_at=(0, 0.32), ha="left")
        s.node("top_out", "io", 10.8, BUS, label=top_out, label_at=(0, 0.32), ha="right")


def rnn() -> dict:
    s = Spec()
    _frame(s)
    s.node("a", "fn", 5.0, GATE_Y, "tanh", role="h")
    s.node("split", "dot", 9.1, GATE_Y)
    s.edge("h_in", "join", (5.0, LOW), "a", role="h")
    s.edge("a", "split", role="h", arrow=False)
    s.edge("split", (9.1, LOW), "h_out", role="h")
    s.edge("split", "h_up", role="h")
    return s.d


def lstm() -> dict:
    s = Spec()
    _frame(s, top_in="$c_{t-1}$", top_out="$c_t$")
    gates = {"f": (3.0, "σ"), "i": (4.3, "σ"), "g": (5.6, "tanh"), "o": (7.3, "σ")}
    for k, (x, text) in gates.items():
        s.node(k, "gate", x, GATE_Y, text, role=k, label=f"${k}_t$", label_at=(-0.32, 0.62))
        s.node(f"feed_{k}", "dot", x, LOW)
        s.edge(f"feed_{k}", k, role="h")
    s.node("forget", "op", 3.0, BUS, "mul", role="f")    # ⊗ on the bus: keep f_t of c_{t-1}
    s.node("write", "op", 5.6, BUS, "add", role="i")     # ⊕ on the bus: add i_t ⊙ g_t
    s.node("ig", "op", 5.6, 3.45, "mul", role="i")
    s.node("tap", "dot", 8.3, BUS)
    s.node("tanh_c", "fn", 8.3, 3.45, "tanh", role="c")
    s.node("out", "op", 8.3, GATE_Y, "mul", role="o")
    s.node("split", "dot", 9.1, GATE_Y)
    s.edge("top_in", "forget", role="c")
    s.edge("forget", "write", role="c")
    s.edge("write", "top_out", role="c")
    s.edge("f", "forget", role="f")
    s.edge("i", (4.3, 3.45), "ig", role="i")
    s.edge("g", "ig", role="g")
    s.edge("ig", "write", role="i")
    s.edge("h_in", "join", (7.3, LOW), role="h", arrow=False)
    s.edge("o", "out", role="o")
    s.edge("tap", "tanh_c", role="c")
    s.edge("tanh_c", "out", role="c")
    s.edge("out", "split", role="h", arrow=False)
    s.edge("split", (9.1, LOW), "h_out", role="h")
    s.edge("split", "h_up", role="h")
    return s.d


def gru() -> dict:
    s = Spec()
    _frame(s, top_in="$h_{t-1}$", top_out="$h_t$", low_in=None, low_out=None)
    for k in ("h_in", "h_out", "split"):
        s.d["nodes"].pop(k, None)
    s.node("drop", "dot", 0.1, BUS)
    s.node("keep", "op", 2.6, BUS, "mul", role="z")      # z_t ⊙ h_{t-1}
    s.node("mix", "op", 7.9, BUS, "add", role="n")       # + (1 − z_t) ⊙ n_t
    s.node("tap", "dot", 9.1, BUS)
    s.node("z", "gate", 2.6, GATE_Y, "σ", role="z", label="$z_t$", label_at=(-0.32, 0.62))
    s.node("r", "gate", 4.6, GATE_Y - 0.5, "σ", role="r", label="$r_t$", label_at=(-0.32, 0.62))
    s.node("reset", "op", 6.2, GATE_Y - 0.5, "mul", role="r")
    s.node("n", "gate", 7.9, GATE_Y - 0.5, "tanh", role="n", label="$n_t$", label_at=(0.55, 0.62))
    s.node("zsplit", "dot", 2.6, 3.45)
    s.node("one_minus", "op", 5.4, 3.45, "one_minus", role="z")
    s.node("scale", "op", 7.9, 3.45, "mul", role="n")
    for k, x in (("z", 2.6), ("r", 4.6), ("reset", 6.2), ("n", 7.9)):
        s.node(f"feed_{k}", "dot", x, LOW)
    s.edge("top_in", "keep", role="h")
    s.edge("keep", "mix", role="h")
    s.edge("mix", "top_out", role="h")
    s.edge("tap", "h_up", role="h")
    s.edge("drop", (0.1, LOW), "join", role="h", arrow=False)
    s.edge("join", (7.9, LOW), role="h", arrow=False)
    s.edge("feed_z", "z", role="h")
    s.edge("feed_r", "r", role="h")
    s.edge("feed_reset", "reset", role="h")
    s.edge("feed_n", "n", role="h")
    s.edge("z", "zsplit", role="z", arrow=False)
    s.edge("zsplit", "keep", role="z")
    s.edge("zsplit", "one_minus", role="z")
    s.edge("one_minus", "scale", role="z")
    s.edge("r", "reset", role="r")
    s.edge("reset", "n", role="r")
    s.edge("n", "scale", role="n")
    s.edge("scale", "mix", role="n")
    return s.d


def unrolled(steps=("t-1", "t", "t+1")) -> dict:
    """Three LSTM steps side by side: the cell-state bus runs through all of them."""
    W = 5.2
    s = Spec(xlim=(-1.2, W * len(steps) + 0.4), ylim=(-1.2, 6.1))
    s.d["scale"] = 0.45  # wider than one cell: smaller units, so its text matches the other diagrams
    s.node("c_in", "io", -1.2, BUS, label="$c_{t-2}$", label_at=(0, 0.35), ha="left")
    s.node("h_in", "io", -1.2, LOW, label="$h_{t-2}$", label_at=(0, 0.35), ha="left")
    c_from, h_from = "c_in", ["h_in"]
    for j, t in enumerate(steps):
        x0 = 0.3 + j * W
        s.node(f"cell{j}", "cell", x0, 0.2, w=W - 1.0, h=4.9)
        s.node(f"f{j}", "op", x0 + 1.2, BUS, "mul", role="f")
        s.node(f"a{j}", "op", x0 + 2.6, BUS, "add", role="i")
        s.node(f"gates{j}", "gate", x0 + 1.9, GATE_Y, "σ  σ  tanh  σ", role="x", half=[1.05, 0.3])
        s.node(f"x{j}", "io", x0 + 1.9, -0.9, label=f"$x_{{{t}}}$", label_at=(0, -0.05))
        s.node(f"xj{j}", "dot", x0 + 1.9, LOW)
        s.node(f"hj{j}", "dot", x0 + 3.5, GATE_Y)
        s.node(f"hup{j}", "io", x0 + 3.5, 5.9, label=f"$h_{{{t}}}$", label_at=(0.5, -0.1))
        s.node(f"cx{j}", "io", x0 + W - 0.5, BUS, label=f"$c_{{{t}}}$", label_at=(0, 0.4))
        s.edge(c_from, f"f{j}", role="c")
        s.edge(f"f{j}", f"a{j}", role="c")
        s.edge(*h_from, f"xj{j}", f"gates{j}", role="h")
        s.edge(f"x{j}", f"xj{j}", role="x", arrow=False)
        s.edge((x0 + 1.2, GATE_Y + 0.3), f"f{j}", role="f")
        s.edge((x0 + 2.6, GATE_Y + 0.3), f"a{j}", role="i")
        s.edge((x0 + 2.95, GATE_Y), f"hj{j}", role="h", arrow=False)
        s.edge(f"hj{j}", f"hup{j}", role="h")
        c_from, h_from = f"a{j}", [f"hj{j}", (x0 + 3.5, LOW)]
    end = W * len(steps) + 0.4
    s.node("c_out", "io", end, BUS)
    s.node("h_out", "io", end, LOW)
    s.edge(c_from, "c_out", role="c")
    s.edge(*h_from, "h_out", role="h")
    return s.d


def compute() -> dict:
    return {"rnn": rnn(), "lstm": lstm(), "gru": gru(), "unrolled": unrolled()}


ALT = {
    "rnn": "Diagram of one vanilla RNN step: the previous hidden state h_{t-1} enters from the left and "
           "joins the input x_t from below; one tanh block mixes them into h_t, which leaves to the right "
           "(to the next step) and upwards (as the output). There is no gate and no separate memory.",
    "lstm": "Diagram of one LSTM step: the cell state runs along the top from c_{t-1} to c_t. On it, a "
            "multiply node scales it by the forget gate f_t and an add node writes i_t times g_t. Four "
            "blocks read h_{t-1} and x_t: sigmoids for f_t, i_t and o_t, tanh for the candidate g_t. "
            "Below, tanh(c_t) times o_t gives h_t, which leaves to the right and upwards.",
    "gru": "Diagram of one GRU step: there is no separate cell state; the hidden state itself runs along "
           "the top from h_{t-1} to h_t. A multiply node keeps z_t of it, and an add node adds (1 - z_t) "
           "times the candidate n_t. The update gate z_t and reset gate r_t are sigmoids reading h_{t-1} "
           "and x_t; r_t scales h_{t-1} before the tanh block that computes n_t.",
    "unrolled": "Three LSTM steps, t-1, t and t+1, side by side. The cell-state bus runs straight through "
                "all three along the top, from c_{t-2} to c_{t+1}, touched at each step only by one "
                "multiply (the forget gate) and one add (the input): memory is carried across steps. "
                "Below, h passes from step to step through the gate blocks, each reading its input x.",
}
CAPTION = {
    "rnn": r"The vanilla RNN: \(h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})\). Everything "
           r"it remembers must pass through that one \(\tanh\) at every step.",
    "lstm": r"The LSTM. The cell state \(c_t\) runs along the top: the forget gate \(f_t\) scales it "
            r"(\(\otimes\)) and the input gate \(i_t\) adds the candidate \(g_t\) (\(\oplus\)): "
            r"\(c_t = f_t \odot c_{t-1} + i_t \odot g_t\). The output gate decides what leaves: "
            r"\(h_t = o_t \odot \tanh(c_t)\).",
    "gru": r"The GRU has no separate cell: \(h_t\) is the bus. The update gate \(z_t\) keeps part of "
           r"\(h_{t-1}\) and fills the rest with the candidate \(n_t\): "
           r"\(h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}\); the reset gate \(r_t\) decides how much of "
           r"\(h_{t-1}\) the candidate sees.",
    "unrolled": r"An LSTM unrolled over three steps. The cell state is one straight line through time, "
                r"touched only by a multiplication by \(f_t\) and an addition at each step: "
                r"that is the path along which memory, and the gradient, travel.",
}


def render(data: dict) -> list:
    from ._drawing import draw
    from . import style
    from .base import Figure

    return [Figure(key, style.to_svg(draw(spec)), ALT[key], CAPTION[key]) for key, spec in data.items()]
