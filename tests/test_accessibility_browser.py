"""Accessibility, as a reader with a screen reader or a keyboard meets it: the axe-core audit (the pinned
npm package) of every built page in light and dark mode finds nothing serious or critical, and the
keyboard alone reaches every control of a chapter's widgets, quizzes and cells, with visible focus,
leaving each editor with Esc."""
from __future__ import annotations

from conftest import ROOT
from test_reader_text_browser import pages

AXE = ROOT / "node_modules/axe-core/axe.min.js"
SERIOUS = """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
  .filter((v) => ["serious", "critical"].includes(v.impact))
  .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)"""


SCHEMES = {"default": "light", "slate": "dark"}  # Material's names
SCHEME = "document.body.dataset.mdColorScheme"


def drawn(page):
    """Every widget of the page as a reader scrolling through it meets it: drawn (widgets come to life as
    they near the screen, so an audit at load saw only those near the top, as their no-JS tables)."""
    for widget in page.locator(".widget[data-widget]").all():
        widget.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('.widget[data-widget]')].every((w) => w.dataset.ready)")


def test_axe_finds_nothing_serious_on_any_page_in_either_scheme(browser, built_site, site_url):
    """Each page is loaded once and audited in both schemes, switched by the header's own toggle (a
    load per scheme cost as much again: a page with cells starts its Python as it loads). The site's
    colours all follow Material's scheme attribute, none a media query, so the page is the one a
    reader whose system is dark gets; that the scheme did switch is checked."""
    found, audited = {}, set()
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        for url in pages(built_site):
            page.goto(site_url + url, wait_until="load")
            drawn(page)  # a reader who scrolls meets the widgets drawn, not their tables
            # Boxes off screen are judged scrollable (a keyboard stop) once the page is idle: scrollcue.js.
            page.wait_for_function("() => !document.documentElement.dataset.scrollcue", timeout=120_000)
            page.evaluate(AXE.read_text())  # through DevTools: the page's CSP allows no inline script
            for turn in range(2):
                scheme = SCHEMES[page.evaluate(SCHEME)]
                audited.add((url, scheme))
                if problems := page.evaluate(SERIOUS):
                    found[f"{scheme} /{url}"] = problems
                if turn == 0:
                    was = page.evaluate(SCHEME)
                    page.locator("label.md-header__button[title^='Switch to']:visible").click()
                    page.wait_for_function(f"was => {SCHEME} !== was", arg=was)
                    page.wait_for_timeout(300)  # the links' colour transition (125 ms) has ended
    finally:
        context.close()
    assert audited == {(url, scheme) for url in pages(built_site) for scheme in SCHEMES.values()}
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


CONTROLS = """() => [...document.querySelectorAll(
    '.widget button, .widget input, .widget select, .quiz button, .quiz input, .quiz select, .pycell-run')]
  .filter((el) => el.offsetParent && !el.disabled && !(el.type === "radio" && !el.checked))
  .map((el) => el.dataset.k = String(Math.random()))"""
FOCUSED = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  return { k: el.dataset.k || null, editor: el.classList.contains("cm-content"),
           visible: s.outlineStyle !== "none" && s.outlineWidth !== "0px" || s.boxShadow !== "none" }; }"""


def test_the_keyboard_reaches_every_control_of_a_chapter(page, site_url):
    page.goto(site_url + "lstm/", wait_until="load")
    for thing in page.locator(".widget, .quiz, .pycell:not([hidden])").all():  # they mount as they near
        thing.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('.widget')].every((w) => w.dataset.ready)")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(500)
    wanted = set(page.evaluate(CONTROLS))
    reached, unseen, left_editor = set(), [], 0
    for _ in range(1500):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now["editor"]:  # Tab indents inside an editor; Esc leaves it, for the Run button
            page.keyboard.press("Escape")
            left_editor += 1
            now = page.evaluate(FOCUSED)
        if now["k"] in wanted:
            reached.add(now["k"])
            if not now["visible"]:
                unseen.append(now["k"])
        if reached == wanted:
            break
    assert reached == wanted, f"{len(wanted - reached)} of {len(wanted)} controls never got the focus"
    editors = page.locator(".pycell:not([hidden]) .cm-editor").count()
    assert left_editor == editors >= 2, "every editor was entered by Tab and left by Esc"
    assert not unseen, f"focus not visible on {len(unseen)} controls"
