"""Layer 3: code cells in headless Chromium — every cell of every page reproduces its build-time output,
and a reader can edit, reset, break and stop cells without breaking the page.

The real site is checked cell by cell; the hostile cases run on test-only pages (tests/cells_pages/)
built into a temp folder, so the real pages stay clean.
"""
import http.server
import math
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, PageWatch, build_docs_dir, serve

TIMEOUT = 60_000  # ms: a cold Pyodide boot is a few seconds; matplotlib's first import a few more


@pytest.fixture(scope="session")
def cells_url(tmp_path_factory):
    """tests/cells_pages/ built with the site's own config and build (which ships browser/, the assets,
    into every site), served for the session."""
    tmp = tmp_path_factory.mktemp("cells")
    docs = tmp / "docs"
    shutil.copytree(ROOT / "tests/cells_pages", docs)
    proc = build_docs_dir(tmp, docs, tmp / "site")
    assert proc.returncode == 0, f"test pages failed to build:\n{proc.stdout}\n{proc.stderr}"
    with serve(tmp / "site") as url:
        yield url


def open_page(page, url):
    page.set_default_timeout(TIMEOUT)
    page.goto(url)
    return with_editor(page)


def with_editor(page):
    """Bring the first visible cell on screen and wait for its editor (mounted as a cell nears the screen)."""
    page.wait_for_selector("html[data-pycells=ready]", state="attached")
    page.locator(".pycell:not([hidden])").first.scroll_into_view_if_needed()
    page.wait_for_selector(".pycell:not([hidden]) .cm-editor")
    return page


def cell(page, n):
    return page.locator(".pycell").nth(n)


# Build output vs browser output: the items, ignoring the "computed at/in" line.
SNAPSHOT = """el => [...el.querySelector('[data-cell-output]').children]
  .filter(c => !c.classList.contains('pycell-origin'))
  .map(c => c.tagName === 'FIGURE' ? ['figure', c.querySelector('img').alt] : [c.className, c.textContent])"""
RUN_ALL = f"""async () => {{
  const snap = {SNAPSHOT};
  const cells = [...document.querySelectorAll('.pycell')];
  const before = cells.map(snap), states = [];
  for (const el of cells) states.push(await el.cell.run());
  return {{ before, after: cells.map(snap), states,
           origins: cells.map(el => el.querySelector('[data-cell-output]').dataset.origin) }};
}}"""
NUMBER = re.compile(r"-?\d+\.\d+(?:e[+-]?\d+)?")


def same_output(build: str, browser: str) -> bool:
    """Equal text, except that printed floats may differ by a couple of units in their last digit."""
    if NUMBER.sub("#", build) != NUMBER.sub("#", browser):
        return False
    for a, b in zip(NUMBER.findall(build), NUMBER.findall(browser)):
        digits = len(a.split(".")[1].split("e")[0])
        scale = 10 ** int(a.split("e")[1]) if "e" in a else 1
        if not math.isclose(float(a), float(b), abs_tol=2 * 10 ** -digits * scale):
            return False
    return True


def pages_with_cells(site_dir, url):
    return [url + html.relative_to(site_dir).as_posix().removesuffix("index.html")
            for html in sorted(site_dir.rglob("*.html")) if 'class="pycell"' in html.read_text()]


def check_every_cell(page, url):
    open_page(page, url)
    result = page.evaluate(RUN_ALL)
    expected_states = page.evaluate(
        "[...document.querySelectorAll('.pycell')].map(el => el.hasAttribute('data-raises') ? 'error' : 'done')")
    assert result["states"] == expected_states, url
    assert set(result["origins"]) == {"browser"}, url
    for i, (before, after) in enumerate(zip(result["before"], result["after"])):
        assert [k for k, _ in before] == [k for k, _ in after], f"{url} cell {i + 1}: {before} vs {after}"
        for (_, b), (_, a) in zip(before, after):
            assert same_output(b, a), f"{url} cell {i + 1}:\nbuild:   {b!r}\nbrowser: {a!r}"


def test_every_cell_of_the_site_matches_its_build_output(browser, built_site, site_url):
    for url in pages_with_cells(built_site, site_url):
        context = browser.new_context()
        page = context.new_page()
        page.watch = PageWatch(page)
        check_every_cell(page, url)
        context.close()
        page.watch.assert_clean()


