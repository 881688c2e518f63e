"""Wire the explainers into MkDocs: run them (cached), add their files, expand the page directives.

    {{ figure NAME[.key] }}   {{ table NAME[.key] }}   {{ value NAME.key }}   {{ claim NAME: expr }}

(the contract and the directives are documented in explainers/figures/__init__.py). Generated files
enter the build as MkDocs files under generated/<NAME>/, so `--strict` checks every link to them;
figures are then inlined as SVG so that their text takes the page's colour in light and dark mode.
"""
from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from . import claims
from .. import runner
from . import fences
from . import figure_size
from ..build_state import Build

from ..paths import ROOT
CACHE = Path(os.environ.get("EXPLAINERS_CACHE", ROOT / ".cache" / "explainers"))
KINDS = ("figure", "table", "value")
DIRECTIVE = re.compile(r"\{\{\s*([A-Za-z_]+)\s+([^\s{}]+)\s*\}\}")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
IMG = re.compile(r'<img [^>]*data-explainer="([a-z0-9_.]+)"[^>]*>')
log = logging.getLogger("mkdocs.plugins.gates.explainers")


def on_files(files: Files, config, build: Build) -> Files:
    try:
        build.results = results = runner.run_all(CACHE)
    except runner.ExplainerError as exc:
        raise PluginError(f"explainer {exc}") from exc
    ran = [f"{r.name} ({r.seconds:.1f} s)" for r in results.values() if r.computed]
    log.info(f"explainers: {len(results)} total, {len(ran)} computed" + (f": {', '.join(ran)}" if ran else ""))
    for r in results.values():
        for file in r.files:
            files.append(File.generated(config, f"generated/{r.name}/{file}", abs_src_path=str(r.directory / file)))
    return files


def _lookup(results: dict, kind: str, ref: str, page: str):
    """The figure dict, table markdown or value for `ref`, or a PluginError naming what is known."""
    name, _, key = ref.partition(".")
    known = {"figure": {n: r.figures for n, r in results.items()}, "table": {n: r.tables for n, r in results.items()},
             "value": {n: r.values for n, r in results.items()}}[kind]
    items = known.get(name, {})
    if not key and kind != "value" and len(items) == 1:
        key = next(iter(items))
    if key in items:
        return name, key, items[key]
    names = sorted(f"{n}.{k}" for n, d in known.items() for k in d)
    raise PluginError(f"{page}: unknown {kind} '{ref}' in '{{{{ {kind} {ref} }}}}'; known {kind}s: {', '.join(names) or 'none'}")


def _expand(results: dict, match: re.Match, page) -> str:
    kind, ref = match.group(1), match.group(2)
    src = page.file.src_uri
    if kind not in KINDS:
        raise PluginError(f"{src}: unknown directive '{match.group(0)}'; known kinds: {', '.join(KINDS)}")
    name, key, item = _lookup(results, kind, ref, src)
    if kind == "value":
        return item
    if kind == "table":
        return f"\n\n{item}\n\n"
    url = posixpath.relpath(f"generated/{name}/{item['file']}", posixpath.dirname(src) or ".")
    alt = re.sub(r"[\[\]\n]", " ", item["alt"])
    return (f'\n\n<figure class="explainer" id="fig-{name}-{key}" markdown="1">\n\n'
            f'![{alt}]({url}){{ data-explainer="{name}.{key}" }}\n\n'
            f'<figcaption markdown="span">{item["caption"]}</figcaption>\n\n</figure>\n\n')


def _expand_all(results: dict, text: str, page) -> str:
    """Check and drop the claims (sitebuild/pages/claims.py), then expand figures, tables and values."""
    text = claims.expand(text, results, page.file.src_uri)
    return DIRECTIVE.sub(lambda d: _expand(results, d, page), text)


def on_page_markdown(markdown: str, page, config, files, build: Build) -> str:
    """Expand the directives everywhere except in fenced code blocks and inline code."""
    return fences.join([part if isinstance(part, fences.Fence) else _expand_line(build.results, part, page)
                        for part in fences.split(markdown)])


def _expand_line(results: dict, line: str, page) -> str:
    pieces, last = [], 0
    for span in CODE_SPAN.finditer(line):  # inline code is left as it is
        pieces += [_expand_all(results, line[last:span.start()], page), span.group(0)]
        last = span.end()
    return "".join(pieces) + _expand_all(results, line[last:], page)


def _inline_svg(results: dict, ref: str) -> str:
    """The figure's SVG for inlining: ids made unique per figure, labelled with its alt text, never
    narrower than its text allows (figure_size), in a box that scrolls sideways below that width."""
    name, key = ref.split(".")
    item = results[name].figures[key]
    svg = (results[name].directory / item["file"]).read_text(encoding="utf-8")
    narrowest = figure_size.min_width(svg)
    prefix = f"{name}-{key}-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'(href="#|url\(#)([^")]+)', lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)
    svg = re.sub(r"\s(width|height)=\"[^\"]+\"", "", svg, count=2)  # size it with CSS, by its viewBox
    label = html.escape(item["alt"], quote=True)
    style = f' style="min-width: {narrowest}px"' if narrowest else ""
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="explainer-svg"{style} ', 1)
    # A span, not a div: the figure sits in the <p> Markdown made around its <img>.
    return f'<span class="explainer-scroll">{svg}</span>'



def on_post_page(output: str, page, config, build: Build) -> str:
    # Inlined into the finished page, after the search plugin has indexed its content: a figure's
    # thousands of SVG nodes are not words a reader searches for, and parsing them was a third of
    # a no-change rebuild.
    return IMG.sub(lambda m: _inline_svg(build.results, m.group(1)), output)
