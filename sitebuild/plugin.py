"""The site's build as one MkDocs plugin (`gates` in mkdocs.yml): the steps in the order they depend on.

Each step is a module of this package (at its top, in pages/ or in runtime/) with MkDocs event functions
(`on_files`, `on_page_markdown`, …).
For every event the plugin calls the steps that define it in the order of STEPS, each given what the
one before returned, so the order is stated here once, with its reasons, instead of by the position of
ten entries in mkdocs.yml. A step that must run after other plugins (a priority of its own, set with
mkdocs.plugins.event_priority) keeps it: its calls form a group of their own, at that priority.
A handler that names a `build` parameter is given the build's state (sitebuild/build_state.py), made
anew on each build's on_config: steps keep nothing in module globals, so two builds in one process
never see each other's. Handlers are looked up as they are called, so that under `mkdocs serve` an edit
of this package is picked up by the next rebuild (sitebuild/reload.py).
"""
from __future__ import annotations

import inspect
import logging
from collections import defaultdict

from mkdocs.plugins import BasePlugin, CombinedEvent

from . import build_state, reload
from . import browser_assets, csp, offline, vendor_assets
from .pages import explainers_hook, math_prerender, notebooks, pycells, widgets
from .runtime import cells_assets, cells_early, pyodide

STEPS = (
    vendor_assets,    # the npm assets (KaTeX's CSS, fonts and auto-render) into the site
    browser_assets,   # browser/ as assets/; before cells_assets and offline, which transform some of it
    widgets,          # before explainers_hook: it expands {{ widget … }} and ```quiz, whose text has {{ value … }}
    explainers_hook,  # runs the explainers; {{ figure/table/value/claim … }} in the pages
    pyodide,          # the self-hosted Pyodide, its lock file and the explainers wheel
    pycells,          # ```pycell: each page's cells run at build time, their output in the page
    math_prerender,   # maths typeset at build time (KaTeX in Node), also in the search index
    cells_early,      # early.js in every <head> (pages with cells start Python at once); before csp
    notebooks,        # the notebook executed (cached) and stripped of its CDN scripts
    cells_assets,     # the cells' runtime scripts into the site
    csp,              # the Content-Security-Policy of every page, hashing the inline scripts above
    offline,          # last: sw.js lists every file the build wrote (the search index after math_prerender)
)
EVENTS = ("config", "files", "env", "page_markdown", "page_content", "post_page", "post_build")
# The events MkDocs passes an item to, for each handler to change and return (or return None: unchanged).
ITEM_EVENTS = {"config", "files", "env", "page_markdown", "page_content", "post_page"}
log = logging.getLogger("mkdocs.plugins.gates")


class GatesPlugin(BasePlugin):
    """The build of Gates & Long Memory: for each MkDocs event, the steps of STEPS in that order
    (its on_* methods are made below, from the steps' own handlers)."""

    command = "build"
    sources: reload.Sources | None = None  # under `mkdocs serve`: this package's files, to reload

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember how MkDocs was started, for each build's state. Having on_startup also makes MkDocs
        keep this one instance for every build of the process (a serve session's rebuilds)."""
        self.command = command
        if command == "serve":
            self.sources = reload.Sources(__package__, keep=("plugin",))

    def _reload_if_changed(self) -> None:
        """Under `mkdocs serve`, before a build: an edited step takes effect without a restart."""
        if self.sources is None or not (names := self.sources.reload_if_changed()):
            return
        log.info(f"sitebuild changed: reloaded {len(names)} modules")
        if (handlers := _handlers()) != HANDLERS:
            log.warning("sitebuild: a step's events or priorities changed; restart `mkdocs serve` for them: "
                        + ", ".join(sorted(handlers ^ HANDLERS)))


def _groups(event: str) -> dict[int, list]:
    """The steps that handle `event`, by their handler's MkDocs priority, each group in the order of STEPS."""
    groups: dict[int, list] = defaultdict(list)
    for step in STEPS:
        handler = getattr(step, f"on_{event}", None)
        if handler is not None:
            groups[getattr(handler, "mkdocs_priority", 0)].append(step)
    return groups


def _handlers() -> set[str]:
    """Every step's handler with its priority: what MkDocs registered when the plugin was loaded."""
    return {f"{step.__name__}.on_{event}@{priority}" for event in EVENTS
            for priority, steps in _groups(event).items() for step in steps}


def _chain(event: str, priority: int, steps: list, starts_build: bool = False):
    """One plugin method: the steps' handlers in order, each given what the one before returned (and
    the build's state if it asks for it). `starts_build`: this method is the build's first (on_config)."""
    def run(self, *args, **kwargs):
        config = args[0] if event == "config" else kwargs.get("config")
        if starts_build:
            self._reload_if_changed()
            setattr(config, build_state.ATTRIBUTE, build_state.Build(command=self.command))
        item = args[0] if event in ITEM_EVENTS else None
        for step in steps:
            handler = getattr(step, f"on_{event}")  # looked up now: a reloaded step's new handler
            extra = {"build": getattr(config, build_state.ATTRIBUTE)} if _wants_build(handler) else {}
            if event not in ITEM_EVENTS:
                handler(*args, **kwargs, **extra)
                continue
            result = handler(item, *args[1:], **kwargs, **extra)
            item = item if result is None else result
        return item

    run.__name__ = f"_{event}_at_{priority}"  # CombinedEvent's parts must not be named on_*
    run.mkdocs_priority = priority
    return run


def _wants_build(handler) -> bool:
    """Whether the handler names a `build` parameter (the signature is asked each call: a reload can change it)."""
    return "build" in inspect.signature(handler).parameters


_unknown = sorted({f"{step.__name__}.{n}" for step in STEPS for n in dir(step) if n.startswith("on_")
                   and n[3:] not in EVENTS})
if _unknown:  # a step's handler this plugin would never call: say so instead of dropping it
    raise ImportError(f"sitebuild.plugin: add these events to EVENTS: {', '.join(_unknown)}")

for _event in EVENTS:
    _methods = [_chain(_event, priority, steps, starts_build=_event == "config" and n == 0)
                for n, (priority, steps) in enumerate(sorted(_groups(_event).items(), reverse=True))]
    if _methods:
        setattr(GatesPlugin, f"on_{_event}", _methods[0] if len(_methods) == 1 else CombinedEvent(*_methods))
del _event, _methods
HANDLERS = _handlers()
