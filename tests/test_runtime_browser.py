"""Layer 3: how the page's Python starts, in headless Chromium against the built site.

A page with cells boots Python from <head> without waiting for a click; the page compiles the
interpreter (where the browser can cache the compiled code) and the worker instantiates that Module, so
pyodide.asm.wasm is downloaded once; a page without cells downloads nothing of the runtime.
"""
import re
from urllib.parse import urlparse

import pytest

from conftest import PageWatch

TIMEOUT = 60_000


def recorded(page):
    """Paths of every request the page and its worker make, in order."""
    paths = []
    page.on("request", lambda r: paths.append(urlparse(r.url).path))
    return paths


# Every step a progress line showed, in order, even several in one task (a restored Python's come fast):
# a change's new value is the next change's old one, or the value now for the last.
STEPS_TO_CONSOLE = """new MutationObserver((changes) => {
    changes.forEach((change, i) => {
        const next = changes.slice(i + 1).find((later) => later.target === change.target);
        console.info("step " + (next ? next.oldValue : change.target.dataset.step));
    });
}).observe(document, { subtree: true, attributeFilter: ["data-step"], attributeOldValue: true });"""


def test_a_page_with_cells_boots_python_before_any_run(page, site_url):
    page.add_init_script(STEPS_TO_CONSOLE)
    paths = recorded(page)
    page.on("console", lambda message: message.text.startswith("step ") and paths.append(message.text))
    page.goto(site_url + "lstm/")
    page.wait_for_selector(".pycell-runtime[data-step=ready]", state="attached", timeout=TIMEOUT)
    states = page.eval_on_selector_all(".pycell", "els => els.map(el => el.dataset.state)")
    assert set(states) == {"idle"}, "nothing was run: Python started on its own"
    # The interpreter came once, fetched by the page; the worker fetched the rest itself.
    assert sum(p.endswith("/pyodide.asm.wasm") for p in paths) == 1, paths
    assert any(p.endswith("/python_stdlib.zip") for p in paths) and any(p.endswith(".whl") for p in paths)
    # numpy's and explainers' wheels are downloaded by the page while Python initialises (early.js,
    # wheel_handoff.js), once: before the page hears that Python has started and numpy is next.
    wheels = [p for p in paths if p.endswith(".whl")]
    assert sorted(w.split("/")[-1].split("-")[0] for w in wheels) == ["explainers", "numpy"], wheels
    assert all(paths.index(w) < paths.index("step numpy") for w in wheels), [p for p in paths if "whl" in p or "step" in p]
    first = page.locator(".pycell:not([hidden])").first
    first.locator(".pycell-run").click()
    page.wait_for_function("el => el.dataset.state === 'done'", arg=first.element_handle(), timeout=TIMEOUT)


def test_a_stopped_python_restarts_from_the_same_compiled_interpreter(page, site_url):
    paths = recorded(page)
    page.goto(site_url + "lstm/")
    page.wait_for_selector(".pycell-runtime[data-step=ready]", state="attached", timeout=TIMEOUT)
    first = page.locator(".pycell:not([hidden])").first
    page.evaluate("el => { el.cell.setCode('while True: pass'); el.cell.run(); }", first.element_handle())
    page.wait_for_function("el => el.dataset.state === 'running'", arg=first.element_handle())
    first.locator(".pycell-stop").click()
    page.evaluate("el => el.cell.setCode('6 * 7')", first.element_handle())
    assert page.evaluate("el => el.cell.run()", first.element_handle()) == "done"
    assert first.locator(".pycell-result").inner_text() == "42"
    assert sum(p.endswith("/pyodide.asm.wasm") for p in paths) == 1, "the restart downloaded it again"


def test_a_page_without_cells_downloads_no_python(page, site_url):
    paths = recorded(page)
    page.goto(site_url + "references/", wait_until="networkidle")
    html = page.content()
    assert "data-boot" not in html and 'class="pycell"' not in html
    assert not [p for p in paths if "/assets/pyodide/" in p or p.endswith("/worker.js")], paths


