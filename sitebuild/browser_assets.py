"""What the reader's browser runs (browser/) into the site: browser/<room>/<file> as assets/<room>/<file>.

The scripts, styles and glue.py live outside docs/ so that the tree shows them as code, not content, yet
they keep the URLs they always had. Every build gets them, also one whose docs_dir is a test's own folder
(a file that docs folder already has is left as it is). The steps after this one transform some of them:
cells_assets bundles the editor and drops early.js (cells_early inlines it), offline moves sw.js to /sw.js.
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from . import site_files
from .paths import BROWSER


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for room in sorted(p for p in BROWSER.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        site_files.ship_folder(files, config, room, f"assets/{room.name}")
    return files
