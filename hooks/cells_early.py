"""Every page loads assets/cells/early.js from <head>; on pages with code cells it starts their Python.

    <script async src=".../assets/cells/early.js" data-interpreter=".../pyodide.asm.wasm" [data-boot]>

early.js is async (it never holds up the page's own rendering) and classic (Chrome runs those as soon
as they arrive, async modules only once the page is nearly parsed). With data-boot it starts the page's
Python worker and compiles the interpreter while the reader is still reading; elsewhere it only stands
ready to compile the interpreter for a widget that asks for Python. Pages without cells download no
Python until something on them asks for it.
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import pyodide_runtime

CELL_MARK = '<div class="pycell" '


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    url = lambda path: get_relative_url(path, page.url)  # noqa: E731
    boot = " data-boot" if CELL_MARK in output else ""
    tag = (f'<script async src="{url("assets/cells/early.js")}" '
           f'data-interpreter="{url(pyodide_runtime.SITE_DIR + "/pyodide.asm.wasm")}"{boot}></script>\n')
    return output.replace("</head>", tag + "</head>", 1)
