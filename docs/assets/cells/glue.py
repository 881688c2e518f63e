"""Worker-side glue: one Python namespace per page, every run through explainers.cells.start_cell,
the browser's twin of the build's run_cell, so a cell prints in the browser what it printed at build time;
and the widgets' one way in, `call`: a function of the explainers package, JSON in and JSON out."""
import importlib
import json

# Importing it also selects its off-screen matplotlib backend (a worker has no DOM to draw in).
from explainers.cells import start_cell

NAMESPACE = {"__name__": "__main__"}
OUT_OF_MEMORY = [{"type": "error", "ename": "MemoryError", "evalue": "out of memory",
                  "traceback": "MemoryError: out of memory"}]


def run(code, cell_name):
    """Run one cell in the page's namespace: its output items as a JSON string, or, for a cell that
    awaits at top level, a coroutine of that string (the worker awaits it on Pyodide's event loop)."""
    try:
        started = start_cell(code, NAMESPACE, cell_name)
    except MemoryError:  # raised outside the cell's own try, e.g. while capturing its output
        return json.dumps(OUT_OF_MEMORY)
    return json.dumps(started) if isinstance(started, list) else _finish(started)


async def _finish(started):
    try:
        return json.dumps(await started)
    except MemoryError:
        return json.dumps(OUT_OF_MEMORY)


def call(module, function, args_json):
    """A widget's call of explainers' `module`.`function`(*args), args a JSON list: the answer as JSON,
    {"value": …} or {"error": {"ename", "evalue"}}. Nothing of it touches the page's namespace, and
    no Python source is assembled from the widget's data."""
    try:
        if module != "explainers" and not module.startswith("explainers."):
            raise ValueError(f"a widget may call the explainers package only, not {module!r}")
        value = getattr(importlib.import_module(module), function)(*json.loads(args_json))
        return json.dumps({"value": value})
    except Exception as exc:  # MemoryError included: the widget says it could not compute
        return json.dumps({"error": {"ename": type(exc).__name__, "evalue": str(exc)}})
