"""Widgets and graded questions in the pages.

    {{ widget NAME }}     on a line of its own: an interactive widget (WIDGETS below) over build-time JSON
    ```quiz               a graded question, its YAML body documented in sitebuild/pages/quiz_html.py
    type: choice
    ...
    ```

Both become plain HTML that reads well without JavaScript: a widget is a container with its data's
address and a table alternative (sitebuild/pages/widget_tables.py); a quiz lists question, options and answers.
WIDGETS is the one list of widgets: a name there needs its table (widget_tables.<name>) and its script
(browser/widgets/<name>.js), else the build fails naming what is missing; the build writes the names
into assets/widgets/known.js, the list widgets.js loads `<name>.js` from.
assets/widgets/widgets.js (browser/widgets/, shipped by sitebuild/browser_assets.py) brings them to life. This hook
runs before explainers_hook (whose directive syntax `{{ … }}` it shares); an unknown widget or a malformed
quiz fails the build, naming the page.
"""
from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from . import fences
from . import quiz_answers
from . import quiz_html
from . import widget_tables
from ..build_state import Build
from ..paths import BROWSER

# NAME -> (the generated JSON it reads, what it is, for the no-JS note)
WIDGETS = {
    "replay": ("widgets_parens/replay.json", "a replay of the trained LSTM, character by character"),
    "force": ("widgets_parens/forcing.json", "switches that pin each gate open or closed"),
    "cvh": ("widgets_parens/replay.json", "the cell c and the output h of any unit"),
    "owntext": ("widgets_parens/replay.json", "the replay of a sentence you type"),
    "gradlab": ("widgets_cliff/grid.json", "sliders for the spectral radius, forget bias and length"),
    "gradpaths": ("gradpaths/grid.json", "sliders for a random LSTM's forget bias and recurrent scale"),
    "bank": ("widgets_bank/examples.json", "forward vs bidirectional sense of 'bank', word by word"),
    "intervene": ("intervene/intervene.json", "a choice of beginning, a gate or cell to force and the words to force it at, "
                  "with the forced and unforced next-word distributions side by side"),
    "connectivity": ("connectivity/text.json", "a heatmap under a text you point at or type: how much each earlier character moves the trained RNN's, LSTM's or GRU's prediction (the size of ∂zₜ/∂xₛ)"),
    "sandbox": ("widgets_sandbox/sandbox.json", "a sandbox of sliders that pin the gates f, i, o and the candidate g of one LSTM unit"),
    "trainchar": ("trainchar/trainchar.json", "a character model that trains in this page: Train and Stop, its loss curve, samples and a probe as it learns"),
}
WIDGET_LINE = re.compile(r"^\{\{\s*widget\s+([^\s{}]*)\s*\}\}\s*$")
ANY_WIDGET = re.compile(r"\{\{\s*widget\b[^}]*\}\}")
KNOWN_JS = "assets/widgets/known.js"


def on_config(config: MkDocsConfig, build: Build) -> MkDocsConfig:
    build.markdown = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """known.js: the names of WIDGETS, for widgets.js; each one's table and script checked first."""
    for name in WIDGETS:
        if not callable(getattr(widget_tables, name, None)):
            raise PluginError(f"widgets: widget '{name}' has no table: add {name}(data) to sitebuild/pages/widget_tables.py")
        if not (BROWSER / "widgets" / f"{name}.js").is_file():
            raise PluginError(f"widgets: widget '{name}' has no script: browser/widgets/{name}.js is missing")
    text = ("// Written by sitebuild/pages/widgets.py from its WIDGETS: the widgets widgets.js may load.\n"
            f"export const KNOWN = {json.dumps(list(WIDGETS))};\n")
    files.append(File.generated(config, KNOWN_JS, content=text))
    return files


def render_md(md: markdown.Markdown, text: str, inline: bool = False) -> str:
    md.reset()
    out = md.convert(text).strip()
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out.replace("\n\n", "\n")  # a raw HTML block in the page must have no blank line


def widget_html(name: str, page, files: Files) -> str:
    src = page.file.src_uri
    if name not in WIDGETS:
        raise PluginError(f"{src}: unknown widget '{name}' in '{{{{ widget {name} }}}}'; "
                          f"known widgets: {', '.join(WIDGETS)}")
    data_path, what = WIDGETS[name]
    file = files.get_file_from_path(f"generated/{data_path}")
    if file is None:
        raise PluginError(f"{src}: widget '{name}' needs generated/{data_path}, which no explainer wrote")
    data = json.loads(Path(file.abs_src_path).read_text())
    summary, table = getattr(widget_tables, name)(data)
    return (f'<div class="widget" data-widget="{name}" data-src="generated/{data_path}">\n'
            f'<p class="widget-nojs">With JavaScript on, this is {html.escape(what)}.</p>\n'
            f'<details class="widget-table"><summary>{html.escape(summary)}</summary>\n{table}\n</details>\n</div>')


def on_page_markdown(markdown_text: str, page, config, files, build: Build) -> str:
    """Quiz fences become their HTML, `{{ widget NAME }}` lines the widget's; other fences stay as written."""
    src = page.file.src_uri
    out, n = [], 0
    for part in fences.split(markdown_text):
        if isinstance(part, fences.Fence) and part.info == "quiz":
            if part.indent:
                raise PluginError(f"{src}: a quiz fence must start at the beginning of a line (no indent)")
            n += 1
            if part.closing is None:
                raise PluginError(f"{src}: quiz {n} has no closing fence")
            out.append(_quiz(part.body, n, page, functools.partial(render_md, build.markdown)))
        elif isinstance(part, fences.Fence):
            out.append(part)
        elif w := WIDGET_LINE.match(part):
            out += ["", widget_html(w.group(1), page, files), ""]
        elif ANY_WIDGET.search(part):
            raise PluginError(f"{src}: '{ANY_WIDGET.search(part).group(0)}' must be on a line of its own")
        else:
            out.append(part)
    return fences.join(out)


def _quiz(body: list[str], n: int, page, render) -> str:
    src = page.file.src_uri
    slug = re.sub(r"[^a-z0-9]+", "-", src.removesuffix(".md").lower()).strip("-") or "page"
    try:
        spec = quiz_html.parse("\n".join(body))
        if spec["type"] == "predict":
            spec["value"] = quiz_answers.answer(spec)
        return "\n" + quiz_html.to_html(spec, f"quiz-{slug}-{n}", render) + "\n"
    except quiz_html.QuizError as exc:
        raise PluginError(f"{src}: quiz {n} is malformed: {exc}") from None


def on_page_content(content: str, page, config, files) -> str:
    if "language-quiz" in content:  # a quiz fence the widgets step did not see (e.g. indented in a list)
        raise PluginError(f"{page.file.src_uri}: a ```quiz fence was not recognised; start it at column 0")
    return content
