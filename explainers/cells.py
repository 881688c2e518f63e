"""Run one code cell like a notebook does; the same function runs cells at build time and in the browser.

    run_cell(code: str, namespace: dict, cell_name: str = "cell") -> list[dict]

`namespace` is the page's globals, shared by the page's cells in page order. The result is the cell's
output, in the order it happened, as plain JSON-able dicts:

    {"type": "stdout" | "stderr", "text": str}
    {"type": "result", "text": str}           repr() of a last bare expression (not if it ends with ";")
    {"type": "figure", "mime": "image/svg+xml", "data": base64 str, "alt": str}
    {"type": "error", "ename": str, "evalue": str, "traceback": str}  only the reader's frames,
                                               as `File "<cell CELL_NAME>", line N` of the cell itself
    {"type": "note", "text": str}              e.g. output truncated past 2,000 lines or 1 MB

Figures: matplotlib draws off-screen through `explainers._cells_backend` (Agg), selected here via
MPLBACKEND; `plt.show()` and figures left open when the cell ends become figure items, then close.
Importing this module needs the standard library only: numpy and matplotlib are the cell's business.
`python -m explainers.cells` reads {"cells": [{"code", "name"}]} as JSON on stdin, runs them in one
namespace and writes a JSON list of output lists (the build runs each page this way).
"""
from __future__ import annotations

import ast
import base64
import io
import linecache
import logging
import os
import sys
import traceback

MAX_LINES = 2_000
MAX_BYTES = 1_000_000
BACKEND = "module://explainers._cells_backend"
# Chosen before matplotlib is imported (by the cell, later): off-screen, figures captured on show().
os.environ["MPLBACKEND"] = BACKEND
# A fresh Pyodide builds matplotlib's font cache on first import and says so: noise, not the cell's output.
logging.getLogger("matplotlib.font_manager").addFilter(lambda r: "building the font cache" not in r.getMessage())


class _Output:
    """The items of the running cell, with the size budget shared by all of them."""

    def __init__(self):
        self.items: list[dict] = []
        self.lines = 0
        self.bytes = 0
        self.truncated = False

    def _fits(self, text: str) -> bool:
        if self.truncated:
            return False
        self.lines += text.count("\n")
        self.bytes += len(text.encode("utf-8", "replace"))
        if self.lines <= MAX_LINES and self.bytes <= MAX_BYTES:
            return True
        self.truncated = True
        self.items.append({"type": "note", "text": (
            f"Output truncated: a cell shows at most {MAX_LINES:,} lines or {MAX_BYTES // 1_000_000} MB.")})
        return False

    def stream(self, name: str, text: str) -> None:
        if not text or not self._fits(text):
            return
        last = self.items[-1] if self.items else None
        if last and last["type"] == name:  # consecutive writes to one stream form one block
            last["text"] += text
        else:
            self.items.append({"type": name, "text": text})

    def add(self, item: dict, size_text: str) -> None:
        if self._fits(size_text):
            self.items.append(item)


class _Stream(io.TextIOBase):
    def __init__(self, out: _Output, name: str):
        self._out, self._name = out, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._out.stream(self._name, str(text))
        return len(text)


_current: _Output | None = None  # the cell being run, for the matplotlib backend's show()


def run_cell(code: str, namespace: dict, cell_name: str = "cell") -> list[dict]:
    """Run `code` in `namespace`; return its output items in order (never raises for the cell's errors)."""
    global _current
    out = _current = _Output()
    filename = f"<cell {cell_name}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)  # for tracebacks
    namespace.setdefault("__name__", "__main__")
    if "matplotlib" in sys.modules:  # imported before this module chose the backend: switch (once)
        sys.modules["matplotlib"].use(BACKEND)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream(out, "stdout"), _Stream(out, "stderr")
    try:
        try:
            body, last = _compile(code, filename)
            exec(body, namespace)
            if last is not None:
                value = eval(last, namespace)
                if value is not None and not _is_plot_artist(value):
                    out.add({"type": "result", "text": repr(value)}, repr(value))
        except BaseException as exc:  # the reader's error, even SystemExit or KeyboardInterrupt
            out.items.append(_error_item(exc, filename))
        capture_figures()
    finally:
        sys.stdout, sys.stderr = saved
        _current = None
    return out.items


def _compile(code: str, filename: str):
    """The cell as (statements, last bare expression or None), compiled with the cell's line numbers."""
    tree = ast.parse(code, filename, "exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not code.rstrip().endswith(";"):
        last = compile(ast.Expression(tree.body.pop().value), filename, "eval")
    return compile(tree, filename, "exec"), last


def _error_item(exc: BaseException, filename: str) -> dict:
    """The exception as the reader should see it: only frames of cells, no carets (Python-version noise)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell ")]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    for f in frames:
        lines.append(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n')
        if f.line:
            lines.append(f"    {f.line.strip()}\n")
    lines += traceback.format_exception_only(type(exc), exc)
    return {"type": "error", "ename": type(exc).__name__, "evalue": str(exc),
            "traceback": "".join(lines).rstrip("\n")}


def _is_plot_artist(value) -> bool:
    """`plt.plot(...)` as a last line: its figure is the output, not a repr with a memory address."""
    items = value if isinstance(value, (list, tuple)) and value else [value]
    return all(type(v).__module__.startswith(("matplotlib.", "mpl_toolkits.")) for v in items)


def capture_figures() -> None:
    """Every open pyplot figure becomes a figure item of the running cell, then is closed."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None or _current is None:
        return
    for num in plt.get_fignums():
        fig = plt.figure(num)
        data = base64.b64encode(_svg(fig)).decode("ascii")
        item = {"type": "figure", "mime": "image/svg+xml", "data": data, "alt": _alt(fig, num)}
        _current.add(item, data)
        plt.close(fig)


def _svg(fig) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    # Fixed hash salt and no date: the same figure gives the same bytes on every build.
    with matplotlib.rc_context({"svg.hashsalt": "gates-and-long-memory"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buf.getvalue()


def _alt(fig, num: int) -> str:
    """A text alternative from what the figure says about itself: its titles and axis labels."""
    parts = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    for ax in fig.axes:
        words = [ax.get_title(), ax.get_xlabel() and f"x: {ax.get_xlabel()}",
                 ax.get_ylabel() and f"y: {ax.get_ylabel()}"]
        parts.append(", ".join(w for w in words if w))
    text = "; ".join(p for p in parts if p)
    return f"Figure {num}: {text}" if text else f"Figure {num} drawn by the cell"


def _main() -> None:
    import json

    request = json.load(sys.stdin)
    namespace: dict = {"__name__": "__main__"}
    results = [run_cell(c["code"], namespace, c["name"]) for c in request["cells"]]
    json.dump(results, sys.__stdout__)


if __name__ == "__main__":  # run as the real module, the one the matplotlib backend reports to
    from explainers.cells import _main as main

    main()
