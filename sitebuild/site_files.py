"""Shipping a folder of the site's own assets into every build. Not a step of the plugin itself.

Why: a test may build its own docs folder with the real mkdocs.yml; what the browser runs (browser/)
must reach that site too. A file the docs folder already has is left as it is.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def ship_folder(files: Files, config: MkDocsConfig, folder: Path, dest: str) -> None:
    """Add every file directly in `folder` as `dest/<name>`, unless the build has that file already."""
    for path in sorted(folder.iterdir()):
        uri = f"{dest}/{path.name}"
        if path.is_file() and files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