def test_every_test_cell_matches_its_build_output(page, cells_url):
    check_every_cell(page, cells_url)


def test_run_above_shares_state_and_replaces_the_build_output(page, cells_url):
    open_page(page, cells_url)
    dependent = cell(page, 2)  # uses x (cell 1) and rng (the hidden setup cell 0)
    assert dependent.get_attribute("data-state") == "idle"
    before = dependent.locator("[data-cell-output]").inner_text()
    dependent.locator(".pycell-run").click()
    page.wait_for_selector("[data-cell=index-3][data-state=done]")
    assert [cell(page, i).get_attribute("data-state") for i in range(3)] == ["done"] * 3
    out = dependent.locator("[data-cell-output]")
    assert out.get_attribute("data-origin") == "browser"
    assert same_output(before.replace("computed at build time", ""),
                       out.inner_text().replace("computed in your browser", ""))


def test_edit_run_keeps_the_edit_until_reset(page, cells_url):
    open_page(page, cells_url)
    target = cell(page, 1)
    target.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("print(6 * 7)")
    page.keyboard.press("Shift+Enter")
    page.wait_for_selector("[data-cell=index-2][data-state=done]")
    assert target.locator(".pycell-stdout").inner_text() == "42\n"
    page.keyboard.press("Escape")  # leaves the editor: focus on the cell's Run button
    assert page.evaluate("document.activeElement.classList.contains('pycell-run')")

    page.reload()
    with_editor(page)
    assert page.evaluate("document.querySelector('[data-cell=index-2]').cell.getCode()") == "print(6 * 7)"
    target.locator(".pycell-reset").click()
    original = page.evaluate("document.querySelector('[data-cell=index-2] .pycell-source').textContent")
    assert page.evaluate("document.querySelector('[data-cell=index-2]').cell.getCode()") == original
    page.reload()
    with_editor(page)
    assert page.evaluate("document.querySelector('[data-cell=index-2]').cell.getCode()") == original


def test_output_says_when_it_no_longer_belongs_to_the_code(page, cells_url):
    open_page(page, cells_url)
    target, stale = cell(page, 1), cell(page, 1).locator(".pycell-stale")
    assert not stale.count()  # the build's output of the original code: current
    target.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("import time\ntime.sleep(1)\nprint('edited')")
    assert stale.inner_text() == ("This output is from the original code, not from the code as it is now: "
                                  "Run to update it.")
    target.get_by_role("button", name="Run").click()
    page.wait_for_selector("[data-cell=index-2][data-state=running]")
    assert target.locator(".pycell-status").inner_text() == "Running…"
    page.wait_for_selector("[data-cell=index-2][data-state=done]")
    assert not stale.count() and target.locator(".pycell-stdout").inner_text() == "edited\n"
    assert target.locator(".pycell-status").inner_text() == ""
    target.get_by_role("button", name="Reset").click()  # the original code is back; the output is not its
    assert "from an earlier version of the code above" in stale.inner_text()
    target.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("print('kept')")
    page.reload()  # a restored edit sits above the build's output: said so at once
    with_editor(page)
    assert cell(page, 1).locator(".pycell-stale").inner_text().startswith("This output is from the original code")


def test_exception_shows_the_cells_line_and_the_next_run_works(page, cells_url):
    open_page(page, cells_url + "lab/")
    assert page.evaluate("document.querySelector('[data-cell=lab-1]').cell.run()") == "error"
    error = cell(page, 0).locator(".pycell-error").inner_text()
    assert 'File "<cell lab-1>", line 2' in error and error.endswith("ZeroDivisionError: division by zero")
    again = page.evaluate("""async () => { const c = document.querySelector('[data-cell=lab-1]').cell;
        c.setCode('values = [1, 2, 4]\\nsum(values)'); return [await c.run()]; }""")
    assert again == ["done"]
    assert cell(page, 0).locator(".pycell-result").inner_text() == "7"


