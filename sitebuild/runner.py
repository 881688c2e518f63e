"""Find, hash, run and cache the explainers (the build only, never in the browser wheel; see the contract
in ``explainers/figures``).

An explainer's cache key is a hash of its own source, every ``explainers.*`` module it imports
(found by reading the code, transitively: ``sourcefacts``), its ``DEPENDS`` files and the numpy and
matplotlib versions. Nothing is imported to decide that a cached result is still good, so an unchanged
build is cheap.
"""
from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from . import sourcefacts
from .paths import ROOT
from .sourcefacts import sources

FIGURES = ROOT / "explainers" / "figures"
CACHE_FORMAT = "2"  # 2: compute()'s data is kept (data.json) for the pages' claims
# Test-only: extra explainer modules (comma-separated dotted names), never set for the real site.
EXTRA_ENV = "EXPLAINERS_EXTRA"
DATA_FILE = "data.json"  # compute()'s dict, beside the outputs; not one of them (never shipped)


class ExplainerError(Exception):
    """An explainer failed; the message starts with its name."""


@dataclass
class Result:
    """One explainer's cached outputs: files (key.ext -> path), figures, tables, values."""

    name: str
    digest: str
    directory: Path
    figures: dict = field(default_factory=dict)   # key -> {"file", "alt", "caption"}
    tables: dict = field(default_factory=dict)    # key -> markdown
    values: dict = field(default_factory=dict)    # key -> formatted str
    files: list = field(default_factory=list)     # file names in `directory`
    computed: bool = False
    seconds: float = 0.0

    @functools.cached_property
    def data(self) -> dict:
        """compute()'s dict, read when a page's claim first needs it (sitebuild/pages/claims.py)."""
        return json.loads((self.directory / DATA_FILE).read_text(encoding="utf-8"))


def discover() -> dict[str, str]:
    """NAME -> dotted module name of every explainer (plus the test-only ``EXPLAINERS_EXTRA``)."""
    found = {}
    modules = [f"explainers.figures.{p.stem}" for p in sorted(FIGURES.glob("*.py")) if p.stem[0] != "_"]
    modules += [m for m in os.environ.get(EXTRA_ENV, "").split(",") if m]
    for module in modules:
        path = sourcefacts.module_file(module)
        name = sourcefacts.facts(module, path)["NAME"] if path else None
        if name is None:
            continue
        if name != module.rsplit(".", 1)[-1] or name in found:
            raise ExplainerError(f"{name}: NAME must equal the module's file name and be unique ({module})")
        found[name] = module
    return found


def content_hash(module: str) -> str:
    """The cache key of one explainer module (see the module docstring)."""
    files = sources(module)
    h = hashlib.sha256(_versions().encode())
    for mod in sorted(files):
        h.update(f"\0{mod}\0".encode() + files[mod].read_bytes())
    for pattern in sourcefacts.facts(module, files[module])["DEPENDS"] or ():
        matches = sorted(ROOT.glob(pattern))
        if not matches:
            raise ExplainerError(f"{module}: DEPENDS entry {pattern!r} matches no file")
        for p in matches:
            h.update(f"\0{p.relative_to(ROOT).as_posix()}\0".encode() + p.read_bytes())
    return h.hexdigest()[:20]


@functools.lru_cache(maxsize=None)
def _versions() -> str:
    """What else the outputs depend on: read once per process (package metadata is slow to read)."""
    return f"{CACHE_FORMAT} numpy {version('numpy')} mpl {version('matplotlib')}"


def _fresh_import(module: str):
    """Import ``module`` from its current source (``mkdocs serve`` keeps old modules in sys.modules)."""
    for name in [n for n in sys.modules if n == "explainers" or n.startswith("explainers.")]:
        del sys.modules[name]
    sys.modules.pop(module, None)
    importlib.invalidate_caches()
    return importlib.import_module(module)


