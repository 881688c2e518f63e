"""The outputs an explainer's ``render(data)`` returns (see the contract in ``explainers/figures``)."""
from __future__ import annotations

import re
from dataclasses import dataclass

KEY = re.compile(r"^[a-z0-9_]+$")


def _check_key(kind: str, key: str) -> None:
    if not KEY.match(key):
        raise ValueError(f"{kind} key {key!r} must match [a-z0-9_]+")


@dataclass(frozen=True)
class Figure:
    """An SVG figure: ``alt`` says what it shows and its key number; ``caption`` is Markdown."""

    key: str
    svg: str
    alt: str
    caption: str

    def __post_init__(self):
        _check_key("Figure", self.key)
        if not self.alt.strip() or not self.svg.lstrip().startswith(("<?xml", "<svg")):
            raise ValueError(f"Figure {self.key!r} needs SVG text and a non-empty alt text")


@dataclass(frozen=True)
class Table:
    """A Markdown table, placed in a page with ``{{ table NAME.key }}``."""

    key: str
    markdown: str

    def __post_init__(self):
        _check_key("Table", self.key)


@dataclass(frozen=True)
class Json:
    """JSON-serialisable data written to ``generated/<NAME>/<key>.json`` for the in-page cells."""

    key: str
    obj: object

    def __post_init__(self):
        _check_key("Json", self.key)


def markdown_table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """A pipe table; ``align`` is one character per column: l, r or c (default: left, then right)."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = {"l": ":---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule[a] for a in align) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def sci(x: float, digits: int = 2) -> str:
    """``x`` for prose: 0.0123 -> '0.012', 3.1e-7 -> '3.1 × 10⁻⁷' (plain Unicode, no maths needed)."""
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1:
        return f"{x:.{digits}g}"
    if 1 <= abs(x) < 1e5:  # 1.4, 21, 1,400: rounded to `digits` significant figures, no exponent
        exp = len(str(int(abs(x)))) - 1
        return f"{round(x, digits - 1 - exp):,.{max(0, digits - 1 - exp)}f}"
    mant, exp = f"{x:.{digits - 1}e}".split("e")
    sup = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    return f"{mant} × 10{str(int(exp)).translate(sup)}"


class ClaimError(Exception):
    """A sentence an explainer writes (alt text, caption, table) is false for its own data."""


def claim(condition: bool, what: str) -> None:
    """Check, in ``render()``, a statement the explainer's own text makes; a false one stops the build
    with the explainer's name and ``what`` (the page-side twin is ``{{ claim … }}``, sitebuild/pages/claims.py)."""
    if not condition:
        raise ClaimError(f"false for this build's data: {what}")