def test_matplotlib_cell_shows_an_image(page, cells_url):
    # Clicked as a reader does; matplotlib's first import takes seconds, and the cell says what it loads.
    from playwright.sync_api import expect

    open_page(page, cells_url + "lab/")
    cell(page, 1).locator(".pycell-run").click()
    expect(cell(page, 1).locator(".pycell-status")).to_contain_text(re.compile(r"Loading .*\bmatplotlib\b"), timeout=TIMEOUT)
    img = cell(page, 1).locator("[data-cell-output][data-origin=browser] img")
    img.wait_for(timeout=TIMEOUT)
    assert img.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert "squares" in img.get_attribute("alt")
    assert page.evaluate("document.querySelector('[data-cell=lab-2] img').naturalWidth") > 100


def test_huge_output_is_truncated_with_a_note(page, cells_url):
    open_page(page, cells_url + "lab/")
    page.evaluate("""() => { const c = document.querySelector('[data-cell=lab-3]').cell;
        c.setCode('for i in range(10**6):\\n    print(i)'); return c.run(); }""")
    out = cell(page, 2).locator("[data-cell-output]")
    assert "truncated" in out.locator(".pycell-note").inner_text()
    assert len(out.locator(".pycell-stdout").inner_text().splitlines()) <= 2_001  # + a partial line


def test_infinite_loop_is_stopped_and_python_restarts(page, cells_url):
    open_page(page, cells_url)
    page.evaluate("""() => { const c = document.querySelector('[data-cell=index-2]').cell;
        c.setCode('while True:\\n    pass'); window.loop = c.run(); }""")
    page.wait_for_selector("[data-cell=index-2][data-state=running]")
    page.wait_for_timeout(500)  # really inside the loop
    cell(page, 1).locator(".pycell-stop").click()  # how fast is make bench's business, not a test's
    assert page.evaluate("window.loop") == "stopped"
    assert "restarted" in cell(page, 1).locator(".pycell-note").inner_text()
    stale = cell(page, 1).locator(".pycell-stale")
    assert stale.is_visible() and stale.inner_text() == "The output above is from before the restart."
    # A fresh Python: once the loop is reset away, the next run works; it runs the cells above first.
    cell(page, 1).locator(".pycell-reset").click()
    assert page.evaluate("document.querySelector('[data-cell=index-3]').cell.run()") == "done"
    assert cell(page, 1).get_attribute("data-state") == "done"


def test_memory_error_is_reported_and_python_restarts(page, cells_url):
    open_page(page, cells_url)
    state = page.evaluate("""async () => { const c = document.querySelector('[data-cell=index-2]').cell;
        c.setCode('y = [0] * 2**30'); return c.run(); }""")
    assert state == "error"
    out = cell(page, 1).locator("[data-cell-output]")
    assert "MemoryError" in out.locator(".pycell-error").inner_text()
    assert "restarted" in out.locator(".pycell-note").inner_text()
    cell(page, 1).locator(".pycell-reset").click()
    assert page.evaluate("document.querySelector('[data-cell=index-3]').cell.run()") == "done"


def test_without_webassembly_the_cell_says_so_and_keeps_its_output(page, cells_url):
    page.add_init_script("delete globalThis.WebAssembly")
    open_page(page, cells_url)
    build = cell(page, 1).locator("[data-cell-output]").inner_html()
    assert page.evaluate("document.querySelector('[data-cell=index-2]').cell.run()") == "error"
    assert "no WebAssembly" in cell(page, 1).locator(".pycell-status").inner_text()
    assert cell(page, 1).locator("[data-cell-output]").inner_html() == build


def test_a_failed_download_keeps_the_build_output_and_can_be_retried(page, cells_url):
    page.context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    open_page(page, cells_url)
    build = cell(page, 1).locator("[data-cell-output]").inner_html()
    assert page.evaluate("document.querySelector('[data-cell=index-2]').cell.run()") == "error"
    assert "could not start" in cell(page, 1).locator(".pycell-status").inner_text()
    assert cell(page, 1).locator("[data-cell-output]").inner_html() == build
    page.context.unroute("**/pyodide.asm.wasm")
    cell(page, 1).locator(".pycell-status button").click()  # Retry
    page.wait_for_selector("[data-cell=index-2][data-state=done]")
    aborted = ("ERR_FAILED", "Failed to fetch")  # the download this test aborts on purpose
    page.watch.errors = [e for e in page.watch.errors if not any(a in e for a in aborted)]