def test_a_reader_saving_data_starts_python_only_when_asked(browser, site_url):
    context = browser.new_context(viewport={"width": 1000, "height": 300})
    page = context.new_page()
    page.watch = PageWatch(page)
    page.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true}})")
    paths = recorded(page)
    page.goto(site_url + "lstm/", wait_until="networkidle")
    first = page.locator(".pycell:not([hidden])").first
    assert first.bounding_box()["y"] > 300 + 200, "the test needs the first cell well below the fold"
    page.wait_for_timeout(1000)
    assert not [p for p in paths if "/assets/pyodide/" in p], paths
    first.locator(".pycell-run").click()
    page.wait_for_function("el => el.dataset.state === 'done'", arg=first.element_handle(), timeout=TIMEOUT)
    assert len([p for p in paths if p.endswith(".whl")]) == 2, "numpy's and explainers' wheels, once each"
    context.close()
    page.watch.assert_clean()


def test_editors_load_as_cells_near_the_screen_and_saved_edits_run_before_that(page, site_url):
    paths = recorded(page)
    page.set_viewport_size({"width": 1000, "height": 400})
    page.goto(site_url + "lstm/")
    page.wait_for_selector("html[data-pycells=ready]", state="attached")
    first = page.locator(".pycell:not([hidden])").first
    assert first.bounding_box()["y"] > 400 + 300, "the test needs the first cell well below the fold"
    # A saved edit of that cell (store.js's format), then a fresh load of the page.
    page.evaluate("""el => localStorage.setItem(`pycell:${location.pathname}#${el.dataset.cell}`,
        JSON.stringify({original: el.cell.getCode(), code: 'print("edited", 6 * 7)'}))""", first.element_handle())
    page.reload()
    page.wait_for_selector("html[data-pycells=ready]", state="attached")
    page.wait_for_timeout(500)
    assert page.locator(".cm-editor").count() == 0 and not any(p.endswith("/editor.js") for p in paths)
    assert page.evaluate("el => el.cell.run()", first.element_handle()) == "done"
    assert first.locator(".pycell-stdout").inner_text() == "edited 42\n"
    first.scroll_into_view_if_needed()
    first.locator(".cm-editor").wait_for()
    assert first.locator(".cm-content").inner_text() == 'print("edited", 6 * 7)'


def test_a_boot_that_goes_silent_is_given_up_with_a_retry(page, site_url):
    page.add_init_script("window.pycellsSilenceMs = 1500")  # the real limit is 30 s
    page.context.route("**/assets/cells/worker.js", lambda route: route.fulfill(
        body="self.onmessage = () => {};", content_type="text/javascript"))  # a worker that never answers
    page.goto(site_url + "lstm/")
    first = page.locator(".pycell:not([hidden])").first
    page.wait_for_selector("html[data-pycells=ready]", state="attached")
    assert page.evaluate("el => el.cell.run()", first.element_handle()) == "error"
    # 1.5 s of silence, or 4x that once the page's download of the interpreter has ended and the
    # worker is taken to be starting Python (watchdog.js COMPUTING)
    said = first.locator(".pycell-status").inner_text()
    assert re.search(r"stopped answering while starting \(nothing for (1\.5|6) s\)\. Retry starts it again", said), said
    # The watchdog's arming is on the page's timeline (the bench reads it): its limits are the ones said.
    limits = page.evaluate("performance.getEntriesByName('pycells-watchdog').map((m) => m.detail.limit)")
    assert 1500 in limits and set(limits) <= {1500, 6000}, limits
    page.context.unroute("**/assets/cells/worker.js")
    page.evaluate("window.pycellsSilenceMs = 30_000")  # a real boot has quiet seconds
    first.locator(".pycell-status button").click()  # Retry
    page.wait_for_function("el => el.dataset.state === 'done'", arg=first.element_handle(), timeout=TIMEOUT)


def test_mounting_an_editor_moves_nothing_on_the_page(page, site_url):
    """The editor replaces the highlighted code at the same height: a Run button never jumps under a click.
    Measured from the cell's own top, so that a widget above it, drawn as it nears the screen, does not
    count (the widgets' own heights are not this test's subject)."""
    page.goto(site_url + "lstm/")
    page.wait_for_selector("html[data-pycells=ready]", state="attached")
    where = "el => el.querySelector('.pycell-run').getBoundingClientRect().top - el.getBoundingClientRect().top"
    cells = page.locator(".pycell:not([hidden])")
    before = [cells.nth(i).evaluate(where) for i in range(cells.count())]
    for i in range(cells.count()):
        cells.nth(i).scroll_into_view_if_needed()
        cells.nth(i).locator(".cm-editor").wait_for()
    after = [cells.nth(i).evaluate(where) for i in range(cells.count())]
    assert after == pytest.approx(before, abs=1), (before, after)


