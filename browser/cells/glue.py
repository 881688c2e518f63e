"""Worker-side glue: one Python namespace per page, every run through explainers.cells.start_cell,
the browser's twin of the build's run_cell, so a cell prints in the browser what it printed at build time;
and the widgets' one way in, `call`: a function of the explainers package, JSON in and JSON out; and its
long form, `stream_*`: a function that returns a generator, advanced a chunk at a time (the worker's
streams.js), so that it reports progress and can be stopped without ending the worker."""
import importlib
import inspect
import json
import time

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
        return json.dumps({"value": _explainers(module, function)(*json.loads(args_json))})
    except Exception as exc:  # MemoryError included: the widget says it could not compute
        return _error(exc)


def _explainers(module, function):
    if module != "explainers" and not module.startswith("explainers."):
        raise ValueError(f"a widget may call the explainers package only, not {module!r}")
    return getattr(importlib.import_module(module), function)


def _error(exc, **more):
    return json.dumps({**more, "error": {"ename": type(exc).__name__, "evalue": str(exc)}})


STREAMS = {}  # the worker's request id -> the generator of a long call still running


def stream_start(key, module, function, args_json):
    """Start a long call: explainers' `module`.`function`(*args) must return a generator, whose yields are
    its progress and whose return value is its answer. JSON {"started": true} or {"error": …}."""
    try:
        gen = _explainers(module, function)(*json.loads(args_json))
        if not inspect.isgenerator(gen):
            raise TypeError(f"{module}.{function} returned {type(gen).__name__}, not a generator: "
                            "call it with call(), not as a long call")
        STREAMS[key] = gen
        return json.dumps({"started": True})
    except Exception as exc:
        return _error(exc)


def stream_next(key, budget_s):
    """Advance long call `key` by at least one yield, and by more until about budget_s seconds have gone:
    JSON {"progress": [yields], "done": false}, or done with its "value" or Python's "error"."""
    gen, progress, start = STREAMS[key], [], time.perf_counter()
    try:
        while True:
            progress.append(next(gen))
            if time.perf_counter() - start >= budget_s:
                return json.dumps({"progress": progress, "done": False})
    except StopIteration as end:
        STREAMS.pop(key, None)
        return json.dumps({"progress": progress, "done": True, "value": end.value})
    except Exception as exc:
        STREAMS.pop(key, None)
        return _error(exc, progress=progress, done=True)


def stream_stop(key):
    """End long call `key` where it stands (its generator is closed: its finally blocks run)."""
    gen = STREAMS.pop(key, None)
    if gen is not None:
        gen.close()
