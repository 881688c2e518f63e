"""RNN, LSTM and GRU side by side: gates, states and exactly how many parameters each learns.

The counts come from ``param_count`` (which the parity tests check against PyTorch's ``numel``): per
layer, G blocks of weight_ih (H, X), weight_hh (H, H) and two biases (H,), with G = 1, 4, 3.
"""
from explainers.models import param_count

NAME = "comparison"
SIZES = [(100, 256), (512, 512)]  # (input_size, hidden_size)
MODELS = {
    "rnn": {"label": "RNN", "blocks": 1, "gates": [], "states": ["h"]},
    "lstm": {"label": "LSTM", "blocks": 4, "gates": [["forget", "f"], ["input", "i"], ["output", "o"]],
             "candidate": "g", "states": ["h", "c"]},
    "gru": {"label": "GRU", "blocks": 3, "gates": [["reset", "r"], ["update", "z"]],
            "candidate": "n", "states": ["h"]},
}


def compute() -> dict:
    rows = {}
    for kind, m in MODELS.items():
        counts = [param_count(kind, X, H) for X, H in SIZES]
        rnn = [param_count("rnn", X, H) for X, H in SIZES]
        rows[kind] = {**m, "counts": counts, "vs_rnn": [c / r for c, r in zip(counts, rnn)]}
    saving = [1 - g / l for g, l in zip(rows["gru"]["counts"], rows["lstm"]["counts"])]
    return {"sizes": [list(s) for s in SIZES], "models": rows, "gru_saving": saving}


def _formula(blocks: int) -> str:
    core = r"H(X+H) + 2H"
    return rf"\({core}\)" if blocks == 1 else rf"\({blocks}\,[{core}]\)"


def _gates(m: dict) -> str:
    if not m["gates"]:
        return "none"
    named = ", ".join(rf"{word} \({sym}_t\)" for word, sym in m["gates"])
    return rf"{named}; candidate \({m['candidate']}_t\)"


def render(data: dict) -> list:
    from .base import Table, markdown_table

    header = ["", "gates", "state", "parameters (one layer)"]
    header += [f"X = {X}, H = {H}" for X, H in data["sizes"]]
    rows = []
    for m in data["models"].values():
        states = ", ".join(rf"\({s}_t\)" for s in m["states"])
        cells = [f"{c:,} (×{v:g})" if m["blocks"] > 1 else f"{c:,}" for c, v in zip(m["counts"], m["vs_rnn"])]
        rows.append([f"**{m['label']}**", _gates(m), states, _formula(m["blocks"]), *cells])
    return [Table("comparison", markdown_table(header, rows, "lllr" + "r" * len(data["sizes"])))]


def values(data: dict) -> dict:
    m, out = data["models"], {}
    for j, (X, H) in enumerate(data["sizes"]):
        for kind in m:
            out[f"{kind}_{X}_{H}"] = f"{m[kind]['counts'][j]:,}"
        out[f"gru_saving_{X}_{H}"] = f"{100 * data['gru_saving'][j]:.0f}%"
        out[f"lstm_vs_rnn_{X}_{H}"] = f"{m['lstm']['vs_rnn'][j]:.2f}"
        out[f"gru_vs_rnn_{X}_{H}"] = f"{m['gru']['vs_rnn'][j]:.2f}"
    return out
