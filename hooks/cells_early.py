"""Pages with code cells start their Python from <head>, while the reader is still reading.

`assets/cells/early.js` loads async (it never holds up the page's own rendering) and boots the page's
shared runtime; the modules it imports are preloaded next to it, so they download together rather than
one after another (their list is read from the static imports, so it cannot drift from the code).
Pages without cells get nothing: they never download Python.
"""
from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import site_wheel

FOLDER = site_wheel.ROOT / "docs/assets/cells"
EARLY = "early.js"
STATIC_IMPORT = re.compile(r'^import [^;]*? from "\./([\w.-]+\.js)";', re.M)
CELL_MARK = '<div class="pycell" '


def early_imports() -> list[str]:
    """Every module early.js imports, directly or not (config.js is generated: it imports nothing)."""
    seen, todo = [], [EARLY]
    while todo:
        path = FOLDER / todo.pop()
        for name in STATIC_IMPORT.findall(path.read_text() if path.is_file() else ""):
            if name not in seen:
                seen.append(name)
                todo.append(name)
    return seen


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if CELL_MARK not in output:
        return output
    url = lambda name: get_relative_url(f"assets/cells/{name}", page.url)  # noqa: E731
    tags = [f'<script type="module" async src="{url(EARLY)}"></script>']
    tags += [f'<link rel="modulepreload" href="{url(name)}">' for name in early_imports()]
    return output.replace("</head>", "\n".join(tags) + "\n</head>", 1)
