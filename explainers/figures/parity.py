"""The tolerances within which the test suite proves the models equal to PyTorch's, read from the test
itself (its module constants, by parsing it: nothing of the test runs), so the pages never quote a
tolerance the tests do not hold."""
import ast
from pathlib import Path

NAME = "parity"
DEPENDS = ("tests/test_models_parity.py",)
TEST = Path(__file__).resolve().parents[2] / DEPENDS[0]
CONSTANTS = ("VALUES_ATOL", "GRADS_ATOL")


def compute() -> dict:
    tree = ast.parse(TEST.read_text(encoding="utf-8"))
    found = {t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name) and t.id in CONSTANTS}
    missing = set(CONSTANTS) - set(found)
    if missing:
        raise ValueError(f"{DEPENDS[0]} no longer defines {', '.join(sorted(missing))}")
    return {k.lower(): float(v) for k, v in found.items()}


def render(data: dict) -> list:
    return []


def values(data: dict) -> dict:
    from .base import sci

    return {k: sci(v).removeprefix("1.0 × ").removeprefix("1 × ") for k, v in data.items()}
