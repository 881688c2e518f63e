"""The one fence scanner (sitebuild/pages/fences.py) that the widgets and explainers steps share: where a fence
opens and closes by CommonMark's rule, the page unchanged through split and join, and both steps leaving
the same code blocks alone."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from sitebuild.pages import fences

PAGE = """# Title

Prose {{ value x.y }}.

````markdown
```quiz
type: choice
```
{{ widget replay }}
````

~~~python
```
still inside: a backtick run does not close a tilde fence
~~~

  ```text
  indented
  ```
"""


def kinds(text):
    return [("fence", p.info) if isinstance(p, fences.Fence) else "line" for p in fences.split(text)]


def test_split_then_join_gives_the_page_back():
    assert fences.join(fences.split(PAGE)) == PAGE


def test_fences_open_and_close_by_the_commonmark_rule():
    parts = fences.split(PAGE)
    blocks = [p for p in parts if isinstance(p, fences.Fence)]
    assert [(b.marker, b.info, b.indent) for b in blocks] == [("````", "markdown", ""), ("~~~", "python", ""),
                                                                ("```", "text", "  ")]
    assert blocks[0].body == ["```quiz", "type: choice", "```", "{{ widget replay }}"]  # shorter runs stay inside
    assert blocks[1].body == ["```", "still inside: a backtick run does not close a tilde fence"]
    assert all(b.closing is not None for b in blocks)


@pytest.mark.parametrize("closing, closes", [
    ("```", True), ("`````", True), ("   ```  ", True),
    ("``", False), ("~~~", False), ("```python", False), ("``` x", False),
])
def test_what_closes_a_backtick_fence(closing, closes):
    parts = fences.split(f"```\nbody\n{closing}\nafter")
    assert kinds("\n".join(["```", "body", closing, "after"])) == (
        [("fence", ""), "line"] if closes else [("fence", "")])
    assert parts[0].closing == (closing if closes else None)


def test_a_page_that_ends_inside_a_fence_keeps_every_line():
    text = "a\n```\nb\nc"
    parts = fences.split(text)
    assert parts[-1].closing is None and parts[-1].body == ["b", "c"]
    assert fences.join(parts) == text


def test_the_widgets_and_explainers_steps_leave_the_same_code_blocks_alone():
    """A quiz, a widget and a directive shown inside a longer fence are examples, for both steps."""
    from mkdocs.config import load_config

    from conftest import ROOT
    from sitebuild.pages import explainers_hook, widgets
    from sitebuild.build_state import Build

    build = Build()
    widgets.on_config(load_config(str(ROOT / "mkdocs.yml")), build=build)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="chapter.md"))
    example = "````markdown\n```quiz\ntype: essay\n```\n{{ widget nope }}\n{{ table nope }}\n````"
    assert widgets.on_page_markdown(example, page, None, None, build=build) == example
    assert explainers_hook.on_page_markdown(example, page, None, None, build=build) == example
    with pytest.raises(Exception, match="unknown table 'nope'"):  # outside the fence it is expanded
        explainers_hook.on_page_markdown(example + "\n{{ table nope }}", page, None, None, build=build)