SNAPSHOT_ENTRY = """async () => {
    const { snapshotStore } = await import(new URL("/assets/cells/snapshot_store.js", location.href));
    const { SNAPSHOT_RECIPE } = await import(new URL("/assets/cells/python.js", location.href));
    return snapshotStore(new URL("/assets/pyodide/", location.href).href, SNAPSHOT_RECIPE);
}"""


def stored_snapshot_head(page):
    """The first bytes of the browser's stored Python snapshot, or None (polled: it is written when idle)."""
    for _ in range(60):
        head = page.evaluate(f"""async () => {{
            const stored = await ({SNAPSHOT_ENTRY})().then((store) => store.read());
            return stored && Array.from(new Uint8Array(await stored.bytes, 0, 8));
        }}""")
        if head:
            return head
        page.wait_for_timeout(250)
    return None


def run_first_cell(page, path):
    """Run the page's first cell; the snapshot its Python came from: "site", "browser" or None (afresh)."""
    page.goto(path)
    first = page.locator(".pycell:not([hidden])").first
    first.locator(".pycell-run").click()
    page.wait_for_function("el => el.dataset.state === 'done'", arg=first.element_handle(), timeout=TIMEOUT)
    assert not first.locator(".pycell-error").count()
    return page.evaluate("""async () =>
        (await import(new URL("/assets/cells/runtime.js", location.href))).sharedRuntime().snapshot""")


def refuse_site_snapshot(page):
    """The site's snapshot fails to download for this page (as it does offline before it was kept), so
    its Python starts afresh and keeps a snapshot of its own. Only for requests the page's service
    worker does not answer: a first visit's."""
    page.route(re.compile(r".*/python-snapshot\.bin$"), lambda route: route.abort())


def test_a_first_visit_restores_the_sites_snapshot_and_keeps_none_of_its_own(page, site_url):
    sizes = {}
    page.on("response", lambda r: r.url.endswith("/python-snapshot.bin") and sizes.setdefault(r.url, r.body()))
    assert run_first_cell(page, site_url + "lstm/") == "site", "a first visit restores the build's snapshot"
    [body] = sizes.values()
    config = page.evaluate("""async () => (await import(new URL("/assets/cells/config.js", location.href))).SITE_SNAPSHOT""")
    assert len(body) < config["length"] / 3, "it downloads compressed"
    assert run_first_cell(page, site_url + "gru/") == "site", "so does another chapter"
    page.wait_for_timeout(2000)  # a snapshot made by this visit would be written by now, once idle
    assert not page.evaluate(f"""async () => (await ({SNAPSHOT_ENTRY})().then((store) => store.read()))""")


def test_later_pages_and_visits_start_python_from_the_browsers_snapshot(page, site_url):
    refuse_site_snapshot(page)
    assert run_first_cell(page, site_url + "lstm/") is None, "without the site's snapshot Python starts afresh"
    assert stored_snapshot_head(page), "and keeps a snapshot of it"
    page.unroute("**/*")
    assert run_first_cell(page, site_url + "gru/") == "browser", "another chapter restores it, before the site's"
    assert run_first_cell(page, site_url + "lstm/") == "browser", "so does a second visit"


def armed_for_the_silent_steps(page):
    """How the watchdog was armed (its marks, watchdog.js) for the two long silences of a boot: Python's
    own start, which ends when the worker names the numpy step, and the load of the wheels once they
    have arrived (unpacking numpy, importing it), which ends when it names the explainers step. Each
    is the arming just before the word that ends it (a bare step: no bytes)."""
    marks = page.evaluate("performance.getEntriesByName('pycells-watchdog').map((m) => m.detail)")
    ends = [next(i for i, m in enumerate(marks) if m.get("step") == step and m.get("loaded") is None)
            for step in ("numpy", "explainers")]
    return [marks[i - 1] for i in ends]


