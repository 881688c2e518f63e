"""Run one code cell like a notebook does; the same function runs cells at build time and in the browser.

    run_cell(code: str, namespace: dict, cell_name: str = "cell") -> list[dict]       the build (CPython)
    start_cell(code, namespace, cell_name) -> list[dict] | awaitable of list[dict]    the browser (Pyodide)

A cell may `await` at top level, as in a notebook; the two differ only in how they wait for it.
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
from types import CoroutineType

MAX_LINES = 2_000
MAX_BYTES = 1_000_000
MAX_FRAMES = 30         # a traceback longer than this (deep recursion) keeps its first and last frames
MAX_MESSAGE = 10_000    # characters of an exception's message
BACKEND = "module://explainers._cells_backend"
TOP_LEVEL_AWAIT = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT  # `await` in a cell, as in a notebook
CO_COROUTINE = 0x80  # inspect.CO_COROUTINE, without importing inspect on every boot
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

    def _head(self, text: str) -> str:
        """The part of `text` that still fits the budget (all of it, or its head); counts it."""
        if self.truncated:
            return ""
        head, allowed = text, MAX_LINES - self.lines
        if head.count("\n") > allowed:  # the line budget ends inside `text`: keep its first lines
            cut = -1
            for _ in range(allowed):
                cut = head.find("\n", cut + 1)
            head = head[:cut + 1]
        room = MAX_BYTES - self.bytes
        if len(head) > room // 4 and len(raw := head.encode("utf-8", "replace")) > room:
            head = raw[:max(room, 0)].decode("utf-8", "ignore")
        self.lines += head.count("\n")
        self.bytes += len(head.encode("utf-8", "replace"))
        return head

    def _truncate(self) -> None:
        self.truncated = True
        self.items.append({"type": "note", "text": (
            f"Output truncated: a cell shows at most {MAX_LINES:,} lines or {MAX_BYTES // 1_000_000} MB.")})

    def stream(self, name: str, text: str) -> None:
        head = self._head(text)
        if head:
            last = self.items[-1] if self.items else None
            if last and last["type"] == name:  # consecutive writes to one stream form one block
                last["text"] += head
            else:
                self.items.append({"type": name, "text": head})
        if len(head) < len(text) and not self.truncated:  # a single huge write shows its head
            self._truncate()

    def add(self, item: dict, size_text: str) -> None:
        """A whole item (a result, a figure) or, past the budget, none of it."""
        if self._head(size_text) == size_text:
            self.items.append(item)
        elif not self.truncated:
            self._truncate()


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
    """Run `code` in `namespace`; return its output items in order (never raises for the cell's errors).
    A cell that awaits at top level runs to its end on the page's event loop (one per Python, like the
    browser's): this is the build's way, in CPython, which can block."""
    return _drive_blocking(_cell_steps(code, namespace, cell_name))


def start_cell(code: str, namespace: dict, cell_name: str = "cell"):
    """The browser's way, for a Python that cannot block (Pyodide's event loop is the page's): the output
    items if the cell did not await at top level (the usual case, with no trip through the event loop),
    else an awaitable of them, for the caller to await on the running loop."""
    steps = _cell_steps(code, namespace, cell_name)
    try:
        awaitable = next(steps)
    except StopIteration as done:
        return done.value
    return _drive_awaiting(steps, awaitable)


ASYNCIO_RUN_REFUSED = (
    "asyncio.run() would have to pause the page's Python until the coroutine ends, and Python in a "
    "browser page cannot wait like that. A cell already runs on an event loop: write `await main()` "
    "at the top level of the cell instead of `asyncio.run(main())`.")


def _cell_steps(code: str, namespace: dict, cell_name: str):
    """The cell's run as a generator: it yields each top-level awaitable for its driver to await and
    receives the value (or the exception, thrown in); it returns the output items."""
    global _current
    out = _current = _Output()
    filename = f"<cell {cell_name}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)  # for tracebacks
    namespace.setdefault("__name__", "__main__")
    if "matplotlib" in sys.modules:  # imported before this module chose the backend: switch (once)
        sys.modules["matplotlib"].use(BACKEND)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream(out, "stdout"), _Stream(out, "stderr")
    restore_asyncio = _refuse_asyncio_run(code)
    try:
        try:
            body, last = _compile(code, filename)
            if any(c is not None and c.co_flags & CO_COROUTINE for c in (body, last)):
                value = yield _awaiting_cell(body, last, namespace)  # all of it on the loop, in order
            else:
                exec(body, namespace)
                value = None if last is None else eval(last, namespace)
            if value is not None and not _is_plot_artist(value):
                out.add({"type": "result", "text": repr(value)}, repr(value))
        except GeneratorExit:
            raise
        except BaseException as exc:  # the reader's error, even SystemExit or KeyboardInterrupt
            out.items.append(_error_item(exc, filename))
        capture_figures()
    finally:
        restore_asyncio()
        sys.stdout, sys.stderr = saved
        _current = None
    return out.items


async def _awaiting_cell(body, last, namespace):
    """A cell that awaits at top level: its code objects evaluate to coroutines (exec would drop them)."""
    for code in (body, last):
        value = None if code is None else eval(code, namespace)
        if isinstance(value, CoroutineType):
            value = await value
    return value


def _drive_blocking(steps):
    """Run a cell's steps to the end, blocking on each awaitable (CPython)."""
    value, error = None, None
    while True:
        try:
            awaitable = steps.send(value) if error is None else steps.throw(error)
        except StopIteration as done:
            return done.value
        try:
            value, error = _run_to_end(awaitable), None
        except BaseException as exc:
            value, error = None, exc


async def _drive_awaiting(steps, awaitable):
    """Run a cell's steps to the end on the running event loop (Pyodide's)."""
    while True:
        try:
            value, error = await awaitable, None
        except BaseException as exc:
            value, error = None, exc
        try:
            awaitable = steps.send(value) if error is None else steps.throw(error)
        except StopIteration as done:
            return done.value


_loop = None  # the build's event loop, one per Python like the page's, so a cell's tasks live on


def _run_to_end(awaitable):
    """The awaitable's result, on the build's loop. A caller whose thread already runs an event loop
    (the test suite, with Playwright's) cannot run another there: the loop then runs in a thread of its
    own, the cell's output still captured (sys.stdout is the process's)."""
    import asyncio

    if asyncio._get_running_loop() is None:
        return _build_loop().run_until_complete(awaitable)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_build_loop().run_until_complete, awaitable).result()