def test_a_failed_wheel_download_names_the_file_and_can_be_retried(page, cells_url):
    """numpy's wheel is downloaded by the page while Python starts (early.js): when that fails, the
    worker downloads it itself, and its failure reaches the reader by name; Retry downloads it anew."""
    page.context.route("**/numpy-*.whl", lambda route: route.abort())
    open_page(page, cells_url)
    assert page.evaluate("document.querySelector('[data-cell=index-2]').cell.run()") == "error"
    assert "downloading numpy-" in cell(page, 1).locator(".pycell-status").inner_text()
    page.context.unroute("**/numpy-*.whl")
    cell(page, 1).locator(".pycell-status button").click()  # Retry
    page.wait_for_selector("[data-cell=index-2][data-state=done]")
    aborted = ("ERR_FAILED", "Failed to fetch")  # the download this test aborts on purpose
    page.watch.errors = [e for e in page.watch.errors if not any(a in e for a in aborted)]


def test_pages_carry_a_strict_content_security_policy(page, cells_url):
    open_page(page, cells_url)
    csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in csp and "connect-src 'self'" in csp
    assert "unsafe-eval'" not in csp.replace("wasm-unsafe-eval'", "")
    # Material's palette toggle (inline-script driven storage) still works under the policy.
    page.locator("label.md-header__button[for^='__palette']").first.click()


def test_mkdocs_serve_pages_live_reload_under_their_policy(page):
    """An author's preview: `mkdocs serve` adds an inline live-reload script to every page it sends, with a
    timestamp in it, which the built site's hashed policy refused (a console error, and no live reload).
    Under serve the policy allows it; the `page` fixture fails on any console error."""
    import socket
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        until = time.monotonic() + 600  # its first build
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/gru/", timeout=5).read()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < until, "mkdocs serve did not answer"
                time.sleep(1)
        page.goto(f"http://127.0.0.1:{port}/gru/", wait_until="load")
        assert "'unsafe-inline'" in page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        page.wait_for_function("() => typeof livereload === 'function'")
        page.goto("about:blank")  # before the server goes: live reload's pending request would fail loudly
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)


def test_worker_python_glue_under_node(built_site):
    """tests/node/: python.js + glue.py under Pyodide in Node, on the site's own runtime folder."""
    proc = subprocess.run(["node", "--test", "tests/node/"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "SITE_DIR": str(built_site)}, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_restart_python_recovers_a_poisoned_namespace(page, cells_url):
    # Driven as a reader does: type into the editor, click Run, Restart Python, Reset, Run.
    from playwright.sync_api import expect

    open_page(page, cells_url)
    target = cell(page, 1)
    restart = target.get_by_role("button", name="Restart Python")
    expect(restart).to_be_enabled(timeout=TIMEOUT)  # Python is up and idle
    target.locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\nimport builtins; builtins.print = None")
    target.get_by_role("button", name="Run").click()
    expect(target).to_have_attribute("data-state", "done", timeout=TIMEOUT)
    target.get_by_role("button", name="Run").click()  # print is gone now: every run fails
    expect(target).to_have_attribute("data-state", "error", timeout=TIMEOUT)
    assert "NoneType" in target.locator(".pycell-error").inner_text()
    expect(restart).to_be_enabled()
    restart.click()
    expect(target.locator(".pycell-status")).to_contain_text("Python restarted")
    expect(target.locator(".pycell-stale")).to_contain_text("before Python was restarted")
    target.get_by_role("button", name="Reset").click()
    target.get_by_role("button", name="Run").click()
    expect(target).to_have_attribute("data-state", "done", timeout=TIMEOUT)
    assert target.locator(".pycell-stdout").inner_text().strip() == "rows: 2"


def test_an_edit_in_another_tab_reaches_this_one(browser, cells_url):
    # Two tabs of one page share the reader's edits: the later edit shows in both, typed by keyboard.
    from playwright.sync_api import expect

    context = browser.new_context()
    try:
        first, second = context.new_page(), context.new_page()
        for tab in (first, second):
            open_page(tab, cells_url)
        cell(first, 1).locator(".cm-content").click()
        first.keyboard.press("Control+End")
        first.keyboard.type("\ny = 7")
        expect(cell(second, 1).locator(".cm-content")).to_contain_text("y = 7")
        expect(cell(second, 1).locator(".pycell-status")).to_contain_text("another tab")
        cell(second, 1).get_by_role("button", name="Reset").click()
        expect(cell(first, 1).locator(".cm-content")).not_to_contain_text("y = 7")
    finally:
        context.close()


def test_an_edit_the_browser_cannot_keep_is_said(page, cells_url):
    # Storage full (or turned off): the edit still runs, and the reader is told it will not survive.
    from playwright.sync_api import expect

    page.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };")
    open_page(page, cells_url)
    cell(page, 1).locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n6 * 7")
    expect(cell(page, 1).locator(".pycell-status")).to_contain_text("not keeping your edit")
    cell(page, 1).get_by_role("button", name="Run").click()
    expect(cell(page, 1)).to_have_attribute("data-state", "done", timeout=TIMEOUT)
    assert cell(page, 1).locator(".pycell-result").inner_text() == "42"


