"""Layer 3: offline after a first visit, in Chromium. The site's service worker (browser/offline/sw.js,
shipped as /sw.js by sitebuild/offline.py) keeps the runtime and the pages a reader opens; the test then
stops the server, as a reader's lost connection does, and uses the site through its links and buttons.
A new build of the site replaces what was kept, and a page is never given an older runtime than its own.
"""
import re
import shutil

import pytest

from conftest import _QuietHandler, serve

TIMEOUT = 120_000  # ms: the first visit boots Python, then keeps ~30 MB
SAVED = "Saved for offline use"
# What a page asks for offline that is not kept (the offline page's favicon): said with 503/504.
OFFLINE = ("status of 503", "status of 504")


@pytest.fixture
def site_copy(built_site, tmp_path):
    """A copy of the built site that a test may change, as a new build would."""
    shutil.copytree(built_site, tmp_path / "site")
    return tmp_path / "site"


def first_visit(page, url):
    from playwright.sync_api import expect

    page.set_default_timeout(TIMEOUT)
    page.goto(url + "lstm/")
    expect(page.locator(".gates-offline")).to_contain_text(SAVED, timeout=TIMEOUT)


def test_a_reader_offline_after_a_first_visit_reads_and_runs_what_they_opened(page, site_copy):
    from playwright.sync_api import expect

    with serve(site_copy) as url:
        first_visit(page, url)
        page.get_by_role("link", name="The GRU").first.click()  # opened online, after the worker came
        expect(page).to_have_title(re.compile("GRU"))
    # The server is gone now: every request fails unless the browser kept it.
    page.reload()
    expect(page.locator("h1")).to_contain_text("GRU")
    page.get_by_role("link", name="The LSTM").first.click()
    expect(page.locator("h1")).to_contain_text("LSTM")
    page.get_by_role("link", name="Looking both ways").first.click()  # never opened
    expect(page.locator("body")).to_contain_text("not saved in this browser yet")
    page.get_by_role("link", name="The LSTM").click()  # the offline page lists what is kept
    expect(page.locator("h1")).to_contain_text("LSTM")

    cell = page.locator(".pycell").first
    cell.scroll_into_view_if_needed()
    cell.get_by_role("button", name="Run").click()
    expect(cell).to_have_attribute("data-state", "done", timeout=TIMEOUT)
    assert cell.locator("[data-cell-output]").get_attribute("data-origin") == "browser"
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text("import matplotlib.pyplot as plt\nplt.plot([0, 1, 4])\nplt.show()")
    cell.get_by_role("button", name="Run").click()
    expect(cell.locator("[data-cell-output][data-origin=browser] img")).to_be_visible(timeout=TIMEOUT)
    page.watch.errors = [e for e in page.watch.errors if not any(o in e for o in OFFLINE)]


def rebuild_runtime(site, marker):
    """What a new build does to a kept runtime file: change it, list it anew in sw.js, mark the pages."""
    from sitebuild import offline

    progress = site / "assets/cells/progress.js"
    progress.write_text(progress.read_text().replace('"Python is ready"', f'"Python is ready {marker}"'))
    source = (offline.FOLDER / "sw.js").read_text()
    text, build = offline.service_worker(site, source)
    (site / "sw.js").write_text(text)
    offline.mark_pages(site, build)
    return build


class Revalidating(_QuietHandler):
    """A host that asks browsers to revalidate every file. The browser's own HTTP cache may keep a file
    as long as a host's headers allow, with or without a service worker (Chromium reuses a still-fresh
    script across a reload without a request): this host rules that out, so what is tested is the worker."""

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


def test_a_new_build_replaces_what_was_kept_and_never_mixes_with_it(page, site_copy):
    from playwright.sync_api import expect

    status = page.locator(".pycell-runtime")
    with serve(site_copy, Revalidating) as url:
        first_visit(page, url)
        build = rebuild_runtime(site_copy, "(new build)")
        page.reload()  # the new page, while the old worker still controls it
        expect(page.locator('meta[name="gates-build"]')).to_have_attribute("content", build)
        expect(status).to_contain_text("Python is ready (new build)", timeout=TIMEOUT)
        expect(page.locator(".gates-offline")).to_contain_text(SAVED, timeout=TIMEOUT)
        # "Saved" is said once a worker of the new build holds the page (the old one keeps no newer page).
        assert page.evaluate("(name) => caches.open(name).then((c) => c.match(location.href)).then(Boolean)",
                             f"gates-offline-pages-{build}")
        expected = [f"gates-offline-pages-{build}", f"gates-offline-runtime-{build}"]
        for _ in range(120):  # the old build's caches go once the new worker is active
            ours = sorted(n for n in page.evaluate("caches.keys()") if n.startswith("gates-offline-"))
            if ours == expected:
                break
            page.wait_for_timeout(500)
        assert ours == expected
    page.reload()  # offline: the new build's page and runtime, both kept
    expect(status).to_contain_text("Python is ready (new build)", timeout=TIMEOUT)
    page.watch.errors = [e for e in page.watch.errors if not any(o in e for o in OFFLINE)]
