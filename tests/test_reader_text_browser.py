"""What the reader sees, read as a reader reads it: no raw TeX and no formula written twice anywhere on
any built page (the notebook included), in quiz feedback or in a select's options; the notebook offers
the download its text promises."""
from __future__ import annotations

import re


# Raw TeX that typesetting should have consumed: delimiters, a command, a TeX subscript like x_t.
RAW_TEX = re.compile(r"\\[()\[\]]|\\(?:frac|times|odot|sigma|tanh|partial|mathrm|left|right|cdot)\b"
                     r"|\$[^$\s][^$]*\$|(?<![\w/.])[A-Za-z]_(?:\{|[A-Za-z0-9]\b)")
# The text a reader sees in an element: without code and editors (they may hold TeX legitimately), without KaTeX's
# MathML copy (read by screen readers, never shown) and without scripts.
SEEN = """el => { const c = el.cloneNode(true);
  c.querySelectorAll('.katex-mathml, script, style, noscript, pre, code, svg, .cm-editor, textarea, .jp-InputArea-editor').forEach(n => n.remove());
  return c.textContent.replace(/\\s+/g, ' '); }"""


def pages(built_site) -> list[str]:
    skip = ("assets/", "generated/", "search/")
    found = sorted(p.relative_to(built_site).parent.as_posix() for p in built_site.rglob("index.html"))
    return ["" if p == "." else p + "/" for p in found if not (p + "/").startswith(skip)]


def raw_tex(text: str) -> list[str]:
    return [text[max(0, m.start() - 30):m.end() + 30] for m in RAW_TEX.finditer(text)]


def test_no_page_shows_raw_tex(browser, built_site, site_url):
    urls = pages(built_site)
    assert "lstm-from-scratch/" in urls and len(urls) >= 12
    context = browser.new_context()
    try:
        page = context.new_page()
        for url in urls:
            page.goto(site_url + url, wait_until="load")
            if url == "lstm-from-scratch/":  # its $…$ are typeset in the browser
                page.wait_for_selector(".jupyter-wrapper .jp-RenderedMarkdown .katex")
            found = raw_tex(page.locator("article").evaluate(SEEN))
            assert not found, f"{url}: raw TeX the reader sees: {found}"
    finally:
        context.close()


def test_match_options_read_their_maths_once(page, site_url):
    page.goto(site_url + "lstm/", wait_until="load")
    quiz = page.locator('.quiz[data-quiz="match"]').first
    quiz.scroll_into_view_if_needed()
    page.wait_for_function("q => q.dataset.ready", arg=quiz.element_handle())
    select = quiz.get_by_label("Job of: forget gate fₜ")
    options = select.locator("option").all_text_contents()
    assert "how much of the memory is shown as hₜ" in options, options
    assert not [o for o in options if raw_tex(o)]


def test_choice_feedback_keeps_its_maths_typeset(page, site_url):
    page.goto(site_url + "lstm/", wait_until="load")
    quiz = page.locator('.quiz[data-quiz="choice"]', has_text="pinned closed").first
    quiz.scroll_into_view_if_needed()
    page.wait_for_function("q => q.dataset.ready", arg=quiz.element_handle())
    quiz.get_by_text("The cell is wiped at every step").click()
    quiz.get_by_role("button", name="Check").click()
    feedback = quiz.locator(".quiz-feedback")
    assert feedback.get_attribute("data-result") == "right"
    seen = feedback.evaluate(SEEN)
    assert seen.startswith("Right. With ") and not raw_tex(seen), seen
    assert feedback.locator(".katex").count() >= 2  # f_t = 0 and c_t = i_t ⊙ g_t, typeset, once each


def test_the_notebook_offers_its_download(page, site_url, built_site):
    page.goto(site_url + "lstm-from-scratch/", wait_until="load")
    link = page.get_by_role("link", name=re.compile("Download this notebook"))
    assert link.is_visible()
    with page.expect_download() as download:
        link.click()
    saved = download.value.path()
    assert saved and open(saved, "rb").read() == (built_site / "lstm-from-scratch/lstm-from-scratch.ipynb").read_bytes()


def test_search_results_read_their_maths_as_text(page, site_url):
    # The search index is made before the maths is typeset; its results must not show the TeX.
    page.goto(site_url + "lstm/", wait_until="load")
    box = page.get_by_placeholder("Search")
    box.click()
    box.press_sequentially("forget gate sigma")
    results = page.locator(".md-search-result__list")
    results.locator(".md-search-result__item").first.wait_for()
    text = results.inner_text()
    assert "fₜ" in text, text[:500]
    # Plain text may write a subscript with no Unicode form as b_f; TeX's own syntax must be gone.
    tex = re.findall(r".{0,30}(?:\\[()\[\]]|\\[A-Za-z]+|\$[^$\s][^$]*\$).{0,30}", text)
    assert not tex, tex
