"""Maths rendered at build time: every pymdownx.arithmatex formula becomes KaTeX's HTML in the page.

Readers get typeset maths at once, with or without JavaScript, and the page runs no maths script (on a
long chapter KaTeX in the browser was a third of a second of the main thread, competing with its Python).
The pinned npm `katex` renders (hooks/katex_render.mjs): the formulas of every page are gathered as
its content is made, and those not yet cached are rendered in one Node process before the pages are
written (results are cached by KaTeX's version and the formula in .cache/katex/). A formula KaTeX cannot parse
fails the build, naming the page and the formula. Notebooks keep their own `$…$`, rendered in the
browser by assets/js/math.js. Runs after the search plugin has indexed the page, which keeps the TeX.
"""
from __future__ import annotations

import html
import json
import re
import subprocess

from mkdocs.exceptions import PluginError

import site_wheel

KATEX = site_wheel.ROOT / "node_modules" / "katex"
SCRIPT = site_wheel.ROOT / "hooks" / "katex_render.mjs"
FORMULA = re.compile(r'<(span|div) class="arithmatex">\\([(\[])(.*?)\\[)\]]</\1>', re.S)
_cache: dict = {"file": None, "html": {}, "new": 0, "wanted": {}}  # wanted: formula -> first page


def on_config(config):
    version = json.loads((KATEX / "package.json").read_text())["version"]
    path = site_wheel.cache_dir() / "katex" / f"rendered-{version}.json"
    _cache.update(file=path, html=json.loads(path.read_text()) if path.is_file() else {}, new=0, wanted={})
    return config


def on_page_content(content: str, page, config, files) -> str:
    for formula in _formulas(content):
        if _key(*formula) not in _cache["html"]:
            _cache["wanted"].setdefault(formula, page.file.src_uri)
    return content


def on_env(env, config, files):
    """Every page's content exists now and none is written yet: render what is new, all at once."""
    _render(_cache["wanted"])
    _cache["wanted"] = {}
    return env


def on_post_page(output: str, page, config) -> str:
    # The template may add a formula no page content had (a heading's maths in the table of contents).
    _render({f: page.file.src_uri for f in _formulas(output) if _key(*f) not in _cache["html"]})
    return FORMULA.sub(_replacement, output)


def on_post_build(config) -> None:
    if _cache["new"]:
        site_wheel.write_json(_cache["file"], _cache["html"])


def _formulas(text: str) -> set[tuple[bool, str]]:
    return {(m.group(2) == "[", html.unescape(m.group(3))) for m in FORMULA.finditer(text)}


def _key(display: bool, tex: str) -> str:
    return f"{'display' if display else 'inline'}:{tex}"


def _replacement(m: re.Match) -> str:
    display = m.group(2) == "["
    rendered = _cache["html"][_key(display, html.unescape(m.group(3)))]
    return f'<{m.group(1)} class="arithmatex">{rendered}</{m.group(1)}>'


def _render(wanted: dict[tuple[bool, str], str]) -> None:
    """Render the formulas (each mapped to the page that has it, for the error message) into the cache."""
    if not wanted:
        return
    formulas = sorted(wanted)
    proc = subprocess.run(["node", str(SCRIPT), str(KATEX)], input=json.dumps([[t, d] for d, t in formulas]),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise PluginError(f"math_prerender: KaTeX (node) failed on {sorted(set(wanted.values()))}:\n{proc.stderr}")
    for (display, tex), out in zip(formulas, json.loads(proc.stdout)):
        if "error" in out:
            raise PluginError(f"math_prerender: {wanted[display, tex]}: KaTeX cannot render {tex!r}: {out['error']}")
        _cache["html"][_key(display, tex)] = out["html"]
        _cache["new"] += 1
