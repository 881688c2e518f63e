"""Shared fixtures: one strict build of the site per test session, served on 127.0.0.1,
and a headless Debian chromium driven by Playwright that records what a page does wrong."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def build_site(dest: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the strict MkDocs build into `dest`; return the finished process (never raises).
    `env`: variables added to this process's environment for the build (e.g. a cache folder)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest), *extra]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)


def write_pages(docs_dir: Path, pages: dict[str, str]) -> Path:
    """A throwaway docs folder: {path inside it: Markdown}; returns the folder."""
    for name, text in pages.items():
        (docs_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (docs_dir / name).write_text(text)
    return docs_dir


def build_docs_dir(tmp_path: Path, docs_dir: Path, dest: Path | None = None,
                   env: dict | None = None) -> subprocess.CompletedProcess:
    """Strict-build `docs_dir` (a test's own pages) with the real mkdocs.yml minus its nav, into `dest`
    (default tmp_path/out): the one test-site builder. The config copy sits next to the real one so
    that relative hook paths resolve, named after tmp_path and dest so that builds never share one."""
    dest = dest or tmp_path / "out"
    with docs_dir_config(tmp_path, docs_dir, dest) as cfg:
        return build_site(dest, "-f", str(cfg), env=env)


@contextlib.contextmanager
def docs_dir_config(tmp_path: Path, docs_dir: Path, dest: Path, extra: str = ""):
    """The config file of build_docs_dir (plus `extra` YAML), removed afterwards."""
    text = re.sub(r"^nav:\n(?:[ \t]+.*\n)*", "", (ROOT / "mkdocs.yml").read_text(), flags=re.M)
    cfg = ROOT / f".mkdocs-test-{tmp_path.name}-{dest.name}.yml"
    cfg.write_text(f"docs_dir: {docs_dir}\n" + text + extra)
    try:
        yield cfg
    finally:
        cfg.unlink()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    proc = build_site(dest)
    assert proc.returncode == 0, f"strict build failed:\n{proc.stdout}\n{proc.stderr}"
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


class QuirkyHost(_QuietHandler):
    """A static host with the quirks readers' hosts have: `+` in a path read as a space (S3 website
    hosting), .wasm served as application/octet-stream, .mjs as text/plain. `served` records, per
    file extension, the types it answered with."""
    extensions_map = {**_QuietHandler.extensions_map, ".wasm": "application/octet-stream", ".mjs": "text/plain"}
    served: dict = {}

    def translate_path(self, path):
        return super().translate_path(path.split("?", 1)[0].replace("+", " "))

    def guess_type(self, path):
        kind = super().guess_type(path)
        QuirkyHost.served.setdefault(Path(str(path)).suffix, set()).add(kind)
        return kind


@contextlib.contextmanager
def serve(directory: Path, handler_class=None):
    """Serve `directory` on http://127.0.0.1:<free port>/ (plain static files, no special headers)."""
    handler = functools.partial(handler_class or _QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()  # refuse connections from now on, as a site that is gone does


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site on http://127.0.0.1:<free port>/ for the session."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run tools/ensure-browsers (make test does)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """What a page did that it should not: console errors, page errors, requests off 127.0.0.1."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._on_request)

    def _on_request(self, request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            return
        self.foreign.append(request.url)

    def assert_clean(self):
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.foreign, f"requests left 127.0.0.1: {self.foreign}"


@pytest.fixture
def page(browser):
    """A fresh context and page; fails the test if the page logged errors or left 127.0.0.1."""
    context = browser.new_context()
    pg = context.new_page()
    pg.watch = PageWatch(pg)
    yield pg
    context.close()
    pg.watch.assert_clean()
