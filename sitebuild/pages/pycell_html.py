"""The HTML of a code cell: the contract between the build (sitebuild/pages/pycells.py) and the browser runtime.

    <div class="pycell" data-cell="SLUG-N" data-state="idle" [data-hidden hidden] [data-raises] [data-readonly]>
      <div class="pycell-code"> highlighted Python, as pymdownx.highlight renders a fence </div>
      <script type="text/x-python" class="pycell-source">EXACT SOURCE</script>
      <div class="pycell-output" data-cell-output data-origin="build">
        <p class="pycell-origin">computed at build time</p>       (only if there is output)
        <pre class="pycell-stdout|pycell-stderr|pycell-result|pycell-error">text</pre>
        <figure class="pycell-figure"><img src="data:MIME;base64,DATA" alt="ALT"></figure>
        <p class="pycell-note">text</p>
      </div>
    </div>

The source block never executes (its type is not JavaScript). Its text is the cell's source except
that `</script` and `<!--` are written `<\\/script` and `<\\!--`, which an HTML parser would otherwise
act on: read it as `textContent.replace(/<\\\\(\\/script|!--)/gi, "<$1")`. Output items keep their order.
"""
from __future__ import annotations

import html
import re

PLACEHOLDER = "@pycell@"
OUTPUT_OPEN = '<div class="pycell-output" data-cell-output data-origin="build">'
FLAGS = {"hidden": " data-hidden hidden", "setup": " data-hidden hidden", "raises": " data-raises",
         "readonly": " data-readonly"}
CELL_RE = re.compile(
    rf'<div class="pycell" data-cell="{PLACEHOLDER}"(?P<attrs>[^>]*)>.*?'
    r'<script type="text/x-python" class="pycell-source">(?P<src>.*?)</script>\s*'
    + re.escape(OUTPUT_OPEN) + "</div>", re.S)
_ESCAPE_RE = re.compile(r"<(/script|!--)", re.I)
_UNESCAPE_RE = re.compile(r"<\\(/script|!--)", re.I)


def cell_html(highlighted: str, source: str, flags: list[str]) -> str:
    """A cell as the Markdown fence renders it: data-cell and the output are filled in per page."""
    attrs = "".join(dict.fromkeys(FLAGS[f] for f in flags))
    script_text = _ESCAPE_RE.sub(lambda m: "<\\" + m.group(1), source)
    return (f'<div class="pycell" data-cell="{PLACEHOLDER}" data-state="idle"{attrs}>\n'
            f'<div class="pycell-code">{highlighted}</div>\n'
            f'<script type="text/x-python" class="pycell-source">{script_text}</script>\n'
            f"{OUTPUT_OPEN}</div>\n</div>")


def source_of(match: re.Match) -> str:
    return _UNESCAPE_RE.sub(lambda m: "<" + m.group(1), match.group("src"))


def flags_of(match: re.Match) -> set[str]:
    attrs = match.group("attrs")
    return {name for name in ("hidden", "raises", "readonly") if f"data-{name}" in attrs}


def filled(match: re.Match, cell_id: str, items: list[dict]) -> str:
    """The matched cell with its id and its build-time output."""
    text = match.group(0).replace(f'data-cell="{PLACEHOLDER}"', f'data-cell="{cell_id}"', 1)
    body = "".join(item_html(item) for item in items)
    if body:
        body = '<p class="pycell-origin">computed at build time</p>' + body
    return text[: -len("</div>")] + body + "</div>"


def item_html(item: dict) -> str:
    kind = item["type"]
    if kind in ("stdout", "stderr", "result"):
        return f'<pre class="pycell-{kind}" tabindex="0">{html.escape(item["text"], quote=False)}</pre>'
    if kind == "error":
        return f'<pre class="pycell-error" tabindex="0">{html.escape(item["traceback"], quote=False)}</pre>'
    if kind == "figure":
        return (f'<figure class="pycell-figure"><img src="data:{item["mime"]};base64,{item["data"]}" '
                f'alt="{html.escape(item["alt"])}"></figure>')
    if kind == "note":
        return f'<p class="pycell-note">{html.escape(item["text"])}</p>'
    raise ValueError(f"unknown output item type {kind!r}")