def _build_loop():
    global _loop
    if _loop is None:
        import asyncio

        _loop = asyncio.new_event_loop()
    return _loop


def _refuse_asyncio_run(code: str):
    """While the cell runs, asyncio.run and Runner.run say what works instead (in the browser they
    fail with a message about stack switching; at build time they would work, unlike the page).
    Returns the function that puts them back. asyncio is imported only for a cell that names it."""
    if "asyncio" not in sys.modules and "asyncio" not in code:
        return lambda: None
    import asyncio

    if sys.platform != "emscripten":  # the build: get_event_loop() gives the loop cells await on
        asyncio.set_event_loop(_build_loop())

    def refused(main=None, *args, **kwargs):
        for coroutine in (main, *args):
            if isinstance(coroutine, CoroutineType):
                coroutine.close()  # never started: no "was never awaited" warning besides the message
        raise RuntimeError(ASYNCIO_RUN_REFUSED)

    saved = asyncio.run, asyncio.Runner.run
    asyncio.run = refused
    asyncio.Runner.run = lambda self, *args, **kwargs: refused(*args, **kwargs)

    def restore():
        asyncio.run, asyncio.Runner.run = saved
    return restore


def _compile(code: str, filename: str):
    """The cell as (statements, last bare expression or None), compiled with the cell's line numbers."""
    tree = ast.parse(code, filename, "exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not code.rstrip().endswith(";"):
        last = compile(ast.Expression(tree.body.pop().value), filename, "eval", flags=TOP_LEVEL_AWAIT)
    return compile(tree, filename, "exec", flags=TOP_LEVEL_AWAIT), last


def _error_item(exc: BaseException, filename: str) -> dict:
    """The exception as the reader should see it: only frames of cells, no carets (Python-version noise)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell ")]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    for k, f in enumerate(frames):
        if MAX_FRAMES < len(frames) and MAX_FRAMES // 3 <= k < len(frames) - 2 * MAX_FRAMES // 3:
            if k == MAX_FRAMES // 3:  # deep recursion: the first and the last frames tell the story
                lines.append(f"  … {len(frames) - MAX_FRAMES // 3 - 2 * MAX_FRAMES // 3} more frames …\n")
            continue
        lines.append(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n')
        if f.line:
            lines.append(f"    {f.line.strip()}\n")
    message = "".join(traceback.format_exception_only(type(exc), exc))
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + f"… ({len(message) - MAX_MESSAGE:,} more characters)\n"
    evalue = str(exc)
    return {"type": "error", "ename": type(exc).__name__, "evalue": evalue[:MAX_MESSAGE],
            "traceback": "".join(lines + [message]).rstrip("\n")}


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
        try:
            if not _current.truncated:  # past the output budget a figure is not even drawn
                data = base64.b64encode(_svg(fig)).decode("ascii")
                _current.add({"type": "figure", "mime": "image/svg+xml", "data": data, "alt": _alt(fig, num)}, data)
        except BaseException as exc:  # drawing runs the reader's callbacks and artists: their error
            _current.items.append(_error_item(exc, "<cell "))
        finally:
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
