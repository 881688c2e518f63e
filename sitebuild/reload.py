"""`mkdocs serve` picks up edits of the build itself: the package's modules are reloaded before a rebuild.

MkDocs imports a plugin once per process (the hooks this package replaced were read anew on every
build), so without this an edit of sitebuild/ needed a restart of `mkdocs serve`. Only when a file
changed (in the package or in one of its subpackages, pages/ and runtime/), and every module then, each
after the modules it imports from, so that `from .x import y` (or `from ..x import y`) binds the new y.
What a reload cannot change: plugin.py itself, and which events and priorities the plugin's methods
have (MkDocs registered them at start): the plugin warns that those need a restart.
"""
from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType


class Sources:
    """The modules of `package` as they were when last (re)loaded, and a way to reload them."""

    def __init__(self, package: str, keep: tuple[str, ...] = ()):
        self.package, self.keep = package, keep
        self.stamps = self._stamps()

    def _stamps(self) -> dict[str, int]:
        """Each .py file of the package, its subpackages' too, by its path in the package."""
        folder = Path(sys.modules[self.package].__file__).parent
        return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in sorted(folder.rglob("*.py"))}

    def reload_if_changed(self) -> list[str]:
        """Reload the loaded modules (all but `keep`) if a file changed since; their names, in order."""
        stamps = self._stamps()
        if stamps == self.stamps:
            return []
        self.stamps = stamps
        importlib.invalidate_caches()
        modules = in_import_order(self.package, self.keep)
        for module in modules:
            importlib.reload(module)
        return [m.__name__ for m in modules]


def in_import_order(package: str, keep: tuple[str, ...] = ()) -> list[ModuleType]:
    """The package's loaded modules (its subpackages' too) but `keep`, each after the package modules
    it imports."""
    prefix = package + "."
    loaded = {name: m for name, m in sys.modules.items()
              if name.startswith(prefix) and name[len(prefix):] not in keep and getattr(m, "__file__", None)}
    order: list[ModuleType] = []

    def visit(name: str, seen: set) -> None:
        if name in seen or name not in loaded:
            return
        seen.add(name)
        for dependency in sorted(_imports(loaded[name])):
            visit(dependency, seen)
        order.append(loaded[name])

    seen: set = set()
    for name in sorted(loaded):
        visit(name, seen)
    return order


def _imports(module: ModuleType) -> set[str]:
    """What `module` imports with a relative import, at any level (`from . import x`, `from .x import y`,
    `from ..x import y`, `from ..sub import x`): every name that may be a module; those that are not
    loaded modules of the package are ignored by the caller."""
    found = set()
    for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), module.__package__)
            if node.module:
                found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found
