"""What the cell diagrams draw, checked on their specs (no drawing needed)."""
from explainers.figures import diagrams


def _on_bus(spec, kind, text):
    return [n for n in spec["nodes"].values()
            if n["kind"] == kind and n["text"] == text and n["y"] == diagrams.BUS]


def test_lstm_has_forget_multiply_and_input_add_on_the_cell_bus():
    lstm = diagrams.compute()["lstm"]
    assert [n["role"] for n in _on_bus(lstm, "op", "mul")] == ["f"]
    assert [n["role"] for n in _on_bus(lstm, "op", "add")] == ["i"]
    gates = {n["role"]: n["text"] for n in lstm["nodes"].values() if n["kind"] == "gate"}
    assert gates == {"f": "σ", "i": "σ", "g": "tanh", "o": "σ"}
    assert {e["role"] for e in lstm["edges"]} >= {"c", "h", "x", "f", "i", "g", "o"}


def test_gru_has_no_cell_state_and_its_hidden_state_is_the_bus():
    gru = diagrams.compute()["gru"]
    assert "c" not in {e["role"] for e in gru["edges"]}
    assert not any("c_" in n.get("label", "") for n in gru["nodes"].values())
    assert {n["role"] for n in gru["nodes"].values() if n["kind"] == "gate"} == {"r", "z", "n"}
    assert [n["role"] for n in _on_bus(gru, "op", "mul")] == ["z"]


def test_edges_are_axis_aligned_and_name_real_nodes():
    for key, spec in diagrams.compute().items():
        for e in spec["edges"]:
            pts = [spec["nodes"][p] if isinstance(p, str) else {"x": p[0], "y": p[1]} for p in e["path"]]
            for a, b in zip(pts, pts[1:]):
                assert a["x"] == b["x"] or a["y"] == b["y"], (key, e)


def test_unrolled_bus_runs_through_three_steps():
    spec = diagrams.compute()["unrolled"]
    assert len(_on_bus(spec, "op", "mul")) == 3 and len(_on_bus(spec, "op", "add")) == 3
    assert sum(e["role"] == "c" for e in spec["edges"]) == 7  # in, 3 × (⊗→⊕), 2 × between, out