def _matplotlib_fails_then_retry(page, cells_url, route_handler, expected):
    from playwright.sync_api import expect

    page.context.route("**/matplotlib-3*.whl", route_handler)
    open_page(page, cells_url + "lab/")
    target = cell(page, 1)
    target.get_by_role("button", name="Run").click()
    status = target.locator(".pycell-status")
    expect(status).to_contain_text(expected, timeout=TIMEOUT)
    assert "matplotlib-3" in status.inner_text() and "ModuleNotFoundError" not in status.inner_text()
    page.context.unroute("**/matplotlib-3*.whl")
    status.get_by_role("button", name="Retry").click()
    target.locator("[data-cell-output][data-origin=browser] img").wait_for(timeout=TIMEOUT)
    failed = ("ERR_FAILED", "Failed to fetch", "404", "integrity", "matplotlib")  # on purpose, here
    page.watch.errors = [e for e in page.watch.errors if not any(a in e for a in failed)]


def test_a_missing_package_says_which_file_and_offers_retry(page, cells_url):
    _matplotlib_fails_then_retry(page, cells_url, lambda route: route.fulfill(status=404, body="not here"), "HTTP 404")


def test_a_damaged_package_says_integrity(page, cells_url):
    _matplotlib_fails_then_retry(page, cells_url, lambda route: route.fulfill(status=200, body=b"\0" * 4096), "integrity")


def test_a_broken_lock_file_is_named(page, cells_url):
    page.context.route("**/pyodide-lock.json", lambda route: route.fulfill(status=500, body="oops"))
    open_page(page, cells_url)
    cell(page, 1).get_by_role("button", name="Run").click()
    status = cell(page, 1).locator(".pycell-status")
    status.get_by_role("button", name="Retry").wait_for(timeout=TIMEOUT)
    assert "pyodide-lock.json failed (HTTP 500)" in status.inner_text(), status.inner_text()
    page.watch.errors = [e for e in page.watch.errors if not any(a in e for a in ("500", "JSON", "lock"))]


class _Recorder(http.server.SimpleHTTPRequestHandler):
    """Another site: it records every request that reaches it (and answers none usefully)."""
    hits: list = []

    def do_GET(self):
        _Recorder.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


