"""Layer 2: ```pycell fences run at build time, page by page, and their output is in the HTML."""
import base64
import html
import re

import pytest

from test_runtime_build import build_docs

LESSON = '''# Lesson

```pycell setup
import numpy as np
shared = 41
```

```pycell
print("hello")
shared + 1
```

```pycell
np.arange(6).reshape(2, 3)
```

```pycell readonly
import matplotlib.pyplot as plt
plt.plot([0, 1, 4]); plt.title("Squares")
plt.show()
```

```pycell raises
x = 1
y = x / 0
```

```pycell
for i in range(5000):
    print(i)
```

```pycell
print("</script> is fine")
```
'''
OTHER = '''# Other

```pycell
print("shared" in globals())
```
'''
CELL_RE = re.compile(r'<div class="pycell" (?P<attrs>[^>]*)>(?P<body>.*?)'
                     r'<div class="pycell-output" data-cell-output data-origin="build">(?P<out>.*?)</div>\s*</div>', re.S)


@pytest.fixture(scope="module")
def cell_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cells")
    pages = {"index.md": "# Home\n", "lesson.md": LESSON, "more/other.md": OTHER}
    proc, site = build_docs(tmp, pages)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return tmp, pages, site


def cells(site, page):
    return list(CELL_RE.finditer((site / page).read_text()))


def test_each_cell_has_its_id_flags_highlighted_code_and_source(cell_site):
    _, _, site = cell_site
    found = cells(site, "lesson/index.html")
    assert [re.search(r'data-cell="([^"]+)"', m["attrs"])[1] for m in found] == [f"lesson-{i}" for i in range(1, 8)]
    assert "data-hidden" in found[0]["attrs"] and " hidden" in found[0]["attrs"]
    assert "data-readonly" in found[3]["attrs"] and "data-raises" in found[4]["attrs"]
    assert all('data-state="idle"' in m["attrs"] for m in found)
    assert '<span class="nb">print</span>' in found[1]["body"]  # Pygments, readable without JavaScript
    src = re.search(r'<script type="text/x-python" class="pycell-source">(.*?)</script>', found[6]["body"], re.S)[1]
    assert src == 'print("<\\/script> is fine")'


def test_outputs_are_rendered_in_order_and_marked_as_built(cell_site):
    _, _, site = cell_site
    out = [m["out"] for m in cells(site, "lesson/index.html")]
    assert out[0] == ""  # the setup cell prints nothing
    assert out[1] == ('<p class="pycell-origin">computed at build time</p>'
                      '<pre class="pycell-stdout" tabindex="0">hello\n</pre><pre class="pycell-result" tabindex="0">42</pre>')
    assert '<pre class="pycell-result" tabindex="0">array([[0, 1, 2],\n       [3, 4, 5]])</pre>' in out[2]
    fig = re.search(r'<figure class="pycell-figure"><img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"></figure>', out[3])
    assert base64.b64decode(fig[1]).lstrip().startswith(b"<?xml") and fig[2] == "Figure 1: Squares"
    error = html.unescape(re.search(r'<pre class="pycell-error" tabindex="0">(.*?)</pre>', out[4], re.S)[1])
    assert 'File "<cell lesson-5>", line 2, in <module>\n    y = x / 0\nZeroDivisionError' in error
    assert '<p class="pycell-note">Output truncated' in out[5]
    assert "&lt;/script&gt; is fine" in out[6]


def test_one_namespace_per_page(cell_site):
    _, _, site = cell_site
    [other] = cells(site, "more/other/index.html")
    assert 'data-cell="more-other-1"' in other["attrs"]
    assert '<pre class="pycell-stdout" tabindex="0">False\n</pre>' in other["out"]


def test_cells_add_no_executable_inline_script(cell_site):
    _, _, site = cell_site
    for m in cells(site, "lesson/index.html"):
        assert re.findall(r"<script[^>]*>", m["body"]) == ['<script type="text/x-python" class="pycell-source">']


EARLY_TAG = re.compile(r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy"[^>]*>\s*'
                       r'<script data-cells="([^"]+)" data-interpreter="([^"]+)"( data-boot)?>([^<]+)</script>')


def test_every_page_starts_with_early_js_inline_and_only_pages_with_cells_boot_python(cell_site):
    _, _, site = cell_site
    for page, prefix, boots in (("lesson/index.html", "../", True), ("more/other/index.html", "../../", True),
                                ("index.html", "", False)):
        html = (site / page).read_text()
        [(cells, interpreter, boot, body)] = EARLY_TAG.findall(html)
        assert html.index("<script data-cells") < html.index('<link rel="stylesheet"'), "before any stylesheet"
        assert cells == f"{prefix}assets/cells/" and bool(boot) == boots, page
        assert interpreter == f"{prefix}assets/pyodide/pyodide.asm.wasm"
        assert "pycellsEarly" in body and "\n//" not in body, "minified early.js"
        assert (site / page).parent.joinpath(cells, "worker.js").resolve().is_file()
        assert (site / page).parent.joinpath(interpreter).resolve().is_file()
    assert not (site / "assets/cells/early.js").exists(), "inlined, not shipped"


def test_second_build_takes_every_page_from_the_cache(cell_site, tmp_path):
    _, pages, _ = cell_site
    proc, _ = build_docs(tmp_path, pages)
    assert proc.returncode == 0, proc.stderr
    assert "pycells: 2 pages with cells, 0 run" in proc.stderr  # none ran: each came from the cache


def test_unexpected_error_fails_the_build_naming_page_and_cell(tmp_path):
    page = "```pycell\nx = 1\n```\n\n```pycell\nvalues = [1, 2]\nvalues[5]\n```\n"
    proc, _ = build_docs(tmp_path, {"index.md": "# Home\n", "topic/bad.md": page})
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "pycells: topic/bad.md: cell 2 ('values = [1, 2]') raised IndexError: list index out of range" in out
    assert 'File "<cell topic-bad-2>", line 2' in out


def test_raises_cell_that_does_not_raise_is_refused(tmp_path, monkeypatch):
    """The page's cells run as the build runs them (sitebuild/pages/pycells.py, a cache of the test's own);
    the failing build above proves such a refusal stops `mkdocs build`."""
    from mkdocs.exceptions import PluginError

    from sitebuild.pages import pycells

    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path))
    with pytest.raises(PluginError) as refused:
        pycells.page_outputs("index.md", [{"code": "x = 1", "name": "index-1", "flags": ["raises"]}])
    assert "pycells: index.md: cell 1 ('x = 1') is marked `raises` but ran without an error" in str(refused.value)


def test_unknown_fence_option_is_refused():
    from pymdownx.superfences import SuperFencesException

    from sitebuild.pages import pycells

    with pytest.raises(SuperFencesException, match="unknown fence option 'hiden'"):
        pycells.validate("pycell", {"hiden": "hiden"}, {}, {}, None)
    options = {}
    assert pycells.validate("pycell", {"raises": "raises"}, options, {}, None) and options == {"raises": True}


def test_home_page_has_the_lstm_try_it_cell(built_site):
    found = cells(built_site, "index.html")
    assert found, "docs/index.md has no pycell"
    lstm = [m for m in found if "from explainers.models import LSTM" in html.unescape(m["body"])]
    assert lstm and '<pre class="pycell-' in lstm[0]["out"]
