"""Notebooks: executed at build (cached), rendered by mkdocs-jupyter, served without any CDN.

Why not mkdocs-jupyter's own `execute`: its cache is keyed by the notebook alone, so an edit to
`explainers/` would leave stale outputs. Here a notebook is executed with nbclient, keyed by its bytes
*and* the explainers source, and mkdocs-jupyter is pointed at the executed copy (which is also what
readers download). A failing cell stops the build naming the notebook and the cell. mkdocs-jupyter's
template adds MathJax and mermaid from a CDN; those tags are removed and the site's KaTeX renders the maths.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from ..runtime import site_wheel

from ..paths import ROOT, cache_dir
CACHE = cache_dir() / "notebooks"
TIMEOUT = 300  # seconds per cell: generous for a 2-core machine, bounded for a runaway cell
# Scripts mkdocs-jupyter's template adds: MathJax from a CDN (or with an empty src when no URL is set).
CDN_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"(?:(?:https?:)?//[^\"]*)?\"[^>]*>\s*</script>", re.I)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>.*?</script>", re.I | re.S)


def source_key(notebook: Path) -> str:
    """Hash of the notebook and of the explainers package (the same hash the code cells are keyed on)."""
    return hashlib.sha256(notebook.read_bytes() + site_wheel.source_hash().encode()).hexdigest()[:16]


def execute(notebook: Path, out: Path) -> None:
    """Run every cell in a fresh kernel started in the repository (so `import explainers` works)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(ROOT)}})
    try:
        client.execute()
    except CellExecutionError as err:
        index = next((i for i, c in enumerate(nb.cells) if _failed(c)), "?")
        raise PluginError(f"notebook {notebook.name}: cell {index} raised:\n{err}") from None
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)


def _failed(cell) -> bool:
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


@event_priority(-100)  # after mkdocs-jupyter has wrapped the file: the wrapper's path is the one it reads
def on_files(files: Files, config) -> Files:
    for file in files:
        if not file.src_uri.endswith(".ipynb"):
            continue
        src = Path(file.abs_src_path)
        executed = CACHE / source_key(src) / src.name
        if not executed.exists():
            execute(src, executed)
        file.abs_src_path = str(executed)
    return files


def on_page_content(html: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    return INLINE_SCRIPT.sub("", CDN_SCRIPT.sub("", html))