def run(name: str, module: str, cache: Path) -> Result:
    """The explainer's outputs, from the cache when its hash is unchanged, else computed and cached."""
    digest = content_hash(module)
    directory = cache / f"{name}-{digest}"
    manifest = directory / "manifest.json"
    if manifest.is_file():
        return Result(directory=directory, **json.loads(manifest.read_text()))
    start = time.perf_counter()
    base, data, outputs, values = _compute(name, module)
    result = Result(name, digest, directory, computed=True)
    tmp = cache / f".{name}-{digest}.{os.getpid()}.tmp"  # two builds at once each write their own
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / DATA_FILE).write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    _write_outputs(tmp, result, base, outputs)
    result.values = _checked_values(name, values)
    result.seconds = round(time.perf_counter() - start, 3)
    _store(tmp, result, cache)
    return result


def _compute(name: str, module: str) -> tuple:
    """(the base module it sees, compute()'s data, render()'s outputs, values()) from a fresh import;
    anything the explainer raises becomes an ExplainerError that starts with its name."""
    try:
        mod = _fresh_import(module)
        base = importlib.import_module("explainers.figures.base")  # the one `mod` sees
        data = mod.compute()
        json.dumps(data)  # the contract: compute() returns JSON-serialisable data
        outputs = mod.render(data)
        values = mod.values(data) if hasattr(mod, "values") else {}
    except Exception as exc:
        raise ExplainerError(f"{name}: {type(exc).__name__}: {exc}") from exc
    return base, data, outputs, values


def _write_outputs(tmp: Path, result: Result, base, outputs: list) -> None:
    """Figures as .svg and Json as .json files in `tmp`; tables kept in the result."""
    for out in outputs:
        if isinstance(out, base.Figure):
            _write(tmp, result, f"{out.key}.svg", out.svg)
            result.figures[out.key] = {"file": f"{out.key}.svg", "alt": out.alt, "caption": out.caption}
        elif isinstance(out, base.Table):
            result.tables[out.key] = out.markdown
        elif isinstance(out, base.Json):
            text = json.dumps(out.obj, sort_keys=True, separators=(",", ":"), allow_nan=False)
            _write(tmp, result, f"{out.key}.json", text)
        else:
            raise ExplainerError(f"{result.name}: render() returned {type(out).__name__}, not Figure/Table/Json")


def _checked_values(name: str, values: dict) -> dict:
    bad = [k for k, v in values.items() if not (isinstance(k, str) and k.isidentifier() and isinstance(v, str))]
    if bad:
        raise ExplainerError(f"{name}: values() must map identifiers to str; bad keys {bad}")
    return dict(values)


def _store(tmp: Path, result: Result, cache: Path) -> None:
    """Write the manifest and move `tmp` into place as the one cached version of this explainer."""
    keep = {k: v for k, v in result.__dict__.items() if k not in ("directory", "computed", "seconds", "data")}
    (tmp / "manifest.json").write_text(json.dumps(keep, indent=1, sort_keys=True))
    for old in cache.glob(f"{result.name}-*"):  # one cached version per explainer is enough
        shutil.rmtree(old, ignore_errors=True)
    try:
        tmp.rename(result.directory)
    except OSError:  # another build stored the same result first: identical, keep theirs
        shutil.rmtree(tmp, ignore_errors=True)


def _write(tmp: Path, result: Result, file: str, text: str) -> None:
    if file == DATA_FILE:
        raise ExplainerError(f"{result.name}: the output name {file} is reserved for compute()'s data")
    if file in result.files:
        raise ExplainerError(f"{result.name}: two outputs are both called {file}")
    (tmp / file).write_text(text, encoding="utf-8")
    result.files.append(file)


def run_all(cache: Path) -> dict[str, Result]:
    """Every discovered explainer's Result, by NAME, in a stable order."""
    sourcefacts.load(cache / "source-facts.json")
    try:
        return {name: run(name, module, cache) for name, module in sorted(discover().items())}
    finally:
        sourcefacts.save()
