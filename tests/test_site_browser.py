"""Layer 3: the built site in a real headless Chromium, served on 127.0.0.1."""


def test_home_renders_math_offline(page, site_url):
    page.goto(site_url)
    page.wait_for_selector(".arithmatex .katex", timeout=10_000)
    assert page.locator(".katex").count() >= 2
    page.watch.assert_clean()


def test_palette_toggle_switches_to_dark(page, site_url):
    page.goto(site_url)
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^='__palette']").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
