"""Layer 2: the strict build passes, and what a reader needs is in it, served from the site itself."""
import re

from conftest import build_site


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


def test_broken_link_fails_the_strict_build(tmp_path):
    """`validation` is set so that a broken link is a failure, not a warning lost in the log."""
    bad = tmp_path / "docs"
    bad.mkdir()
    (bad / "index.md").write_text("# Home\n\nSee [the missing page](missing.md).\n")
    cfg = _config_with_docs_dir(tmp_path, bad)
    try:
        proc = build_site(tmp_path / "out", "-f", str(cfg))
    finally:
        cfg.unlink()
    assert proc.returncode != 0
    assert "missing.md" in proc.stdout + proc.stderr


def _config_with_docs_dir(tmp_path, docs_dir):
    """A copy of mkdocs.yml, next to the real one so relative hook paths resolve, with docs_dir swapped."""
    from conftest import ROOT

    text = (ROOT / "mkdocs.yml").read_text()
    cfg = ROOT / f".mkdocs-test-{tmp_path.name}.yml"
    text = re.sub(r"^nav:\n(?:[ \t]+.*\n)*", "", text, flags=re.M)  # the test docs have their own pages
    cfg.write_text(f"docs_dir: {docs_dir}\n" + text)
    return cfg
