"""Layer 2: the self-hosted Pyodide runtime in the built site, checked against the official lock file."""
import base64
import hashlib
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, build_docs_dir, write_pages

NPM_PYODIDE = ROOT / "node_modules/pyodide"
OFFICIAL = json.loads((NPM_PYODIDE / "pyodide-lock.json").read_text())
PIN = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
PYODIDE_CACHE = Path(os.environ.get("SITE_CACHE_DIR", ROOT / ".cache")) / "pyodide" / PIN  # the verified official wheels


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_docs(tmp_path, pages: dict, env=None):
    """Strict build of a throwaway docs dir {path: markdown}; the finished process and the site folder."""
    proc = build_docs_dir(tmp_path, write_pages(tmp_path / "docs", pages), tmp_path / "site", env=env)
    return proc, tmp_path / "site"


@pytest.fixture(scope="module")
def site_lock(built_site):
    return json.loads((built_site / "assets/pyodide/pyodide-lock.json").read_text())


def test_core_is_the_pinned_npm_package(built_site):
    assert OFFICIAL["info"]["version"] == PIN
    shipped_as = {"pyodide.mjs": "pyodide.esm.js"}  # every host serves .js as JavaScript; not all know .mjs
    for name in ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert sha256(built_site / "assets/pyodide" / shipped_as.get(name, name)) == sha256(NPM_PYODIDE / name), name


def test_every_shipped_wheel_matches_the_official_sha256(built_site, site_lock):
    """Official wheels ship as they are, but numpy, which also carries bytecode (next test): it and the
    explainers wheel live in a folder named by their own sha256, which the lock lists."""
    folder = built_site / "assets/pyodide"
    for name, spec in site_lock["packages"].items():
        assert sha256(folder / spec["file_name"]) == spec["sha256"], name
        if name in ("numpy", "explainers"):
            assert spec["file_name"] == f'{spec["sha256"][:16]}/{spec["file_name"].split("/")[-1]}'
        if name == "numpy":
            official = OFFICIAL["packages"]["numpy"]
            assert spec == {**official, "file_name": spec["file_name"], "sha256": spec["sha256"]}
        elif name != "explainers":
            assert spec == OFFICIAL["packages"][name], f"{name} differs from the official lock entry"
    assert site_lock["info"] == OFFICIAL["info"]


def test_numpy_and_explainers_carry_bytecode_for_what_every_boot_imports(built_site, site_lock):
    """Every file of the official numpy wheel, byte for byte, plus compiled modules (unchecked-hash
    pycs of this Pyodide's Python) for what a boot imports; RECORD lists them. The same for explainers."""
    folder = built_site / "assets/pyodide"
    official = PYODIDE_CACHE / OFFICIAL["packages"]["numpy"]["file_name"]
    with zipfile.ZipFile(official) as before, zipfile.ZipFile(folder / site_lock["packages"]["numpy"]["file_name"]) as after:
        added = set(after.namelist()) - set(before.namelist())
        for name in before.namelist():
            if not name.endswith("RECORD"):
                assert after.read(name) == before.read(name), name
        record = after.read("numpy-2.0.2.dist-info/RECORD").decode()
    assert {"numpy/__pycache__/__init__.cpython-312.pyc", "numpy/random/__pycache__/__init__.cpython-312.pyc",
            "numpy/_core/__pycache__/numeric.cpython-312.pyc"} <= added
    assert all(re.fullmatch(r"numpy/(.+/)?__pycache__/\w+\.cpython-312\.pyc", n) for n in added), added
    assert all(f"{n},," in record for n in added)
    with zipfile.ZipFile(folder / site_lock["packages"]["explainers"]["file_name"]) as own:
        names = own.namelist()
        assert "explainers/models/__pycache__/lstm.cpython-312.pyc" in names and "explainers/models/lstm.py" in names
        pyc = own.read("explainers/models/__pycache__/lstm.cpython-312.pyc")
        assert int.from_bytes(pyc[4:8], "little") == 0b01, "hash-based, unchecked: no dates compared"


