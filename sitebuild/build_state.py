"""What one build keeps between its events: made by the plugin (sitebuild/plugin.py) on_config, handed
to each step handler that names a `build` parameter, gone with the build.

Not module globals, and not the plugin instance: MkDocs keeps one GatesPlugin for the whole process
(it has on_startup), so `mkdocs serve`'s rebuilds and a test's builds would share it. The state rides
on the build's own config instead, which every later event is given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ATTRIBUTE = "gates_build"  # the config's attribute that holds its Build


@dataclass
class Build:
    """One build's state, one field per need, named after the step that keeps it."""

    command: str = "build"               # how MkDocs was started: offline ships nothing under `serve`
    early_script: str = ""               # cells_early: early.js minified
    results: dict = field(default_factory=dict)        # explainers_hook: NAME -> runner.Result
    katex_file: Path | None = None       # math_prerender: the rendered-formula cache on disk
    katex_html: dict = field(default_factory=dict)     # math_prerender: "inline:TeX" -> KaTeX's HTML
    katex_new: int = 0                   # math_prerender: formulas rendered by this build (then saved)
    katex_wanted: dict = field(default_factory=dict)   # math_prerender: (display, TeX) -> first page
    notebook_urls: set = field(default_factory=set)    # math_prerender: pages whose maths is $…$
    sw_source: str = ""                  # offline: browser/offline/sw.js as this build read it
    cell_pages: int = 0                  # pycells: pages with cells
    cell_pages_run: int = 0              # pycells: of those, run rather than read from the cache
    markdown: Any = None                 # widgets: a Markdown for quiz text, set up as the pages' is
