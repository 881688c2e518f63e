"""Layer 3: the built site in a real headless Chromium, served on 127.0.0.1."""


def test_home_renders_math_offline(page, site_url):
    """Typeset at build time: KaTeX's fonts come from the site, and no maths script is loaded."""
    scripts = []
    page.on("request", lambda r: r.resource_type == "script" and scripts.append(r.url))
    page.goto(site_url, wait_until="networkidle")
    assert page.locator(".arithmatex .katex").count() >= 2
    assert page.evaluate("""document.fonts.ready.then(() =>
        [...document.fonts].some(f => f.family.includes('KaTeX_Main') && f.status === 'loaded'))""")
    assert not [u for u in scripts if "katex" in u], scripts
    page.watch.assert_clean()


def test_palette_toggle_switches_to_dark(page, site_url):
    page.goto(site_url)
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^='__palette']").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
