"""Code cells: the ```pycell fence, run at build time so every page shows its cells' output.

Options go in the fence header: ```pycell hidden (or `setup`: runs, not shown), `raises` (must raise:
the build fails if it does not), `readonly`. A page's cells run in page order in one namespace, in a
fresh Python per page, through explainers.cells.run_cell: the twin of the browser worker's start_cell
(one generator of steps, two ways of waiting for a top-level await), so both show the same output. A cell that raises unexpectedly fails the build, naming page and cell.
Outputs are cached per page by the hash of its cells and of the explainers package.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import tempfile

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from pymdownx.superfences import SuperFencesException

from . import pycell_html
from ..runtime import site_wheel
from ..build_state import Build
from ..paths import ROOT, cache_dir, write_json

log = logging.getLogger("mkdocs.plugins.gates.pycells")
OPTIONS = ("hidden", "setup", "raises", "readonly")
TIMEOUT = 300  # seconds for all of one page's cells


def validate(language, inputs, options, attrs, md) -> bool:
    """Accept only the known bare-word options; anything else is an authoring error that names itself."""
    for key, value in inputs.items():
        if key not in OPTIONS or value != key:
            raise SuperFencesException(f"pycell: unknown fence option {key!r} (known: {', '.join(OPTIONS)})")
        options[key] = True
    return True


def format_cell(source, language, class_name, options, md, **kwargs) -> str:
    highlighted = md.preprocessors["fenced_code_block"].highlight(
        src=source, language="python", options={}, md=md, classes=[], id_value="", attrs={})
    return pycell_html.cell_html(highlighted, source, [k for k in OPTIONS if options.get(k)])


def on_config(config: MkDocsConfig, build: Build) -> MkDocsConfig:
    if "pymdownx.superfences" not in config.markdown_extensions:
        raise PluginError("pycells: the pycell fence needs pymdownx.superfences in markdown_extensions")
    fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
    fences[:] = [f for f in fences if f.get("name") != "pycell"]
    fences.append({"name": "pycell", "class": "pycell", "format": format_cell, "validator": validate})
    return config


def on_post_build(config: MkDocsConfig, build: Build) -> None:
    if build.cell_pages:
        n = build.cell_pages
        log.info(f"pycells: {n} page{'' if n == 1 else 's'} with cells, {build.cell_pages_run} run, the rest from the cache")


def page_slug(src_uri: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", src_uri.removesuffix(".md").lower()).strip("-") or "page"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files, build: Build) -> str:
    matches = list(pycell_html.CELL_RE.finditer(html))
    if not matches:
        return html
    slug = page_slug(page.file.src_uri)
    cells = [{"code": pycell_html.source_of(m), "name": f"{slug}-{i}", "flags": sorted(pycell_html.flags_of(m))}
             for i, m in enumerate(matches, 1)]
    build.cell_pages += 1
    outputs, ran = page_outputs(page.file.src_uri, cells)
    build.cell_pages_run += ran
    parts, end = [], 0
    for m, cell, items in zip(matches, cells, outputs):
        parts += [html[end:m.start()], pycell_html.filled(m, cell["name"], items)]
        end = m.end()
    return "".join(parts) + html[end:]


def page_outputs(src_uri: str, cells: list[dict]) -> tuple[list[list[dict]], bool]:
    """Each cell's output items, and whether they were run: from the cache, or by running the page's
    cells (then checked)."""
    key = hashlib.sha256(json.dumps([cells, site_wheel.source_hash(), sys.version], sort_keys=True).encode()).hexdigest()
    cached = cache_dir() / "pycells" / f"{key}.json"
    if cached.is_file():
        return json.loads(cached.read_text()), False
    outputs = run_page(src_uri, cells)
    problems = [_problem(src_uri, c, items) for c, items in zip(cells, outputs)]
    problems = [p for p in problems if p]
    if problems:
        raise PluginError("\n\n".join(problems))
    write_json(cached, outputs)
    return outputs, True


def run_page(src_uri: str, cells: list[dict]) -> list[list[dict]]:
    """Run the cells in a fresh Python (like a fresh worker in the browser), in a scratch folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
    request = json.dumps({"cells": [{"code": c["code"], "name": c["name"]} for c in cells]})
    with tempfile.TemporaryDirectory(prefix="pycells-") as scratch:
        try:
            proc = subprocess.run([sys.executable, "-m", "explainers.cells"], input=request, cwd=scratch,
                                  env=env, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise PluginError(f"pycells: {src_uri}: the page's cells ran longer than {TIMEOUT} s")
    if proc.returncode != 0:
        raise PluginError(f"pycells: {src_uri}: the cell runner failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def _problem(src_uri: str, cell: dict, items: list[dict]) -> str | None:
    """What is wrong with a cell's run, naming page and cell, or None."""
    errors = [i for i in items if i["type"] == "error"]
    number = cell["name"].rsplit("-", 1)[1]
    first = next((line.strip() for line in cell["code"].splitlines() if line.strip()), "")
    where = f"pycells: {src_uri}: cell {number} ({first!r})"
    if errors and "raises" not in cell["flags"]:
        e = errors[0]
        return f"{where} raised {e['ename']}: {e['evalue']}\n{e['traceback']}"
    if not errors and "raises" in cell["flags"]:
        return f"{where} is marked `raises` but ran without an error"
    return None