def test_the_silent_steps_are_given_the_computing_limit_on_every_kind_of_visit(page, site_url):
    """Python starting and numpy loading say nothing for seconds (12 s each in WebKit here): on a first
    visit, on a second one whose files come from the HTTP cache, and on one restored from the snapshot,
    the watchdog must allow them the computing step's limit, not the plain one."""
    assert run_first_cell(page, site_url + "lstm/") == "site"
    visits = {"first, from the site's snapshot": armed_for_the_silent_steps(page)}
    other = page.context.browser.new_context()  # another reader, whose download of it fails
    try:
        page = other.new_page()
        refuse_site_snapshot(page)
        assert run_first_cell(page, site_url + "lstm/") is None
        visits["first, afresh"] = armed_for_the_silent_steps(page)
        assert stored_snapshot_head(page)
        assert run_first_cell(page, site_url + "lstm/") == "browser"
        visits["from the browser's snapshot"] = armed_for_the_silent_steps(page)
    finally:
        other.close()
    for visit, steps in visits.items():
        for what, armed in zip(("Python's start", "the wheels' load"), steps):
            assert armed["computing"] and armed["limit"] == 120_000, (visit, what, armed)


def test_a_run_clicked_while_python_starts_is_answered_before_the_snapshot_is_written(page, site_url):
    """Writing the new snapshot (~20 MB) waits until the page says the runs asked for during the boot
    were sent ("settled"): the reader's first output never waits for it. (A boot without the site's
    snapshot: one that restores it writes none.)"""
    refuse_site_snapshot(page)
    page.add_init_script("""(() => {
        window.sentToWorker = [];  // what the page tells its Python worker (not the search's)
        window.Worker = class extends window.Worker {
            constructor(url, options) {
                super(url, options);
                this.python = String(url).startsWith("blob:");  // the Python worker (confine.js), not search's
            }
            postMessage(message, ...rest) {
                if (this.python) window.sentToWorker.push(message?.type);
                return super.postMessage(message, ...rest);
            }
        };
    })()""")
    page.goto(site_url + "lstm/")
    first = page.wait_for_function("""() => {
        const el = document.querySelector('.pycell:not([hidden])');
        return el && el.cell ? el : null;
    }""", timeout=TIMEOUT).as_element()
    ready_at_click = first.evaluate("""async (el) => {
        const { sharedRuntime } = await import(new URL("/assets/cells/runtime.js", location.href));
        const ready = sharedRuntime().ready;
        el.querySelector(".pycell-run").click();
        return ready;
    }""")
    assert ready_at_click is False, "the Run was clicked while Python started"
    page.wait_for_function("el => el.dataset.state === 'done'", arg=first, timeout=TIMEOUT)
    sent = page.evaluate("window.sentToWorker")
    # The interpreter is handed over once per start of Python: here twice, the site's snapshot having
    # failed to arrive after the first had begun.
    assert sent[0] == "interpreter" and [t for t in sent if t not in ("wheel", "interpreter")] == ["run", "settled"], sent
    assert stored_snapshot_head(page), "then the snapshot is kept"


def test_a_snapshot_that_does_not_restore_costs_one_fresh_boot_and_is_replaced(page, site_url):
    refuse_site_snapshot(page)
    run_first_cell(page, site_url + "lstm/")
    good = stored_snapshot_head(page)
    page.evaluate(f"""async () => {{
        const store = await ({SNAPSHOT_ENTRY})();
        const bytes = new Uint8Array(await (await store.read()).bytes);
        bytes[0] ^= 0xff;  // as if another runtime had written it
        await store.write(bytes);
    }}""")
    assert stored_snapshot_head(page) != good
    assert run_first_cell(page, site_url + "lstm/") is None, "Python started afresh, and the cell ran"
    for _ in range(40):  # the bad one was dropped and a good one kept, once the worker was idle
        if stored_snapshot_head(page) == good:
            break
        page.wait_for_timeout(250)
    assert stored_snapshot_head(page) == good


