"""Maths rendered at build time: every pymdownx.arithmatex formula becomes KaTeX's HTML in the page.

Readers get typeset maths at once, with or without JavaScript, and the page runs no maths script (on a
long chapter KaTeX in the browser was a third of a second of the main thread, competing with its Python).
The pinned npm `katex` renders (sitebuild/pages/katex_render.mjs): the formulas of every page are gathered as
its content is made, and those not yet cached are rendered in one Node process before the pages are
written (results are cached by KaTeX's version and the formula in .cache/katex/). A formula KaTeX cannot parse
fails the build, naming the page and the formula. Notebooks keep their own `$…$`, rendered in the
browser by assets/js/math.js. Runs after the search plugin has indexed the page, which keeps the TeX.

Each page preloads the KaTeX fonts its maths uses: discovered only once the CSS is applied, they came
a second after the first paint and re-wrapped every paragraph holding maths (a layout shift of 0.12 on
a phone's home page).
"""
from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

from mkdocs.utils import get_relative_url

from . import math_text
from ..build_state import Build
from ..paths import ROOT, cache_dir, write_json

KATEX = ROOT / "node_modules" / "katex"
SCRIPT = Path(__file__).resolve().with_name("katex_render.mjs")  # beside this module
FORMULA = re.compile(r'<(span|div) class="arithmatex">\\([(\[])(.*?)\\[)\]]</\1>', re.S)
SEARCH_FORMULA = re.compile(r"\\([(\[])(.*?)\\[)\]]", re.S)
NOTEBOOK_FORMULA = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$([^$\s](?:[^$]*?[^$\s])?)\$(?![\w$])", re.S)
CLASSES = re.compile(r'class="([^"]*)"')
FONTS_DIR = "assets/vendor/katex/fonts"
# KaTeX's classes (katex.css) and the font each sets; "delimsizing"'s sizeN are listed apart below.
FONT_OF = {
    "katex": "Main-Regular", "mathnormal": "Math-Italic", "mathit": "Main-Italic", "mathbf": "Main-Bold",
    "textbf": "Main-Bold", "boldsymbol": "Math-BoldItalic", "amsrm": "AMS-Regular", "mathbb": "AMS-Regular",
    "textbb": "AMS-Regular", "small-op": "Size1-Regular", "large-op": "Size2-Regular",
    "delim-size1": "Size1-Regular", "delim-size4": "Size4-Regular", "mathcal": "Caligraphic-Regular",
    "mathsf": "SansSerif-Regular", "textsf": "SansSerif-Regular", "mathtt": "Typewriter-Regular",
    "texttt": "Typewriter-Regular", "mathscr": "Script-Regular", "mathfrak": "Fraktur-Regular",
}


def on_config(config, build: Build):
    version = json.loads((KATEX / "package.json").read_text())["version"]
    build.katex_file = path = cache_dir() / "katex" / f"rendered-{version}.json"
    build.katex_html = json.loads(path.read_text()) if path.is_file() else {}
    return config


def on_page_content(content: str, page, config, files, build: Build) -> str:
    for formula in _formulas(content):
        if _key(*formula) not in build.katex_html:
            build.katex_wanted.setdefault(formula, page.file.src_uri)
    return content


def on_env(env, config, files, build: Build):
    """Every page's content exists now and none is written yet: render what is new, all at once."""
    _render(build, build.katex_wanted)
    build.katex_wanted = {}
    return env


def on_post_page(output: str, page, config, build: Build) -> str:
    if page.file.src_uri.endswith(".ipynb"):  # typeset in the browser; its index entries keep $…$
        build.notebook_urls.add(page.url)
    # The template may add a formula no page content had (a heading's maths in the table of contents).
    _render(build, {f: page.file.src_uri for f in _formulas(output) if _key(*f) not in build.katex_html})
    output = FORMULA.sub(lambda m: _replacement(build.katex_html, m), output)
    links = "".join(f'<link rel="preload" href="{get_relative_url(f"{FONTS_DIR}/KaTeX_{font}.woff2", page.url)}" '
                    'as="font" type="font/woff2" crossorigin>' for font in fonts_used(output))
    return output.replace("</head>", links + "</head>", 1)


def fonts_used(page_html: str) -> list[str]:
    """The KaTeX fonts (as in KaTeX_<name>.woff2) that the typeset maths of a page is drawn in."""
    fonts = set()
    for attr in CLASSES.findall(page_html):
        tokens = attr.split()
        fonts.update(FONT_OF[t] for t in tokens if t in FONT_OF)
        if "delimsizing" in tokens:
            fonts.update(f"Size{t[4:]}-Regular" for t in tokens if re.fullmatch(r"size[1-4]", t))
    return sorted(fonts)


def on_post_build(config, build: Build) -> None:
    _plain_search_index(build, Path(config["site_dir"]) / "search" / "search_index.json")
    if build.katex_new:
        write_json(build.katex_file, build.katex_html)


def _plain_search_index(build: Build, index: Path) -> None:
    """The search plugin indexed each page before its maths was typeset: its results would show raw
    TeX (\\(h_t\\)). This plugin runs after search (mkdocs.yml lists it last), so the index is written by now: read its maths as text."""
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    notebook_docs = [d for d in data["docs"] if d["location"].split("#")[0] in build.notebook_urls]
    for doc in notebook_docs:  # a notebook's $…$ and $$…$$, written as a page's \(…\) and \[…\]
        for field in ("title", "text"):
            doc[field] = NOTEBOOK_FORMULA.sub(lambda m: f"\\[{m.group(1)}\\]" if m.group(1) else f"\\({m.group(2)}\\)", doc[field])
    # The index keeps a formula with its whitespace collapsed: look formulas up the same way.
    found = [(m.group(1) == "[", " ".join(html.unescape(m.group(2)).split()))
             for d in notebook_docs for m in SEARCH_FORMULA.finditer(d["text"])]
    known = {_collapsed(k) for k in build.katex_html}
    _render(build, {f: "the notebook's search index" for f in found if _key(*f) not in known})
    rendered_by = {_collapsed(k): v for k, v in build.katex_html.items()}

    def plain(m: re.Match) -> str:
        rendered = rendered_by.get(_key(m.group(1) == "[", " ".join(html.unescape(m.group(2)).split())))
        text = rendered and math_text.plain(rendered)
        return html.escape(text, quote=False) if text else m.group(0)

    for doc in data["docs"]:
        for field in ("title", "text"):
            doc[field] = SEARCH_FORMULA.sub(plain, doc[field])
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _formulas(text: str) -> set[tuple[bool, str]]:
    return {(m.group(2) == "[", html.unescape(m.group(3))) for m in FORMULA.finditer(text)}


def _collapsed(key: str) -> str:
    kind, tex = key.split(":", 1)
    return f"{kind}:{' '.join(tex.split())}"


def _key(display: bool, tex: str) -> str:
    return f"{'display' if display else 'inline'}:{tex}"


def _replacement(rendered_html: dict, m: re.Match) -> str:
    display = m.group(2) == "["
    rendered = rendered_html[_key(display, html.unescape(m.group(3)))]
    return f'<{m.group(1)} class="arithmatex">{rendered}</{m.group(1)}>'


def _render(build: Build, wanted: dict[tuple[bool, str], str]) -> None:
    """Render the formulas (each mapped to the page that has it, for the error message) into the
    build's cache."""
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
        build.katex_html[_key(display, tex)] = out["html"]
        build.katex_new += 1
