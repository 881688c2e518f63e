"""Every chapter teaches by doing: at least one runnable cell, and it ends with a "Check yourself"."""
import re

import yaml

from conftest import ROOT

NOT_CHAPTERS = {"index.md", "notation.md", "references.md", "performance.md", "lstm-from-scratch.ipynb"}


def chapters():
    nav = yaml.safe_load(re.search(r"^nav:\n(?:  .*\n)+", (ROOT / "mkdocs.yml").read_text(), re.M).group(0))
    pages = []

    def walk(items):
        for item in items:
            for value in (item.values() if isinstance(item, dict) else [item]):
                walk(value) if isinstance(value, list) else pages.append(value)
    walk(nav["nav"])
    return [p for p in pages if p not in NOT_CHAPTERS]


def test_every_chapter_has_a_cell_and_ends_with_check_yourself():
    found = chapters()
    assert len(found) >= 8
    for name in found:
        text = (ROOT / "docs" / name).read_text()
        assert re.search(r"^```pycell", text, re.M), f"{name} has no runnable cell"
        headings = re.findall(r"^## (.+)$", text, re.M)
        assert headings[-1] == "Check yourself", f"{name} does not end with 'Check yourself'"
