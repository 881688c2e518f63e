"""Worker-side glue: one Python namespace per page, every run through explainers.cells.run_cell,
the same function the build uses, so a cell prints in the browser what it printed at build time."""
import json

# Importing it also selects its off-screen matplotlib backend (a worker has no DOM to draw in).
from explainers.cells import run_cell

NAMESPACE = {"__name__": "__main__"}


def run(code, cell_name):
    """Run one cell in the page's namespace; return its output items as a JSON string."""
    try:
        items = run_cell(code, NAMESPACE, cell_name)
    except MemoryError:  # raised outside the cell's own try, e.g. while capturing its output
        items = [{"type": "error", "ename": "MemoryError", "evalue": "out of memory",
                  "traceback": "MemoryError: out of memory"}]
    return json.dumps(items)
