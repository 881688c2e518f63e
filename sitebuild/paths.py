"""Where the build finds things and keeps its caches: one definition for every step."""
from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository
BROWSER = ROOT / "browser"  # what the reader's browser runs, shipped as assets/ (browser_assets.py)


def cache_dir() -> Path:
    """Where every generated runtime artifact lives; SITE_CACHE_DIR lets tests use their own."""
    return Path(os.environ.get("SITE_CACHE_DIR", ROOT / ".cache"))


def write_json(path: Path, value) -> None:
    """Write a cache file whole or not at all: a parallel build never reads a half-written one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(f".{os.getpid()}.part")
    part.write_text(json.dumps(value))
    part.replace(path)
