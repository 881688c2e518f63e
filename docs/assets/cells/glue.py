"""Worker-side glue: one Python namespace per page, every run through explainers.cells.start_cell,
the browser's twin of the build's run_cell, so a cell prints in the browser what it printed at build time."""
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
