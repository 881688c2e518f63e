"""The project's own `explainers` wheel for the browser, built from the source tree and cached by content.

Not a step of the plugin itself: sitebuild/runtime/pyodide.py ships the wheel, sitebuild/pages/pycells.py keys its cache on
`source_hash()`. The wheel is built from a snapshot of the hashed files in a temp folder (so parallel
builds never share setuptools' build/ folder). Its version has no local label ("+src…"): a `+` in a URL
reads as a space on some static hosts (S3 website hosting). The site serves it in a folder named by its
sha256 (runtime/pyodide.py), so its URL changes whenever its bytes do and no cache serves a stale one.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..paths import ROOT, cache_dir

PACKAGE = ROOT / "explainers"
PACKAGE_DATA = ("*.py", "data/*.npz", "data/*.json")
METADATA_FILES = ("pyproject.toml", "README.md")  # the README is the wheel's long description


def package_files() -> list[Path]:
    """The files of the explainers package that its behaviour depends on, in a stable order."""
    found = {p for pattern in PACKAGE_DATA for p in PACKAGE.rglob(pattern) if "__pycache__" not in p.parts}
    return sorted(found)


_digests: dict = {}  # the files' (path, mtime, size) stamps -> their digest


def _digest(paths: list[Path]) -> str:
    """sha256 of the files' names and bytes; read once per version of the files (their stat stamps),
    so the steps that key their caches on it (cells, notebooks, quizzes) share one reading."""
    stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    if stamps not in _digests:
        h = hashlib.sha256()
        for p in paths:
            h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
        _digests[stamps] = h.hexdigest()
    return _digests[stamps]


def source_hash() -> str:
    """sha256 of the explainers package (code and data): what a cell's output can depend on."""
    return _digest(package_files())


def wheel_hash() -> str:
    return _digest(package_files() + [ROOT / name for name in METADATA_FILES])


def explainers_wheel() -> Path:
    """The cached wheel for the current source; built (about a second) only when the source changed."""
    key = wheel_hash()[:16]
    out = cache_dir() / "explainers-wheel" / key
    found = sorted(out.glob("explainers-*-py3-none-any.whl"))
    found = [w for w in found if "+" not in w.name]  # wheels cached before versions lost their label
    if found:
        return found[0]
    with tempfile.TemporaryDirectory(prefix="explainers-wheel-") as tmp:
        src = Path(tmp) / "src"
        _snapshot(src)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "315532800"}  # fixed zip timestamps: same bytes
        cmd = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--skip-dependency-check", "--outdir", str(Path(tmp) / "dist"), str(src)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise PluginError(f"site_wheel: building the explainers wheel failed:\n{proc.stdout}\n{proc.stderr}")
        wheels = list((Path(tmp) / "dist").glob("explainers-*-py3-none-any.whl"))
        if len(wheels) != 1:
            raise PluginError(f"site_wheel: expected one py3-none-any wheel, got {wheels}")
        out.mkdir(parents=True, exist_ok=True)
        partial = out / f"{wheels[0].name}.{os.getpid()}.part"
        shutil.copyfile(wheels[0], partial)
        partial.replace(out / wheels[0].name)  # atomic: a parallel build sees all of it or nothing
    return out / wheels[0].name


def _snapshot(dest: Path) -> None:
    """Copy exactly the hashed files."""
    for p in package_files() + [ROOT / name for name in METADATA_FILES]:
        target = dest / p.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, target)
