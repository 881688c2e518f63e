"""The floor no Pyodide site can beat: a bare page that boots the same self-hosted Pyodide, loads numpy
and prints one number; on the page's main thread, and in a module worker as our pages do (the floor for
a page that keeps its Python off the main thread). Written into the built site by the benchmark, never
part of the published site."""
from pathlib import Path

# What both floors run, line for line: `py` is then up with numpy, and OUTPUT is the number to print.
BOOT = """const indexURL = new URL("../assets/pyodide/", location.href).href;
const { loadPyodide } = await import(indexURL + "pyodide.esm.js");
const py = await loadPyodide({ indexURL });
await py.loadPackage("numpy");
"""
OUTPUT = 'py.runPython("import numpy as np; str(np.float64(1.5) * 2)")'

PAGE = f"""<!doctype html><meta charset="utf-8"><title>bare Pyodide baseline</title>
<pre id="out"></pre>
<script type="module">
{BOOT}document.getElementById("out").textContent = {OUTPUT};
window.__outputAt = performance.now(); // for the bench on every engine (tools/bench/engines.py)
</script>
"""


def write(site: Path) -> str:
    """Put the baseline page into the built site; return its path relative to the site root."""
    folder = site / "bench-baseline"
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(PAGE)
    return "bench-baseline/"


WORKER_PAGE = """<!doctype html><meta charset="utf-8"><title>bare Pyodide baseline, in a worker</title>
<pre id="out"></pre>
<script type="module">
const worker = new Worker(new URL("worker.js", location.href), { type: "module" });
worker.onmessage = ({ data }) => {
  document.getElementById("out").textContent = data;
  window.__outputAt = performance.now(); // for the bench on every engine (tools/bench/engines.py)
};
</script>
"""
WORKER = f"""{BOOT}postMessage({OUTPUT});
"""


def write_worker(site: Path) -> str:
    """Put the bare page whose Pyodide runs in a module worker into the built site; its path."""
    folder = site / "bench-baseline-worker"
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(WORKER_PAGE)
    (folder / "worker.js").write_text(WORKER)
    return "bench-baseline-worker/"
