"""The site's Python snapshot: the interpreter's memory just after Python started, made by the site's own
Pyodide in Node (python_snapshot.mjs) with the browser's recipe (browser/cells/python.js), so that a
reader's first visit restores it instead of starting Python (site_snapshot.js fetches it).

Not a step of the plugin itself: sitebuild/runtime/pyodide.py ships what `site_snapshot` returns.
Shipped gzip-compressed (hosts do not compress a .bin; 20 MB of memory become about 6), in a folder named
by its digest like the rebuilt wheels, so no cache answers for it with other bytes. The same inputs give
the same bytes; cached by them in .cache/pyodide/snapshot/.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..paths import BROWSER, cache_dir, write_json

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "python_snapshot.mjs"
# What the snapshot is made of besides Pyodide itself: the recipe and the header check live in these,
# and this module writes what is cached beside it.
INPUTS = [SCRIPT, BROWSER / "cells" / "python.js", BROWSER / "cells" / "snapshot_store.js", Path(__file__).resolve()]
NAME = "python-snapshot.bin"


@dataclass(frozen=True)
class Snapshot:
    """The compressed snapshot on disk and what config.js tells the browser about it."""
    path: Path
    length: int  # unpacked
    head: str  # snapshot_store.js's headOf of the unpacked bytes
    sha256: str  # of the compressed file, as shipped

    def site_name(self) -> str:
        """Its path under assets/pyodide/, in a folder named by its digest."""
        return f"{self.sha256[:16]}/{NAME}"

    def integrity(self) -> str:
        """What fetch(url, {integrity}) checks the shipped bytes against."""
        return "sha256-" + base64.b64encode(bytes.fromhex(self.sha256)).decode()


def site_snapshot(pyodide_dir: Path) -> Snapshot:
    """The snapshot of the Pyodide in `pyodide_dir` (made once per inputs, then taken from the cache)."""
    folder = cache_dir() / "pyodide" / "snapshot" / _key(pyodide_dir)
    path, meta = folder / f"{NAME}.gz", folder / "meta.json"
    if not (path.is_file() and meta.is_file()):
        _make(pyodide_dir, folder)
    facts = json.loads(meta.read_text())
    return Snapshot(path, facts["length"], facts["head"], facts["sha256"])


def _make(pyodide_dir: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / f"{NAME}.{os.getpid()}.part"
    try:
        proc = subprocess.run(["node", str(SCRIPT), str(pyodide_dir), str(raw)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise PluginError(f"python_snapshot: Pyodide (node) could not make the site's Python snapshot:\n"
                              f"{proc.stderr.strip()[-2000:]}")
        facts = json.loads(proc.stdout)
        data = raw.read_bytes()
    finally:
        raw.unlink(missing_ok=True)
    if len(data) != facts["length"]:
        raise PluginError(f"python_snapshot: the snapshot is {len(data)} bytes, node said {facts['length']}")
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    part = folder / f"{NAME}.gz.{os.getpid()}.part"
    part.write_bytes(packed)
    part.replace(folder / f"{NAME}.gz")
    # Last: its presence says the snapshot beside it is whole. Its digest is kept, so that a rebuild
    # reads neither the snapshot nor Pyodide's large files.
    write_json(folder / "meta.json", {**facts, "sha256": hashlib.sha256(packed).hexdigest()})


def _key(pyodide_dir: Path) -> str:
    """The inputs' digest: the scripts and Pyodide's package.json, whose version npm ci holds to the
    locked tarball's bytes (as wheel_bytecode.py keys on it)."""
    h = hashlib.sha256()
    for path in [*INPUTS, pyodide_dir / "package.json"]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:24]
