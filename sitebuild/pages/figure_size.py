"""How narrow a figure may be shown before its text is too small to read.

A figure's SVG scales with its column, and its text with it: a figure drawn 10 inches wide, shown in a
phone's 343 px column, prints its 10 pt labels at 7 px. The floor is FLOOR_PX CSS pixels for a text's
font size (matplotlib's sub- and superscripts are 70 % of their text, by its mathtext's design). The
build gives each figure the min-width at which its smallest text meets the floor; below it, the figure
scrolls sideways in its own box instead of shrinking (css/scrollcue.css). tests/test_reader_text_browser.py
measures the rendered text in the browser against the same floor.
"""
from __future__ import annotations

import math
import re

FLOOR_PX = 9
# matplotlib draws each text as <g id="text_N"> holding a group scaled to the font: scale(s -s) with
# the glyphs' em at 100 units, so the font size is 100·s in the viewBox's units (pt).
_TEXT_SCALE = re.compile(r'<g id="text_\d+">\s*(?:<!--.*?-->\s*)?<g\b[^>]*\btransform="[^"]*?scale\(([-\d.e]+)', re.S)
_VIEWBOX = re.compile(r'viewBox="[-\d.e]+ [-\d.e]+ ([\d.e]+) [\d.e]+"')


def font_sizes(svg: str) -> list[float]:
    """Every text's font size in the viewBox's units."""
    return [100 * abs(float(s)) for s in _TEXT_SCALE.findall(svg)]


def min_width(svg: str) -> int | None:
    """The narrowest display width (CSS px) at which the figure's smallest text is FLOOR_PX, or None
    for a figure without text."""
    sizes = font_sizes(svg)
    if not sizes:
        return None
    return math.ceil(FLOOR_PX * float(_VIEWBOX.search(svg).group(1)) / min(sizes))
