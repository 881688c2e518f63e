"""Layer 2: the strict build passes, and what a reader needs is in it, served from the site itself."""
import re
from html.parser import HTMLParser

from conftest import build_docs_dir


def test_strict_build_has_home_and_vendored_math(built_site):
    home = (built_site / "index.html").read_text()
    assert "Gates &amp; Long Memory" in home
    assert (built_site / "assets/vendor/katex/katex.min.js").is_file()
    assert list((built_site / "assets/vendor/katex/fonts").glob("*.woff2"))


def test_no_page_references_another_host(built_site):
    """No CDN: every script, stylesheet and font a page loads is a relative URL into the site."""
    for html in built_site.rglob("*.html"):
        text = html.read_text()
        for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', text):
            assert not re.match(r"^(https?:)?//", url), f"{html.name} loads {url}"


def failed_build_log(tmp_path, index_md: str) -> str:
    """The log of the strict build of a one-page site, which must fail."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(index_md)
    proc = build_docs_dir(tmp_path, docs)
    assert proc.returncode != 0
    return proc.stdout + proc.stderr


def test_broken_link_fails_the_strict_build(tmp_path):
    """`validation` is set so that a broken link is a failure, not a warning lost in the log."""
    assert "missing.md" in failed_build_log(tmp_path, "# Home\n\nSee [the missing page](missing.md).\n")


def test_maths_is_typeset_at_build_time_and_pages_load_no_maths_script(built_site):
    for name in ("index.html", "lstm/index.html", "gru/index.html"):
        text = (built_site / name).read_text()
        formulas = re.findall(r'<(span|div) class="arithmatex">(.*?)</\1>', text, re.S)
        assert formulas, name
        for _, inner in formulas:  # KaTeX's HTML, with the TeX kept as MathML's annotation
            assert inner.startswith('<span class="katex') and 'encoding="application/x-tex"' in inner, inner[:80]
        assert "katex.min.js" not in text and "auto-render" not in text, name
    lstm = (built_site / "lstm/index.html").read_text()
    assert 'class="katex-display"' in lstm  # display maths, \[ … \]


# MathML elements whose children have fixed roles: how many each must have (MathML Core).
MATHML_CHILDREN = {"msub": 2, "msup": 2, "msubsup": 3, "munder": 2, "mover": 2, "munderover": 3, "mfrac": 2, "mroot": 2}


class _MathML(HTMLParser):
    """Counts the element children of each MATHML_CHILDREN element; `wrong` lists (tag, count) off the mark."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.wrong, self.seen = [], [], 0

    def handle_starttag(self, tag, attrs):
        if self.stack:
            self.stack[-1][1] += 1
        if tag not in self.VOID:
            self.stack.append([tag, 0])

    def handle_startendtag(self, tag, attrs):
        if self.stack:
            self.stack[-1][1] += 1

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, children = self.stack.pop()
            if open_tag in MATHML_CHILDREN:
                self.seen += 1
                if children != MATHML_CHILDREN[open_tag]:
                    self.wrong.append((open_tag, children))
            if open_tag == tag:
                break


def test_every_formula_s_mathml_is_well_formed(built_site):
    """Every script, limit and fraction element of the typeset maths has its children. (Firefox warns
    "Incorrect number of children" for a formula it meets half parsed while a long page streams in:
    tests/test_engines_browser.py lets that warning pass because this test proves the finished pages right.)"""
    seen = 0
    for page in sorted(built_site.rglob("*.html")):
        parser = _MathML()
        parser.feed(page.read_text())
        assert not parser.wrong, f"{page.relative_to(built_site)}: {parser.wrong[:5]}"
        seen += parser.seen
    assert seen > 100, "no typeset maths found: the check would pass on anything"


def test_a_formula_katex_cannot_parse_fails_the_build_naming_page_and_formula(tmp_path):
    log = failed_build_log(tmp_path, "# Home\n\nGood \\(c_t\\), bad \\(\\frac{1}{\\)!\n")
    assert "math_prerender: index.md: KaTeX cannot render '\\\\frac{1}{'" in log