def test_lock_has_explainers_numpy_and_matplotlib_closure_and_nothing_unshipped(built_site, site_lock):
    packages = site_lock["packages"]
    closure, todo = set(), ["numpy", "matplotlib"]
    while todo:
        name = todo.pop()
        closure.add(name)
        todo += [d for d in OFFICIAL["packages"][name]["depends"] if d not in closure]
    assert set(packages) == closure | {"explainers"}
    assert {"pillow", "kiwisolver", "matplotlib-pyodide", "python-dateutil", "six"} <= closure
    assert packages["explainers"]["depends"] == ["numpy"]
    assert packages["explainers"]["imports"] == ["explainers"]
    assert re.fullmatch(r"[0-9a-f]{16}/explainers-0\.1\.0-py3-none-any\.whl", packages["explainers"]["file_name"])
    folder = built_site / "assets/pyodide"
    wheels = {p.relative_to(folder).as_posix() for p in folder.rglob("*.whl")}
    assert wheels == {spec["file_name"] for spec in packages.values()}
    for spec in packages.values():
        assert set(spec["depends"]) <= set(packages)


def test_config_js_carries_the_pin_to_the_browser(built_site):
    js = (built_site / "assets/cells/config.js").read_text()
    assert f'export const PYODIDE_VERSION = "{PIN}";' in js
    rel = re.search(r'export const RUNTIME_URL = "([^"]+)";', js).group(1)
    assert ((built_site / "assets/cells" / rel).resolve() / "pyodide.esm.js").is_file()
    assert 'export const PRELOAD_PACKAGES = ["numpy", "explainers"];' in js


def test_config_js_names_the_preloaded_wheels_with_the_integrity_pyodide_checks(built_site):
    """The page downloads them while the worker starts Python (early.js), under the same check."""
    js = (built_site / "assets/cells/config.js").read_text()
    files = json.loads(re.search(r"export const PRELOAD_FILES = (\[.*\]);", js).group(1))
    packages = json.loads((built_site / "assets/pyodide/pyodide-lock.json").read_text())["packages"]
    assert sorted(f["file"] for f in files) == sorted(packages[n]["file_name"] for n in ("numpy", "explainers"))
    for f in files:
        digest = hashlib.sha256((built_site / "assets/pyodide" / f["file"]).read_bytes()).digest()
        assert f["integrity"] == "sha256-" + base64.b64encode(digest).decode()


def test_a_tampered_cached_wheel_fails_the_build_naming_it(tmp_path, built_site):
    cache = tmp_path / "cache"
    # The session build filled the cache; copy it (all but the 77 MB download) so only the wheel is cold.
    session_cache = os.environ.get("SITE_CACHE_DIR", ROOT / ".cache")
    shutil.copytree(session_cache, cache, ignore=shutil.ignore_patterns("download"))
    spec = OFFICIAL["packages"]["kiwisolver"]
    wheel = cache / "pyodide" / PIN / spec["file_name"]
    wheel.write_bytes(wheel.read_bytes() + b"tampered")
    proc, _ = build_docs(tmp_path, {"index.md": "# Home\n"}, env={"SITE_CACHE_DIR": str(cache)})
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert spec["file_name"] in out and spec["sha256"] in out and sha256(wheel) in out


def test_node_modules_not_matching_the_pin_fails(monkeypatch, tmp_path):
    from sitebuild.runtime import pyodide
    from mkdocs.exceptions import PluginError

    (tmp_path / "package.json").write_text('{"version": "0.26.0"}')
    monkeypatch.setattr(pyodide, "NPM_PYODIDE", tmp_path)
    with pytest.raises(PluginError, match=f"pins pyodide {PIN} but node_modules has 0.26.0"):
        pyodide.pinned_version()


