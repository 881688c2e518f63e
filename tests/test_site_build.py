"""Layer 2: the strict build passes, and what a reader needs is in it, served from the site itself."""
import re

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


def test_a_formula_katex_cannot_parse_fails_the_build_naming_page_and_formula(tmp_path):
    log = failed_build_log(tmp_path, "# Home\n\nGood \\(c_t\\), bad \\(\\frac{1}{\\)!\n")
    assert "math_prerender: index.md: KaTeX cannot render '\\\\frac{1}{'" in log
