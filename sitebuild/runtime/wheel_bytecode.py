"""Wheels that carry Python bytecode for what every boot imports, made by the site's own Pyodide in Node.

Not a step of the plugin itself: sitebuild/runtime/pyodide.py ships what `with_bytecode` returns. In the browser, numpy's
and explainers' imports otherwise compile some 90 modules from source on every start, a few hundred
milliseconds of a cold boot and of every later one. The bytecode is compiled by the very interpreter the
reader runs (sitebuild/runtime/bytecode_compile.mjs), so its version always matches, and with a fixed hash seed,
so the same inputs give the same bytes. Cached by those inputs in .cache/pyodide/bytecode/.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..paths import cache_dir

HERE = Path(__file__).resolve().parent  # the Node script and what it runs in Pyodide are beside this module
SCRIPTS = [HERE / "bytecode_compile.mjs", HERE / "bytecode_compile.py"]


def with_bytecode(wheels: list[Path], imports: str, pyodide_dir: Path) -> list[Path]:
    """`wheels` (each after those it depends on) rebuilt with bytecode for each of their modules that
    the Python line `imports` loads; the same file names, in a cache folder."""
    folder = cache_dir() / "pyodide" / "bytecode" / _key(wheels, imports, pyodide_dir)
    done = [folder / w.name for w in wheels]
    if all(p.is_file() for p in done):
        return done
    part = folder.with_name(f"{folder.name}.{os.getpid()}.part")
    part.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["node", str(SCRIPTS[0]), str(pyodide_dir), str(part), imports, *map(str, wheels)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(part, ignore_errors=True)
        raise PluginError(f"wheel_bytecode: Pyodide (node) could not compile {[w.name for w in wheels]} "
                          f"after `{imports}`:\n{proc.stderr.strip()[-2000:]}")
    counts = json.loads(proc.stdout)
    if not all(counts.get(w.name) for w in wheels):
        shutil.rmtree(part, ignore_errors=True)
        raise PluginError(f"wheel_bytecode: `{imports}` loaded no module of some of these wheels: {counts}")
    shutil.rmtree(folder, ignore_errors=True)  # one that lost a file is made again
    try:
        part.replace(folder)
    except OSError:  # a parallel build got there first: its wheels are the same bytes
        shutil.rmtree(part, ignore_errors=True)
    return done


def _key(wheels: list[Path], imports: str, pyodide_dir: Path) -> str:
    h = hashlib.sha256(json.dumps([imports, (pyodide_dir / "package.json").read_text()]).encode())
    for path in [*SCRIPTS, *wheels]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:24]