def test_bytecode_that_cannot_be_made_stops_the_build_saying_why(monkeypatch, tmp_path):
    from sitebuild.runtime import wheel_bytecode
    from mkdocs.exceptions import PluginError

    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path))
    numpy = PYODIDE_CACHE / OFFICIAL["packages"]["numpy"]["file_name"]
    with pytest.raises(PluginError, match=r"(?s)wheel_bytecode: .*numpy-2\.0\.2.*no_such_module"):
        wheel_bytecode.with_bytecode([numpy], "import numpy, no_such_module", NPM_PYODIDE)
    assert not list((tmp_path / "pyodide" / "bytecode").iterdir()), "nothing half-made is left behind"


def test_the_explainers_wheel_holds_the_product_and_none_of_the_build(built_site, site_lock):
    """What the reader's Python imports is in it (models, cells, the widgets' and quizzes' functions);
    what only the build runs (the explainers' runner and source reader, the sitebuild package) is not."""
    wheel = built_site / "assets/pyodide" / site_lock["packages"]["explainers"]["file_name"]
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in ("models/stacked.py", "cells.py", "quiz.py", "figures/widgets_cliff.py", "figures/base.py"):
        assert f"explainers/{module}" in names, module
    build_only = sorted(n for n in names if n.endswith((".py", ".pyc")) and (
        n.startswith("sitebuild/") or n.rsplit("/", 1)[-1].split(".")[0] in ("runner", "sourcefacts")))
    assert build_only == []


def site_snapshot_meta(built_site):
    js = (built_site / "assets/cells/config.js").read_text()
    return json.loads(re.search(r"export const SITE_SNAPSHOT = (\{.*\});", js).group(1))


def test_the_site_ships_its_python_snapshot_compressed_with_what_the_browser_checks(built_site):
    """site_snapshot.js fetches it with this integrity and python.js checks the length and head before
    restoring; it sits in a folder named by its digest, like the rebuilt wheels."""
    import gzip

    meta = site_snapshot_meta(built_site)
    packed = (built_site / "assets/pyodide" / meta["file"]).read_bytes()
    assert re.fullmatch(r"[0-9a-f]{16}/python-snapshot\.bin", meta["file"])
    assert meta["file"].split("/")[0] == hashlib.sha256(packed).hexdigest()[:16]
    assert meta["integrity"] == "sha256-" + base64.b64encode(hashlib.sha256(packed).digest()).decode()
    raw = gzip.decompress(packed)
    assert len(raw) == meta["length"] and len(packed) < len(raw) / 3
    assert raw[1:4] == b"snp", "Pyodide's snapshot magic"
    head = "-".join(raw[a:b].hex() for a, b in [(0, 8), (16, 48)])  # snapshot_store.js's headOf
    assert meta["head"] == head
    assert str(ROOT).encode() not in raw, "nothing of the build machine (its paths)"


def test_the_snapshot_is_the_same_bytes_from_the_same_inputs(tmp_path):
    """Made twice, uncached (the clock stopped and the hash seed fixed while Python starts)."""
    import subprocess

    script = ROOT / "sitebuild/runtime/python_snapshot.mjs"
    outs = []
    for i in range(2):
        proc = subprocess.run(["node", str(script), str(NPM_PYODIDE), str(tmp_path / f"{i}.bin")],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outs.append((tmp_path / f"{i}.bin").read_bytes())
    assert outs[0] == outs[1]


def test_a_snapshot_that_cannot_be_made_stops_the_build_saying_why(monkeypatch, tmp_path):
    from sitebuild.runtime import python_snapshot
    from mkdocs.exceptions import PluginError

    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path))
    broken = tmp_path / "pyodide"
    shutil.copytree(NPM_PYODIDE, broken)
    (broken / "python_stdlib.zip").write_bytes(b"not a zip")
    with pytest.raises(PluginError, match=r"python_snapshot: Pyodide \(node\) could not make"):
        python_snapshot.site_snapshot(broken)
    leftovers = [p for p in (tmp_path / "pyodide" / "snapshot").rglob("*") if p.is_file()]
    assert not leftovers, "nothing half-made is left behind"
