"""Layer 3 on three engines: what a reader does on the site works the same in Chromium, Firefox and
WebKit (Safari's engine), each driven through the page's visible controls by tools/engines.py.

The hostile and fault cases run in Chromium only (test_cells_browser.py, test_runtime_browser.py):
they test the site's own code, which is the same on every engine. What differs by engine is here.
"""
import json
import os
import re

import pytest

from tools import engines
from conftest import _QuietHandler, serve
from test_cells_browser import same_output

TIMEOUT = 180  # s: WebKit's first Python start on 2 busy cores has taken 30 s
# Engine noise that is not the site's, with its reason. Nothing else may be logged as an error.
HARMLESS = {
    "firefox": [
        re.compile("ResizeObserver loop completed with undelivered notifications"),  # Firefox logs what others drop
        # The reader (here, the test, page after page) moved on while the offline worker was still
        # answering: Firefox logs the answer nobody reads any more (a page, a runtime file) as the
        # worker's error. The worker's behaviour itself is tested in test_offline_browser.py.
        re.compile(r"Failed to load ‘http://127\.0\.0\.1:\d+/[^’]*’\. A ServiceWorker intercepted the request "
                   r"and encountered an unexpected error\."),
        # The same, for a page's own module still loading when the test moves on (a quiz's, on pages
        # opened one after another); the quizzes themselves are driven in test_widgets_browser.py.
        re.compile(r"TypeError: error loading dynamically imported module: http://127\.0\.0\.1:\d+/assets/widgets/[\w-]+\.js"),
        # Firefox lays out a long page while its parser is still streaming it in, and warns about a
        # formula it meets half parsed (an <msub> or a sum's <munderover> with a child missing so far).
        # Seen only under load, never on the finished page: every formula of every page has its
        # children (test_site_build.py's test_every_formula_s_mathml_is_well_formed), and the same pages
        # scrolled through after loading log nothing.
        re.compile(r"^Invalid markup: Incorrect number of children for <(msub|msup|msubsup|munder|mover|munderover|mfrac|mroot)/> tag\.$"),
    ],
}


@pytest.fixture(scope="session")
def engine_site(built_site):
    with serve(built_site, engines.error_collecting_host(_QuietHandler)) as url:
        yield url


@pytest.fixture(scope="session")
def firefox():
    if not os.path.exists(engines.FIREFOX):
        pytest.fail(f"{engines.FIREFOX} is missing: run tools/ensure-browsers (make test does)")
    browser = engines.FirefoxBrowser()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def screen():
    for path in (engines.WEBKIT_DRIVER, engines.MINIBROWSER, engines.XVFB):
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing: run tools/ensure-browsers (make test does)")
    display = engines.VirtualScreen()
    yield display
    display.close()


@pytest.fixture(params=engines.ENGINES)
def reader(request):
    """A fresh reader (its own storage) on one engine; fails the test on any console error."""
    if request.param == "chromium":
        r = engines.ChromiumReader(request.getfixturevalue("browser"))
    elif request.param == "firefox":
        r = engines.FirefoxReader(request.getfixturevalue("firefox"))
    else:
        r = engines.WebKitReader(request.getfixturevalue("screen"))
    yield r
    errors = [e for e in r.errors() if not any(h.search(e) for h in HARMLESS.get(r.engine, []))]
    r.close()
    assert not errors, f"{r.engine}: console errors: {errors}"


def cell_ready(r):
    """The page's first cell, as a reader meets it: scrolled to, with its editor."""
    r.wait_for("document.documentElement.dataset.pycells === 'ready'", TIMEOUT, "the cells")
    r.scroll_to(".pycell")
    r.wait_for("document.querySelector('.pycell .cm-editor')", TIMEOUT, "the editor")
    return ".pycell"


def run_and_wait(r, cell=".pycell", state="done"):
    r.click(f"{cell} .pycell-run")
    r.wait_for(f"['done', 'error'].includes(document.querySelector('{cell}').dataset.state)", TIMEOUT, "the run")
    assert r.attribute(cell, "data-state") == state, r.text(f"{cell} .pycell-status")


def replace_code(r, code, cell=".pycell"):
    r.click(f"{cell} .cm-content")
    r.press("Control+a")
    r.type(code)


def test_every_page_loads_without_errors(reader, built_site, engine_site):
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    for page in pages:
        reader.open(engine_site + page.removesuffix("index.html"))
        reader.wait_for("document.readyState === 'complete'", TIMEOUT, page)
        assert reader.evaluate("document.querySelector('h1')?.textContent.length > 0"), page


