"""Maths rendered at build time: every pymdownx.arithmatex formula becomes KaTeX's HTML in the page.

Readers get typeset maths at once, with or without JavaScript, and the page runs no maths script (on a
long chapter KaTeX in the browser was a third of a second of the main thread, competing with its Python).
The pinned npm `katex` renders (hooks/katex_render.mjs, one Node process per page with new formulas);
results are cached by KaTeX's version and the formula in .cache/katex/. A formula KaTeX cannot parse
fails the build, naming the page and the formula. Notebooks keep their own `$…$`, rendered in the
browser by assets/js/math.js. Runs after the search plugin has indexed the page, which keeps the TeX.
"""
from __future__ import annotations

import html
import json
import os
import re
import subprocess

from mkdocs.exceptions import PluginError

import site_wheel

KATEX = site_wheel.ROOT / "node_modules" / "katex"
SCRIPT = site_wheel.ROOT / "hooks" / "katex_render.mjs"
FORMULA = re.compile(r'<(span|div) class="arithmatex">\\([(\[])(.*?)\\[)\]]</\1>', re.S)
_cache: dict = {"file": None, "html": {}, "new": 0}


def on_config(config):
    version = json.loads((KATEX / "package.json").read_text())["version"]
    path = site_wheel.cache_dir() / "katex" / f"rendered-{version}.json"
    _cache.update(file=path, html=json.loads(path.read_text()) if path.is_file() else {}, new=0)
    return config


def on_post_page(output: str, page, config) -> str:
    found = {(m.group(2) == "[", html.unescape(m.group(3))) for m in FORMULA.finditer(output)}
    missing = sorted(f for f in found if _key(*f) not in _cache["html"])
    if missing:
        _render(missing, page.file.src_uri)
    return FORMULA.sub(lambda m: _replacement(m), output)


def on_post_build(config) -> None:
    if _cache["new"]:
        path = _cache["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(f".{os.getpid()}.part")
        part.write_text(json.dumps(_cache["html"], sort_keys=True))
        part.replace(path)


def _key(display: bool, tex: str) -> str:
    return f"{'display' if display else 'inline'}:{tex}"


def _replacement(m: re.Match) -> str:
    display = m.group(2) == "["
    rendered = _cache["html"][_key(display, html.unescape(m.group(3)))]
    return f'<{m.group(1)} class="arithmatex">{rendered}</{m.group(1)}>'


def _render(formulas: list[tuple[bool, str]], src: str) -> None:
    proc = subprocess.run(["node", str(SCRIPT), str(KATEX)], input=json.dumps([[t, d] for d, t in formulas]),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise PluginError(f"math_prerender: KaTeX (node) failed on {src}:\n{proc.stderr}")
    for (display, tex), out in zip(formulas, json.loads(proc.stdout)):
        if "error" in out:
            raise PluginError(f"math_prerender: {src}: KaTeX cannot render {tex!r}: {out['error']}")
        _cache["html"][_key(display, tex)] = out["html"]
        _cache["new"] += 1
