"""Width, as a reader on a phone or a desktop meets it: no page wider than a phone, figure text never
below the legible floor, everything wider than its column scrolls in its own box with a visible cue
and a keyboard stop, and the typeset maths' fonts come with the page (preloaded) instead of
re-wrapping it a second later."""
from __future__ import annotations


import pytest

from test_reader_text_browser import pages

from sitebuild.pages import figure_size  # the build's own floor

# Every box a reader may find wider than its column. Output and code boxes are focusable already.
WIDE_BOXES = "article div.arithmatex, article .jupyter-wrapper .katex-display, article pre > code, article .md-typeset__scrollwrap, " \
             "article .explainer-scroll, article .widget-scroll, article .pycell-output pre"

# The smallest font size of each figure's text, in CSS px as drawn: matplotlib scales each text's group
# so that its glyphs' em is 100 units; sub- and superscripts (70 % of their text) are not counted.
FIGURE_TEXT = """() => [...document.querySelectorAll('svg.explainer-svg')].map(svg => {
  let smallest = Infinity;
  for (const g of svg.querySelectorAll('g[id*="text_"] > g[transform*="scale"]')) {
    const m = g.getScreenCTM();
    smallest = Math.min(smallest, 100 * Math.hypot(m.c, m.d));
  }
  return [svg.getAttribute('aria-label').slice(0, 50), smallest];
})"""

# Boxes whose content is wider than they are, and how each shows it.
OVERFLOWING = """sel => [...document.querySelectorAll(sel)].filter(el => el.scrollWidth > el.clientWidth + 1)
  .map(el => ({ what: el.className || el.tagName, scrolls: el.hasAttribute('data-scrolls'),
    overflow: getComputedStyle(el).overflowX, cue: getComputedStyle(el).backgroundImage.includes('gradient'),
    tab: el.tabIndex }))"""

# Anything clipped with no way to scroll to it (KaTeX's MathML copy is hidden on purpose; a text field
# scrolls its own text under the caret, as a reader types or moves in it).
CLIPPED = """() => [...document.querySelectorAll('article *')].filter(el => {
  const o = getComputedStyle(el).overflowX;
  return (o === 'hidden' || o === 'clip') && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 1
    && !el.closest('.katex-mathml, .cm-editor') && !el.matches('input, textarea');
}).map(el => el.className || el.tagName)"""


def _open_everything(page) -> None:
    """Open every collapsed block (as a reader clicks its summary) and bring every figure and box into
    view once: neither a closed block's content nor an off-screen figure is laid out until then."""
    page.evaluate("""async sel => {
      const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const summary of document.querySelectorAll('details:not([open]) > summary')) summary.click();
      await frame();
      for (const box of document.querySelectorAll(sel)) { box.scrollIntoView({ block: 'center' }); await frame(); }
    }""", WIDE_BOXES)  # two frames per box: layout, then the boxes' resize observers


PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2}


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def on_a_phone(browser, built_site, site_url) -> dict:
    """Every page read once on a phone, for the two tests below (a walk each cost as much again: a page
    with cells starts its Python as it loads). {url: {"width": the page's own width once its quizzes
    have grown their controls, "figure_text": FIGURE_TEXT once every box has been in view}}."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        read = {}
        for url in pages(built_site):
            page.goto(site_url + url, wait_until="load")
            for quiz in page.locator(".quiz").all():  # quizzes grow their controls once mounted
                quiz.scroll_into_view_if_needed()
            page.wait_for_function("() => [...document.querySelectorAll('.quiz')].every(q => q.dataset.ready)")
            width = page.evaluate("document.documentElement.scrollWidth")
            _open_everything(page)
            read[url] = {"width": width, "figure_text": page.evaluate(FIGURE_TEXT)}
        return read
    finally:
        context.close()


def test_no_page_is_wider_than_a_phone(on_a_phone):
    # Wide things (tables, code, displayed maths) scroll inside their own box; the page itself never does.
    wide = {url: read["width"] for url, read in on_a_phone.items() if read["width"] > 375}
    assert not wide, f"pages wider than 375 px: {wide}"


def test_figure_text_is_legible_on_a_phone(on_a_phone):
    seen, small = 0, []
    for url, read in on_a_phone.items():
        for label, px in read["figure_text"]:
            seen += 1
            if px < figure_size.FLOOR_PX - 0.05:
                small.append((url, label, round(px, 1)))
    assert seen >= 10, "the figures were not found"
    assert not small, f"figure text below {figure_size.FLOOR_PX} px at 375 px: {small}"


@pytest.mark.parametrize("width", [375, 1280])
def test_wide_things_scroll_visibly(browser, built_site, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        bad, clipped, found = [], [], 0
        for url in pages(built_site):
            page.goto(site_url + url, wait_until="load")
            _open_everything(page)
            for box in page.evaluate(OVERFLOWING, WIDE_BOXES):
                found += 1
                if not (box["scrolls"] and box["cue"] and box["tab"] >= 0 and box["overflow"] in ("auto", "scroll")):
                    bad.append((url, box))
            clipped += [(url, c) for c in page.evaluate(CLIPPED)]
        assert found, "nothing overflowed: the check would pass on anything"
        assert not bad, f"wide boxes without a scroll, a cue or a keyboard stop at {width} px: {bad}"
        assert not clipped, f"content cut off with no way to scroll to it at {width} px: {clipped}"
    finally:
        context.close()


def test_a_wide_figure_scrolls_by_keyboard(phone, site_url):
    phone.goto(site_url + "lstm/", wait_until="load")
    box = phone.locator("figure.explainer .explainer-scroll", has=phone.get_by_role("img", name="Heatmap"))
    box.scroll_into_view_if_needed()
    phone.wait_for_function("b => b.hasAttribute('data-scrolls')", arg=box.element_handle())
    box.click()
    assert box.evaluate("b => document.activeElement === b")
    assert box.evaluate("b => b.scrollLeft") == 0
    for _ in range(3):
        phone.keyboard.press("ArrowRight")
    phone.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
    assert box.get_attribute("aria-label") == "Figure (scrolls sideways)"


def test_math_fonts_come_with_the_page(browser, built_site, site_url):
    # A font found late re-wraps every paragraph holding maths: each page preloads exactly the KaTeX
    # fonts its maths is drawn in (the notebook typesets in the browser and is left out).
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        checked = 0
        for url in pages(built_site):
            if url == "lstm-from-scratch/":
                continue
            page.goto(site_url + url, wait_until="load")
            page.evaluate("document.fonts.ready")
            used = set(page.evaluate("""() => [...document.fonts].filter(f => f.status === 'loaded'
              && f.family.startsWith('KaTeX_')).map(f => f.family.slice(6) + '-' + ((f.weight === 'bold' || +f.weight >= 600)
              ? (f.style === 'italic' ? 'BoldItalic' : 'Bold') : (f.style === 'italic' ? 'Italic' : 'Regular')))"""))
            preloaded = set(page.evaluate("""() => [...document.querySelectorAll('link[rel=preload][as=font]')]
              .map(l => new URL(l.href).pathname.split('/').pop().replace(/^KaTeX_|\\.woff2$/g, ''))"""))
            assert used == preloaded, f"{url}: fonts used {sorted(used)}, preloaded {sorted(preloaded)}"
            checked += bool(used)
        assert checked >= 8
    finally:
        context.close()
