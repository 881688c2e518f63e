"""The cells' browser runtime in the site (browser/cells/, shipped by sitebuild/browser_assets.py): the editor bundle.

The editor is CodeMirror 6 bundled by esbuild from editor.src.js at build time (never committed), cached
under .cache/ by a hash of its source and the npm lock file; it ships as `assets/cells/editor.js` and the
unbundled source does not ship. early.js does not ship either: cells_early.py inlines it, bundled with
its parts (early/, a folder, which browser_assets does not ship) and minified.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..paths import BROWSER, ROOT
RUNTIME = BROWSER / "cells"
SOURCE = "assets/cells/editor.src.js"
BUNDLE = "assets/cells/editor.js"
EARLY = "assets/cells/early.js"
ESBUILD = ROOT / "node_modules/.bin/esbuild"


def _cache_dir() -> Path:
    return Path(os.environ.get("SITE_CACHE_DIR", ROOT / ".cache")) / "cells-esbuild"


def editor_bundle(source: Path) -> Path:
    """The minified ES module for `source`; esbuild runs (about 0.1 s) only when an input changed."""
    return _esbuild(source, "editor", ["--bundle", "--format=esm"])


def minified_script(source: Path) -> str:
    """`source` and the modules of its folder of parts (early.js: early/) bundled into one classic
    script, minified, for inlining into pages: same caching as the editor's bundle."""
    parts = sorted(source.with_suffix("").glob("*.js"))
    return _esbuild(source, source.stem, ["--bundle", "--format=iife"], parts).read_text(encoding="utf-8").strip()


def _esbuild(source: Path, name: str, args: list[str], parts: list[Path] = ()) -> Path:
    """`parts`: the files `source` imports besides npm's, whose bytes the cache key must cover too."""
    inputs = source.read_bytes() + b"".join(p.name.encode() + b"\0" + p.read_bytes() for p in parts)
    key = hashlib.sha256(inputs + (ROOT / "package-lock.json").read_bytes()
                         + " ".join(args).encode()).hexdigest()[:16]
    out = _cache_dir() / f"{name}-{key}.js"
    if out.is_file():
        return out
    if not ESBUILD.exists():
        raise PluginError("cells_assets: node_modules/.bin/esbuild is missing; run `npm ci` (make does it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")  # parallel builds never see a half-written file
    proc = subprocess.run(
        [str(ESBUILD), str(source), *args, "--minify", "--target=es2020",
         "--legal-comments=none", "--log-level=warning", f"--outfile={tmp}"],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NODE_PATH": str(ROOT / "node_modules")},  # wherever the source file is
    )
    if proc.returncode != 0:
        raise PluginError(f"cells_assets: esbuild failed on {source.name}:\n{proc.stderr}")
    tmp.replace(out)
    return out


def on_files(files: Files, config: MkDocsConfig) -> Files:
    source = files.get_file_from_path(SOURCE)
    if source is None:
        raise PluginError(f"cells_assets: {RUNTIME / 'editor.src.js'} is missing")
    files.remove(source)
    files.append(File.generated(config, BUNDLE, abs_src_path=str(editor_bundle(Path(source.abs_src_path)))))
    early = files.get_file_from_path(EARLY)  # inlined into every page by cells_early.py, not fetched
    if early is not None:
        files.remove(early)
    return files
