"""The explainers in the strict build: byte-identical output, a cache that skips unchanged work,
failures that name the broken explainer or directive. Each build uses a test docs dir and cache."""
from __future__ import annotations

import os
import re

import pytest

from conftest import build_docs_dir, write_pages
from sitebuild import runner

PAGE = """# Test page

{{ figure cliff }}

{{ figure diagrams.lstm }}

{{ table comparison }}

The GRU saves {{ value comparison.gru_saving_100_256 }}; in code `{{ figure not_expanded }}` stays as it is:

The forget gate is lower at ')' than elsewhere.{{ claim heatmap: at.f_close < at.f_other }} In code a claim is
shown: `{{ claim x: y }}`.

```text
{{ figure not_expanded_either }}
```
"""
BROKEN = '''NAME = "broken_explainer"


def compute():
    raise ValueError("boom: the test explainer fails on purpose")
'''


def build(tmp_path, docs: dict[str, str], cache, out="out", extra_env=None):
    """Strict build of `docs` (file name -> Markdown) with its own cache dir; the finished process."""
    docs_dir = write_pages(tmp_path / f"docs-{out}", docs)
    return build_docs_dir(tmp_path, docs_dir, tmp_path / out, env={"EXPLAINERS_CACHE": str(cache), **(extra_env or {})})


def generated(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "generated").rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    """One cold build with a fresh cache; returns (tmp dir, cache dir, process)."""
    tmp = tmp_path_factory.mktemp("explainers")
    proc = build(tmp, {"index.md": PAGE}, tmp / "cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return tmp, tmp / "cache", proc


def test_page_gets_inlined_figures_table_and_values(cold):
    tmp, _, _ = cold
    html = (tmp / "out" / "index.html").read_text()
    assert '<svg role="img" aria-label="Line chart, log scale' in html
    assert "<figcaption>How much" in html and "data-explainer" not in html
    assert "The GRU saves 25%" in html and "366,592" in html
    assert "{{ figure not_expanded }}" in html and "{{ figure not_expanded_either }}" in html
    # a true claim leaves only its sentence; one in inline code is shown as written (sitebuild/pages/claims.py)
    assert "than elsewhere. In code a claim is" in html and "{{ claim x: y }}" in html and "{{ claim heatmap" not in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "inlined SVGs must not repeat ids"
    assert "currentColor" in html  # text and axes follow the page colour
    assert (tmp / "out/generated/cliff/cliff.svg").is_file()


def test_two_cold_builds_give_byte_identical_files(cold, built_site):
    """The cold build against the session's site, whose explainers ran in another process: on a fresh
    clone (CI) a cold run of its own, here the artifacts the cache kept from one (the same source)."""
    tmp, _, _ = cold
    first, second = generated(tmp / "out"), generated(built_site)
    assert first and first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_unchanged_rebuild_computes_nothing(cold, tmp_path):
    tmp, cache, proc = cold
    total, computed = re.search(r"explainers: (\d+) total, (\d+) computed", proc.stderr).groups()
    assert total == computed and int(total) >= 3  # cold: every explainer ran
    warm = build(tmp_path, {"index.md": PAGE}, cache, out="warm")
    assert warm.returncode == 0, warm.stdout + warm.stderr
    assert f"explainers: {total} total, 0 computed" in warm.stderr
    assert generated(tmp_path / "warm") == generated(tmp / "out")


def test_broken_explainer_stops_the_build_with_its_name(cold, tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "broken_explainer.py").write_text(BROKEN)
    env = {"EXPLAINERS_EXTRA": "broken_explainer",
           "PYTHONPATH": os.pathsep.join([str(tmp_path / "pkg"), os.environ.get("PYTHONPATH", "")])}
    proc = build(tmp_path, {"index.md": "# Home\n"}, cold[1], extra_env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "explainer broken_explainer: ValueError: boom" in out


@pytest.mark.parametrize("directive, message", [
    ("{{ figure nope }}", "unknown figure 'nope'"),
    ("{{ value cliff.not_a_value }}", "unknown value 'cliff.not_a_value'"),
    ("{{ figure diagrams }}", "unknown figure 'diagrams'"),  # several figures: the key is needed
    ("{{ figures cliff }}", "known kinds: figure, table, value"),
])
def test_unknown_directive_is_refused_naming_page_directive_and_known_names(directives, directive, message):
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError) as refused:
        directives(f"# Chapter\n\nSee {directive}.\n")
    out = str(refused.value)
    assert out.startswith("chapter.md: ") and message in out and directive in out
    if "kinds" not in message:
        assert "cliff.cliff" in out or "cliff.rnn_vanish_k20" in out  # the known names are listed


@pytest.fixture(scope="module")
def directives(cold):
    """sitebuild/pages/explainers_hook.py's page transform over the explainers of the cold build (its cache),
    for a page named chapter.md."""
    from types import SimpleNamespace

    from sitebuild.pages import explainers_hook
    from sitebuild.build_state import Build

    build = Build(results=runner.run_all(cold[1]))
    page = SimpleNamespace(file=SimpleNamespace(src_uri="chapter.md"))
    return lambda text: explainers_hook.on_page_markdown(text, page, None, None, build=build)


def test_cache_key_covers_imported_modules_style_and_models():
    files = runner.sources("explainers.figures.cliff")
    assert {"explainers.figures.style", "explainers.figures.base", "explainers.models.lstm"} <= set(files)
    assert "explainers.figures._drawing" in runner.sources("explainers.figures.diagrams")