def replace_stored_snapshot(page, js_body):
    """Rewrite the stored snapshot's entry in place (its headers kept): js_body gets `cache`, `key`,
    `response` and `bytes` (a Uint8Array) and returns the new body."""
    page.evaluate(f"""async () => {{
        const cache = await caches.open("pycells-python-snapshot");
        const [key] = (await cache.keys()).filter((r) => !r.url.endsWith("&restoring"));
        const response = await cache.match(key);
        const bytes = new Uint8Array(await response.clone().arrayBuffer());
        const body = await (async () => {{ {js_body} }})();
        await cache.put(key, new Response(body, {{ headers: response.headers }}));
    }}""")


def kept_again(page, good):
    for _ in range(40):  # the bad one was dropped and a good one kept, once the worker was idle
        if stored_snapshot_head(page) == good:
            return True
        page.wait_for_timeout(250)
    return False


def test_a_snapshot_cut_short_is_never_restored_and_is_replaced(page, site_url):
    # A short snapshot made Pyodide's restore hang (LinkError: memory smaller than declared), every
    # visit, for good. Its recorded length gives it away before any restore is tried.
    refuse_site_snapshot(page)
    run_first_cell(page, site_url + "lstm/")
    good = stored_snapshot_head(page)
    replace_stored_snapshot(page, "return bytes.subarray(0, bytes.length >> 1);")
    assert run_first_cell(page, site_url + "lstm/") is None, "Python started afresh, and the cell ran"
    assert kept_again(page, good)


def test_a_restore_that_never_finished_is_not_tried_again(page, site_url):
    # Whatever made a restore hang (the page was closed, or Pyodide never answered), its marker stays:
    # the next visit drops that snapshot and starts afresh, instead of hanging the same way (nor tries
    # the site's, whose restore may have been the one that hung).
    refuse_site_snapshot(page)
    run_first_cell(page, site_url + "lstm/")
    good = stored_snapshot_head(page)
    page.evaluate("""async () => {
        const cache = await caches.open("pycells-python-snapshot");
        const [key] = await cache.keys();
        await cache.put(key.url + "&restoring", new Response(""));
    }""")
    assert run_first_cell(page, site_url + "lstm/") is None, "Python started afresh, and the cell ran"
    assert kept_again(page, good)
    assert run_first_cell(page, site_url + "gru/") == "browser", "the new snapshot restores (its marker is gone)"


def test_python_runs_on_a_host_with_quirks(page, built_site):
    # A host that reads `+` as a space, sends .wasm as application/octet-stream and .mjs as text/plain:
    # no URL the site serves has a `+` or ends in .mjs, and the interpreter compiles from its bytes.
    from conftest import QuirkyHost, serve

    assert not [p for p in built_site.rglob("*") if "+" in p.name or p.suffix == ".mjs"]
    QuirkyHost.served.clear()
    with serve(built_site, QuirkyHost) as url:
        page.goto(url + "lstm/")
        first = page.locator(".pycell:not([hidden])").first
        first.locator(".pycell-run").click()
        page.wait_for_function("el => el.dataset.state === 'done'", arg=first.element_handle(), timeout=TIMEOUT)
        assert first.locator("[data-cell-output][data-origin=browser] .pycell-stdout").inner_text().strip()
        assert first.locator(".pycell-error").count() == 0
    assert QuirkyHost.served[".wasm"] == {"application/octet-stream"}, "the quirk was not exercised"


def test_a_slow_link_starts_python_and_says_how_long_is_left(page, site_url):
    # 4 Mbit/s: the ~17 MB of Python and its wheels take about 35 s, far past a silence limit of 6 s.
    # The boot lives on because every download reports its bytes; the page says how long is left.
    from playwright.sync_api import expect

    page.add_init_script("window.pycellsSilenceMs = 6000")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": 40, "downloadThroughput": 500_000, "uploadThroughput": 500_000})
    page.goto(site_url + "lstm/", timeout=TIMEOUT)
    progress = page.locator(".pycell-runtime")
    expect(progress).to_contain_text("s left", timeout=TIMEOUT)
    expect(progress).to_have_attribute("data-step", "ready", timeout=3 * TIMEOUT)
    first = page.locator(".pycell:not([hidden])").first
    first.scroll_into_view_if_needed()
    first.get_by_role("button", name="Run").click()
    expect(first).to_have_attribute("data-state", "done", timeout=TIMEOUT)