def test_a_cell_prints_what_the_build_printed(reader, engine_site):
    reader.open(engine_site + "lstm/")
    cell = cell_ready(reader)
    built = reader.text(f"{cell} .pycell-stdout")
    run_and_wait(reader, cell)
    assert reader.attribute(f"{cell} [data-cell-output]", "data-origin") == "browser"
    assert same_output(built, reader.text(f"{cell} .pycell-stdout")), (built, reader.text(f"{cell} .pycell-stdout"))
    # A first visit: its Python was restored from the site's snapshot, made by the build in Node.
    assert reader.evaluate("import(new URL('/assets/cells/runtime.js', location.href))"
                           ".then((m) => m.sharedRuntime().snapshot)") == "site"


def test_stop_ends_a_runaway_loop_and_the_next_run_works(reader, engine_site):
    reader.open(engine_site + "lstm/")
    cell = cell_ready(reader)
    run_and_wait(reader, cell)  # Python is up
    replace_code(reader, "while True:\n    pass")
    reader.click(f"{cell} .pycell-run")
    reader.wait_for(f"document.querySelector('{cell}').dataset.state === 'running'", TIMEOUT, "the loop")
    reader.click(f"{cell} .pycell-stop")
    reader.wait_for(f"document.querySelector('{cell}').dataset.state === 'stopped'", TIMEOUT, "the stop")
    assert "Python was restarted" in reader.text(f"{cell} .pycell-output")
    replace_code(reader, "print(6 * 7)")
    run_and_wait(reader, cell)
    assert reader.text(f"{cell} .pycell-stdout").strip() == "42"


def test_a_cell_may_await_at_top_level_and_asyncio_run_says_what_works_instead(reader, engine_site):
    reader.open(engine_site + "lstm/")
    cell = cell_ready(reader)
    replace_code(reader, "import asyncio\nprint(await asyncio.sleep(0.05, result=42))")
    run_and_wait(reader, cell)
    assert reader.text(f"{cell} .pycell-stdout").strip() == "42"
    replace_code(reader, "asyncio.run(asyncio.sleep(0))")
    run_and_wait(reader, cell, state="error")
    shown = reader.text(f"{cell} .pycell-error")
    assert "write `await main()` at the top level of the cell instead of `asyncio.run(main())`" in shown, shown
    assert "stack switching" not in shown, shown


def test_a_matplotlib_figure_shows(reader, engine_site):
    reader.open(engine_site + "lstm/")
    cell = cell_ready(reader)
    replace_code(reader, "import matplotlib.pyplot as plt\nplt.plot([0, 1, 4])\nplt.show()")
    run_and_wait(reader, cell)
    reader.wait_for(f"document.querySelector('{cell} [data-cell-output] img')?.naturalWidth > 0", TIMEOUT, "the figure")


def test_a_widget_drawn_above_the_reader_moves_nothing_they_look_at(reader, engine_site):
    """Scrolled to the LSTM page's first Run button, the gate sandbox above it comes to life (it is some
    2,000 px taller drawn than as its table): the button stays in the middle of the screen, where the
    reader's eyes and pointer are, and their click on it runs the cell. (WebKit, which has no scroll
    anchoring of its own, moved the button away from under the click.)"""
    run = ".pycell:not([data-hidden]) .pycell-run"
    reader.open(engine_site + "lstm/")
    reader.wait_for("document.documentElement.dataset.pycells === 'ready'", TIMEOUT, "the cells")
    assert not reader.evaluate("document.querySelector('.widget[data-widget=sandbox][data-ready]')")
    reader.scroll_to(run)
    reader.wait_for("document.querySelector('.widget[data-widget=sandbox][data-ready]')", TIMEOUT, "the sandbox")
    reader.wait_for("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))")
    box = f"document.querySelector('{run}').getBoundingClientRect()"
    middle = reader.evaluate(f"[{box}.top + {box}.height / 2, innerHeight / 2]")
    assert middle[0] == pytest.approx(middle[1], abs=2), f"{reader.engine}: the Run button moved to {middle[0]}"
    reader.click(run)
    assert reader.attribute(".pycell:not([data-hidden])", "data-state") in ("loading", "running", "done")


