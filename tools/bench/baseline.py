"""The floor no Pyodide site can beat: a bare page that boots the same self-hosted Pyodide, loads numpy
and prints one number. Written into the built site by the benchmark, never part of the published site."""
from pathlib import Path

PAGE = """<!doctype html><meta charset="utf-8"><title>bare Pyodide baseline</title>
<pre id="out"></pre>
<script type="module">
const indexURL = new URL("../assets/pyodide/", location.href).href;
const { loadPyodide } = await import(indexURL + "pyodide.esm.js");
const py = await loadPyodide({ indexURL });
await py.loadPackage("numpy");
document.getElementById("out").textContent = py.runPython("import numpy as np; str(np.float64(1.5) * 2)");
window.__outputAt = performance.now(); // for the bench on every engine (tools/bench/engines.py)
</script>
"""


def write(site: Path) -> str:
    """Put the baseline page into the built site; return its path relative to the site root."""
    folder = site / "bench-baseline"
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(PAGE)
    return "bench-baseline/"