# Every way out of the worker that a wrapper cannot catch; each records how it ended in R.
ESCAPES = """import js
from pyodide.ffi import create_proxy, to_js
R = {}
def keep(name):
    return create_proxy(lambda *a: R.__setitem__(name, " ".join(map(str, a))[:120]))
def attempt(name, f):
    try:
        f()
    except Exception as e:
        R[name] = "raised " + str(e)[:120]
def worker(source, name, kind="classic"):
    blob = js.Blob.new(to_js([source]), to_js({"type": "text/javascript"}, dict_converter=js.Object.fromEntries))
    w = js.Worker.new(js.URL.createObjectURL(blob), to_js({"type": kind}, dict_converter=js.Object.fromEntries))
    w.onmessage = keep(name); w.onerror = keep(name)
def unbound(owner, name):  # the browser's own method, not the worker's wrapper of it
    return js.Reflect.get(owner.prototype, name)
OTHER = "OTHER_SITE"
attempt("eval", lambda: R.__setitem__("eval", "ran " + str(js.eval("1 + 1"))))
attempt("fetch", lambda: js.Reflect.apply(unbound(js.WorkerGlobalScope, "fetch"), None, js.Array.of(OTHER + "fetch")).then(keep("fetch"), keep("fetch")))
def socket(kind, url):
    s = getattr(js, kind).new(url); s.onopen = keep(kind); s.onerror = keep(kind)
attempt("WebSocket", lambda: socket("WebSocket", OTHER.replace("http", "ws") + "socket"))
attempt("EventSource", lambda: socket("EventSource", OTHER + "events"))
attempt("font", lambda: js.FontFace.new("x", f"url({OTHER}font)").load().then(keep("font"), keep("font")))
attempt("cache", lambda: js.caches.open("x").then(create_proxy(lambda c: js.Reflect.apply(unbound(js.Cache, "add"), c, js.Array.of(OTHER + "cache")).then(keep("cache"), keep("cache")))))
attempt("worker", lambda: worker(f"fetch('{OTHER}worker').then(() => postMessage('ran'), () => postMessage('refused'))", "worker"))
attempt("import", lambda: worker(f"import '{OTHER}import.js'; postMessage('ran')", "import", "module"))
"""


def test_cell_code_reaches_no_other_site(page, cells_url):
    # Typed into a cell and run, as a reader's own code: every way out ends in a refusal, and the
    # other site hears nothing (without the page's policy in the worker, six of these reach it).
    from playwright.sync_api import expect

    _Recorder.hits = []
    with serve(ROOT, _Recorder) as other:
        open_page(page, cells_url)
        target = cell(page, 1)
        target.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(ESCAPES.replace("OTHER_SITE", other))
        target.get_by_role("button", name="Run").click()
        expect(target).to_have_attribute("data-state", "done", timeout=TIMEOUT)
        target.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text("print(len(R), sorted(R.items()))")
        for _ in range(40):  # the refusals arrive as events: ask until all eight have
            target.get_by_role("button", name="Run").click()
            expect(target).to_have_attribute("data-state", "done", timeout=TIMEOUT)
            if target.locator(".pycell-stdout").inner_text().startswith("8 "):
                break
            page.wait_for_timeout(250)
        report = target.locator(".pycell-stdout").inner_text()
    assert report.startswith("8 "), report
    assert "ran" not in report.replace("raised", ""), report
    target.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text("import js\njs.eval('1 + 1')")
    target.get_by_role("button", name="Run").click()
    expect(target.locator(".pycell-error")).to_contain_text("EvalError", timeout=TIMEOUT)
    assert "Content Security Policy" in target.locator(".pycell-error").inner_text()
    assert _Recorder.hits == [], f"cell code reached another site: {sorted(_Recorder.hits)}"
    refused = ("Content Security Policy", "Refused", "blocked", "NetworkError")  # on purpose, here
    page.watch.errors = [e for e in page.watch.errors if not any(a in e for a in refused)]


@pytest.mark.parametrize("name", ["pyodide.asm.wasm", "python_stdlib.zip"])
def test_a_damaged_python_file_is_named_and_retry_recovers(page, cells_url, name):
    # One wrong byte in 5,000: the interpreter then fails to compile, the standard library makes
    # Python exit(1). The reader is told which file arrived damaged, not "stopped answering".
    from playwright.sync_api import expect

    damaged = bytearray((ROOT / "node_modules/pyodide" / name).read_bytes())
    for i in range(1000, len(damaged), 5000):
        damaged[i] ^= 0xFF
    page.context.route(f"**/{name}", lambda route: route.fulfill(status=200, body=bytes(damaged)))
    open_page(page, cells_url)
    target = cell(page, 1)
    target.get_by_role("button", name="Run").click()
    status = target.locator(".pycell-status")
    status.get_by_role("button", name="Retry").wait_for(timeout=TIMEOUT)
    assert f"{name} arrived damaged" in status.inner_text(), status.inner_text()
    page.context.unroute(f"**/{name}")
    status.get_by_role("button", name="Retry").click()
    expect(target).to_have_attribute("data-state", "done", timeout=TIMEOUT)
    refused = ("integrity", "SRI", "digest", "compile", "instantiat")  # on purpose, here
    page.watch.errors = [e for e in page.watch.errors if not any(a in e for a in refused)]