def test_an_edit_survives_a_reload(reader, engine_site):
    reader.open(engine_site + "gru/")
    cell = cell_ready(reader)
    replace_code(reader, "print('kept across a reload')")
    reader.wait_for("Object.keys(localStorage).some((k) => k.startsWith('pycell:'))", 10, "the saved edit")
    reader.open(engine_site + "gru/")
    cell_ready(reader)
    reader.wait_for(f"document.querySelector('{cell} .cm-content').textContent.includes('kept across a reload')", 10, "the edit")


WIDGET_PAGES = {"lstm/": ["replay", "force", "cvh", "owntext", "sandbox", "intervene"], "bidirectional/": ["bank"],
                "gradient-cliff/": ["gradlab", "gradpaths"], "long-memory/": ["connectivity"], "in-practice/": ["trainchar"]}


DRAWN_LATER = {"owntext"}  # draws the reader's sentence, once there is one
# The widgets drawn in HTML, not SVG: intervene's bars (a real table, for screen readers), connectivity's heat cells
DRAWN_AS = {"intervene": " table.w-ivt", "connectivity": " .w-heat"}


def widget_ready(r, name):
    css = f'.widget[data-widget="{name}"]'
    r.scroll_to(css)  # widgets come to life as they near the screen
    drawn = "" if name in DRAWN_LATER else DRAWN_AS.get(name, " svg")
    r.wait_for(f"document.querySelector('{css}[data-ready]{drawn}')", TIMEOUT, f"the {name} widget")
    return css


def type_sentence(r, url, name, sentence):
    """Type `sentence` into the widget's text box, over the example it holds, and wait for its answer."""
    r.open(url)
    css = widget_ready(r, name)
    r.click(f"{css} input.w-text")
    r.press("Control+a")
    r.type(sentence)
    r.press("Enter")
    r.wait_for(f"document.querySelector('{css}').dataset.live === 'done'", TIMEOUT, f"{name}'s answer")
    return css


def test_every_widget_draws_and_the_live_ones_answer(reader, engine_site):
    from test_widgets_browser import describe_sandbox, describe_step, widgets_bank, widgets_cliff, widgets_parens, widgets_sandbox

    for page, names in WIDGET_PAGES.items():
        reader.open(engine_site + page)
        for name in names:
            widget_ready(reader, name)
    # One live request each, typed or keyed as a reader does, equal to CPython's answer.
    sentence = "a dog (and a cat) ran"
    css = type_sentence(reader, engine_site + "lstm/", "owntext", sentence)
    assert reader.evaluate(f"document.querySelector('{css} svg') !== null")
    assert reader.text(f"{css} .w-live") == describe_step(widgets_parens.replay(sentence), 0)

    sentence = "we sat by the bank near the fish"
    css = type_sentence(reader, engine_site + "bidirectional/", "bank", sentence)
    label = reader.attribute(f"{css} svg.w-bank", "aria-label")
    expected = widgets_bank.probs(sentence)
    for word, a, b in zip(expected["words"], expected["lstm"], expected["bilstm"]):
        assert f"{word} {a:.2f} / {b:.2f}" in label

    reader.open(engine_site + "gradient-cliff/")
    css = widget_ready(reader, "gradlab")
    reader.click(f'{css} input[type="range"]')  # rho; a click lands on 1.0, on the precomputed grid
    for key in ("Home", "ArrowRight"):  # 0.5, then 0.55: between grid points, computed live
        reader.press(key)
    reader.wait_for(f"document.querySelector('{css}').dataset.live === 'done'", TIMEOUT, "gradlab's answer")
    drawn = json.loads(reader.attribute(f'{css} polyline[data-series="rnn"]', "data-values"))
    assert drawn == pytest.approx(widgets_cliff.curves(0.55, 2.0, 50)["rnn"], abs=2e-3)

    # The sandbox answers in the engine's own JavaScript: keyed, it draws and says what CPython computes.
    reader.open(engine_site + "lstm/")
    css = widget_ready(reader, "sandbox")
    reader.click(f'{css} input[data-key="f"]')  # the forget gate; the click lands mid-range
    for key in ("End", "ArrowLeft"):  # 1, then 0.99
        reader.press(key)
    expected = widgets_sandbox.run(**{**widgets_sandbox.DEFAULT, "f": 0.99})
    for series in ("c", "h", "survival"):
        drawn = json.loads(reader.attribute(f'{css} polyline[data-series="{series}"]', "data-values"))
        assert drawn == pytest.approx(expected[series], rel=1e-12, abs=1e-15), (reader.engine, series)
    assert reader.text(f"{css} .w-status") == describe_sandbox(expected)
