"""What the build reads from the explainers' source files without importing them (the build only).

    facts(module, path) -> {"NAME": ..., "DEPENDS": ..., "imports": [...]}    sources(module) -> {mod: path}

NAME and DEPENDS are an explainer's top-level literals; "imports" are the ``explainers.*`` modules (and
their parent packages) the file imports anywhere. A file is parsed only when it changed (its mtime or
size): the facts are remembered across builds in a JSON file (``load``/``save``), because parsing and
walking some forty files on every build was most of a no-change rebuild.
"""
from __future__ import annotations

import ast
import importlib.util
import json
import os
from pathlib import Path

from .paths import ROOT

_memo: dict = {"file": None, "facts": {}, "changed": False}


def load(file: Path) -> None:
    """Remember facts in `file` (read now if it exists; a damaged one is ignored)."""
    try:
        facts = json.loads(file.read_text())
    except (OSError, ValueError):
        facts = {}
    _memo.update(file=file, facts=facts if isinstance(facts, dict) else {}, changed=False)


def save() -> None:
    if _memo["file"] is not None and _memo["changed"]:
        file = _memo["file"]
        file.parent.mkdir(parents=True, exist_ok=True)
        part = file.with_suffix(f".{os.getpid()}.part")
        part.write_text(json.dumps(_memo["facts"], sort_keys=True))
        part.replace(file)
        _memo["changed"] = False


def facts(module: str, path: Path) -> dict:
    """The file's facts, parsed anew only if it changed since they were remembered."""
    stat = path.stat()  # `mkdocs serve` sees every edit: the stamp changes with the file
    key, stamp = f"{module}|{path}", [stat.st_mtime_ns, stat.st_size]
    known = _memo["facts"].get(key)
    if known and known["stamp"] == stamp:
        return known
    tree = ast.parse(path.read_text(), str(path))
    known = {"stamp": stamp, "NAME": _literal(tree, "NAME"), "DEPENDS": _literal(tree, "DEPENDS"),
             "imports": sorted(_imports(tree, module if path.name == "__init__.py" else module.rpartition(".")[0]))}
    _memo["facts"][key] = known
    _memo["changed"] = True
    return known


def module_file(module: str) -> Path | None:
    """The source file of a dotted module name (inside the repository first, else via importlib)."""
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    if module.startswith("explainers"):
        return None
    spec = importlib.util.find_spec(module)
    return Path(spec.origin) if spec and spec.origin and spec.origin.endswith(".py") else None


def sources(module: str) -> dict[str, Path]:
    """Dotted name -> file of the module and of every ``explainers.*`` module it imports, transitively."""
    seen, todo, files = set(), [module], {}
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        path = module_file(mod)
        if path is None:
            continue  # `from pkg import name` where name is not a module
        files[mod] = path
        todo += sorted(set(facts(mod, path)["imports"]) - seen)
    return files


def _literal(tree: ast.Module, name: str):
    """The literal value of a top-level assignment ``name = <literal>``, else None."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    return None


def _imports(tree: ast.Module, package: str) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            out |= {".".join(parts[:i]) for i in range(1, len(parts) + 1) if parts[0] == "explainers"}
    return out
