"""The one reader of a page's fenced code blocks, for every step that must tell prose from code.

The widgets step turns ```quiz fences into HTML and the explainers step expands `{{ … }}` directives
only outside code; both need to know where a fence opens and closes, and must agree, or a directive
shown as an example inside a code block would be expanded by one and not the other. CommonMark's
rule, as Python-Markdown's superfences applies it: a fence opens with three or more backticks or
tildes (after any indent, then an optional info word), and closes at a line of the same character, at
least as long, with nothing after it but spaces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w-]*)")


@dataclass
class Fence:
    """One fenced block: its opening line, the lines inside and its closing line (None: the page ended
    inside it). indent is what precedes the marker; info the first word after it ("quiz", "python")."""

    opening: str
    indent: str
    marker: str
    info: str
    body: list[str]
    closing: str | None

    def lines(self) -> list[str]:
        """The block as it was written."""
        return [self.opening, *self.body, *([] if self.closing is None else [self.closing])]


def _closes(line: str, marker: str) -> bool:
    stripped = line.strip()
    run = len(stripped) - len(stripped.lstrip(marker[0]))
    return run >= len(marker) and stripped == marker[0] * run


def split(markdown: str) -> list[str | Fence]:
    """The page as its lines outside fences (str) and its fences (Fence), in order."""
    parts: list[str | Fence] = []
    fence = None
    for line in markdown.split("\n"):
        if fence is not None:
            if _closes(line, fence.marker):
                fence.closing, fence = line, None
            else:
                fence.body.append(line)
        elif m := OPEN.match(line):
            fence = Fence(line, m.group(1), m.group(2), m.group(3), [], None)
            parts.append(fence)
        else:
            parts.append(line)
    return parts


def join(parts: list[str | Fence]) -> str:
    """The page back from split()'s parts (a Fence, or a str that may hold several lines)."""
    return "\n".join(line for p in parts for line in (p.lines() if isinstance(p, Fence) else [p]))
