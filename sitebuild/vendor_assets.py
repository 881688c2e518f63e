"""Serve third-party browser assets from the site itself (no CDN at run time).

Files come from the pinned npm packages in node_modules/ and enter the build as MkDocs files,
so `--strict` sees them like any page asset. A missing file stops the build and names itself.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .paths import ROOT
NODE_MODULES = ROOT / "node_modules"

# (npm package folder, glob inside it, folder under the site). KaTeX: the CSS lists woff2 first,
# which every supported browser takes, so the older font formats are never fetched and not shipped.
VENDORED = [
    ("katex/dist", "katex.min.js", "assets/vendor/katex"),
    ("katex/dist", "katex.min.css", "assets/vendor/katex"),
    ("katex/dist", "contrib/auto-render.min.js", "assets/vendor/katex"),
    ("katex/dist", "fonts/*.woff2", "assets/vendor/katex"),
]


def vendored_files() -> list[tuple[Path, str]]:
    """Every (source path, site path) pair to copy; raise if an npm package is not installed."""
    pairs = []
    for package_dir, pattern, dest in VENDORED:
        base = NODE_MODULES / package_dir
        matches = sorted(base.glob(pattern))
        if not matches:
            raise PluginError(
                f"vendor_assets: nothing matches {package_dir}/{pattern} in node_modules; "
                "run `npm ci` (make does it for you)"
            )
        pairs += [(src, f"{dest}/{src.relative_to(base).as_posix()}") for src in matches]
    return pairs


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for src, dest in vendored_files():
        files.append(File.generated(config, dest, abs_src_path=str(src)))
    return files
