"""The site's build as one MkDocs plugin (`gates` in mkdocs.yml): the steps in the order they depend on.

Each step is a module of this package with MkDocs event functions (`on_files`, `on_page_markdown`, …).
For every event the plugin calls the steps that define it in the order of STEPS, each given what the
one before returned, so the order is stated here once, with its reasons, instead of by the position of
ten entries in mkdocs.yml. A step that must run after other plugins (a priority of its own, set with
mkdocs.plugins.event_priority) keeps it: its calls form a group of their own, at that priority.
"""
from __future__ import annotations

from collections import defaultdict

from mkdocs.plugins import BasePlugin, CombinedEvent

from . import (browser_assets, cells_assets, cells_early, csp, explainers_hook, math_prerender, notebooks, offline,
               pycells, pyodide_runtime, vendor_assets, widgets)

STEPS = (
    vendor_assets,    # the npm assets (KaTeX's CSS and fonts, the editor) into the site
    browser_assets,   # browser/ as assets/; before cells_assets and offline, which transform some of it
    widgets,          # before explainers_hook: it expands {{ widget … }} and ```quiz, whose text has {{ value … }}
    explainers_hook,  # runs the explainers; {{ figure/table/value/claim … }} in the pages
    pyodide_runtime,  # the self-hosted Pyodide, its lock file and the explainers wheel
    pycells,          # ```pycell: each page's cells run at build time, their output in the page
    math_prerender,   # maths typeset at build time (KaTeX in Node), also in the search index
    cells_early,      # early.js in every <head> (pages with cells start Python at once); before csp
    notebooks,        # the notebook executed (cached) and stripped of its CDN scripts
    cells_assets,     # the cells' runtime scripts into the site
    csp,              # the Content-Security-Policy of every page, hashing the inline scripts above
    offline,          # last: sw.js lists every file the build wrote (the search index after math_prerender)
)
EVENTS = ("startup", "config", "files", "env", "page_markdown", "page_content", "post_page", "post_build")
# The events MkDocs passes an item to, for each handler to change and return (or return None: unchanged).
ITEM_EVENTS = {"config", "files", "env", "page_markdown", "page_content", "post_page"}


class GatesPlugin(BasePlugin):
    """The build of Gates & Long Memory: for each MkDocs event, the steps of STEPS in that order
    (its on_* methods are made below, from the steps' own handlers)."""


def _groups(event: str) -> dict[int, list]:
    """The steps' handlers of `event`, by MkDocs priority, each group in the order of STEPS."""
    groups: dict[int, list] = defaultdict(list)
    for step in STEPS:
        handler = getattr(step, f"on_{event}", None)
        if handler is not None:
            groups[getattr(handler, "mkdocs_priority", 0)].append(handler)
    return groups


def _chain(event: str, priority: int, handlers: list):
    """One plugin method: the handlers in order, each given what the one before returned."""
    def run(self, *args, **kwargs):
        if event not in ITEM_EVENTS:
            for handler in handlers:
                handler(*args, **kwargs)
            return None
        item = args[0]
        for handler in handlers:
            result = handler(item, *args[1:], **kwargs)
            item = item if result is None else result
        return item

    run.__name__ = f"_{event}_at_{priority}"  # CombinedEvent's parts must not be named on_*
    run.mkdocs_priority = priority
    return run


_unknown = sorted({f"{step.__name__}.{n}" for step in STEPS for n in dir(step) if n.startswith("on_")
                   and n[3:] not in EVENTS})
if _unknown:  # a step's handler this plugin would never call: say so instead of dropping it
    raise ImportError(f"sitebuild.plugin: add these events to EVENTS: {', '.join(_unknown)}")

for _event in EVENTS:
    _methods = [_chain(_event, priority, handlers) for priority, handlers in sorted(_groups(_event).items(), reverse=True)]
    if _methods:
        setattr(GatesPlugin, f"on_{_event}", _methods[0] if len(_methods) == 1 else CombinedEvent(*_methods))
del _event, _methods
