"""Every page carries early.js inline, first in <head>; on pages with code cells it starts their Python.

    <script data-cells=".../assets/cells/" data-interpreter=".../pyodide.asm.wasm" [data-boot]>…</script>

Inline, not fetched, and before the stylesheets: it then runs the moment the parser reaches it (a
fetched script, even async, waits for the main thread, which a long chapter keeps busy parsing for a
few hundred ms; a script after a stylesheet waits for the stylesheet). It is small (minified by esbuild,
cached) and does nothing that blocks: with data-boot it starts the page's Python worker and compiles
the interpreter while the reader is still reading; elsewhere it only stands ready to compile the
interpreter for a widget that asks for Python. Pages without cells download no Python until something
on them asks for it. sitebuild/csp.py allows it by its hash, as every inline script.
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import pyodide
from ..build_state import Build
from .cells_assets import RUNTIME, minified_script
from ..csp import HEAD

CELL_MARK = '<div class="pycell" '


def on_config(config: MkDocsConfig, build: Build) -> MkDocsConfig:
    # Once per build, so that `mkdocs serve` sees an edit of early.js on the next one.
    build.early_script = minified_script(RUNTIME / "early.js")
    return config


def on_post_page(output: str, page: Page, config: MkDocsConfig, build: Build) -> str:
    url = lambda path: get_relative_url(path, page.url)  # noqa: E731
    boot = " data-boot" if CELL_MARK in output else ""
    cells = url("assets/cells/early.js").removesuffix("early.js")
    tag = (f'\n    <script data-cells="{cells}" '
           f'data-interpreter="{url(pyodide.SITE_DIR + "/pyodide.asm.wasm")}"{boot}>'
           f'{build.early_script}</script>')
    head = HEAD.search(output)
    return output if head is None else output[: head.end()] + tag + output[head.end():]
