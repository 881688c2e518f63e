"""Checked claims: a sentence about the site's own data carries the predicate that makes it true.

    At ")" the candidate turns negative.{{ claim heatmap: at.g_close < 0 < at.g_open }}

The directive sits right after the sentence it checks and renders as nothing. ``NAME`` is an explainer;
the expression is Python over its ``compute()`` data: each top-level key is a bare name, nested dicts
read as attributes (``at.f_close``), any other explainer's data is ``other.key`` (``cliff.rates``), and
a few pure helpers are there (``all any abs len max min sum round sorted zip range enumerate mean
log10``). It must give ``True`` or ``False``. Every claim is evaluated on every build against the data
of *that* build, so a retrained model or an edited explainer that makes a sentence false fails the
build, naming the page, the claim and the values it saw.
"""
from __future__ import annotations

import ast
import html
import math
import os
import re

from mkdocs.exceptions import PluginError

CLAIM = re.compile(r"\{\{\s*claim\s+([A-Za-z0-9_]+)\s*:\s*(.*?)\s*\}\}")


class Data(dict):
    """A data dict whose keys also read as attributes, nested: ``at.f_close`` or ``at["f_close"]``."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"no key {key!r}; has: {', '.join(sorted(self))}") from None


_WRAPPED: dict = {}  # (NAME, content digest) -> wrapped data: one conversion per explainer version


def _data(results: dict, name: str) -> Data:
    digest = getattr(results[name], "digest", None)
    if digest is None:  # not a cached explainer (a test's stand-in): nothing to key a cache on
        return _wrap(results[name].data)
    key = (name, digest)
    if key not in _WRAPPED:
        _WRAPPED[key] = _wrap(results[name].data)
    return _WRAPPED[key]


def _wrap(value):
    if isinstance(value, dict):
        return Data({k: _wrap(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


def _mean(xs) -> float:
    xs = list(xs)
    return sum(xs) / len(xs)


HELPERS = {f.__name__: f for f in (all, any, abs, len, max, min, sum, round, sorted, zip, range, enumerate)}
HELPERS.update(mean=_mean, log10=math.log10)


def _short(value) -> str:
    """A value as the failure message shows it: numbers rounded, long lists summarised."""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        head = ", ".join(_short(v) for v in value[:6])
        return f"[{head}{', …' if len(value) > 6 else ''}] ({len(value)} items)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_short(v)}" for k, v in list(value.items())[:8]) + (", …}" if len(value) > 8 else "}")
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _referenced(tree: ast.AST) -> list[str]:
    """The names and dotted names (``cliff.lstm_k50``) the expression reads, in source order."""
    out, bases = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            out.append(f"{node.value.id}.{node.attr}")
            bases.add(id(node.value))
    out += [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in HELPERS and id(n) not in bases]
    return list(dict.fromkeys(out))


def _namespace(name: str, tree: ast.AST, results: dict) -> dict:
    """The names a claim may read: NAME's data keys, other explainers as namespaces, the helpers."""
    space = {"__builtins__": {}, **HELPERS, **_data(results, name)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in space and node.id in results:
            space[node.id] = _data(results, node.id)
    return space


def _seen(refs: list[str], space: dict) -> str:
    shown = []
    for ref in refs:
        head, _, attr = ref.partition(".")
        if head in space and not callable(space[head]):
            value = space[head].get(attr, "?") if attr and isinstance(space[head], dict) else space[head]
            shown.append(f"{ref} = {_short(value)}")
    return "; ".join(shown)


def check(name: str, expr: str, results: dict, page: str) -> None:
    """Evaluate one claim; a false, broken or unknown one raises a PluginError that says why."""
    expr = html.unescape(expr)  # inside a quiz the claim has passed through Markdown: "<" is "&lt;"
    where = f"{page}: claim {{{{ claim {name}: {expr} }}}}"
    if name not in results:
        raise PluginError(f"{where}: no explainer called {name!r}; known: {', '.join(sorted(results))}")
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError as exc:
        raise PluginError(f"{where}: not a Python expression ({exc.msg})") from None
    space = _namespace(name, tree, results)
    try:
        verdict = eval(compile(tree, "<claim>", "eval"), space)  # noqa: S307 -- the author's own pages
    except (NameError, AttributeError) as exc:
        keys = ", ".join(sorted(results[name].data))
        raise PluginError(f"{where}: {exc}; {name}'s data has: {keys}") from None
    except Exception as exc:  # an index, a type, a division: say which and what was seen
        raise PluginError(f"{where}: {type(exc).__name__}: {exc} (seen: {_seen(_referenced(tree), space)})") from None
    if verdict is not True and verdict is not False:
        raise PluginError(f"{where}: gives {_short(verdict)}, not True or False")
    if not verdict:
        raise PluginError(f"{where} is false for this build's data: {_seen(_referenced(tree), space)}")


UNCHECKED = "GATES_UNCHECKED_CLAIMS"  # e.g. "performance": explainers whose claims this build leaves unchecked


def expand(text: str, results: dict, page: str) -> str:
    """Check every claim in ``text`` (outside code) and remove it: a claim is for the build, not the reader.
    The one exception is the bench's own scratch builds (tools/bench), which set GATES_UNCHECKED_CLAIMS
    to "performance": they build the site to take a new measurement, and the Performance page's claims
    are about the last one, which may be the very thing the new measurement corrects. Every other build
    (make build, serve, test, CI) checks them."""
    unchecked = set(filter(None, os.environ.get(UNCHECKED, "").split(",")))

    def one(match: re.Match) -> str:
        if match.group(1) not in unchecked:
            check(match.group(1), match.group(2), results, page)
        return ""
    return CLAIM.sub(one, text)
