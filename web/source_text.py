"""Lays out a cleaned source for the viewer: lines with heading levels, and the cited span
marked, without changing a character of the text (offsets from the index stay valid)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING_PREFIX = re.compile(r"^(#{1,6})[ \t]+")


@dataclass
class Piece:
    text: str
    marked: bool = False
    first_mark: bool = False  # carries id="passage", the scroll target


@dataclass
class Line:
    kind: str  # "h1".."h6", "text" or "blank"
    pieces: list[Piece] = field(default_factory=list)


def layout(text: str, span: tuple[int, int] | None) -> list[Line]:
    """Split `text` into lines; heading markers (`## `) are hidden, the span is marked."""
    lines: list[Line] = []
    start_mark, end_mark = span if span else (-1, -1)
    marked_once = False
    pos = 0
    for raw in text.split("\n"):
        line_start, line_end = pos, pos + len(raw)
        pos = line_end + 1
        if not raw.strip():
            lines.append(Line("blank"))
            continue
        heading = _HEADING_PREFIX.match(raw)
        kind = f"h{len(heading.group(1))}" if heading else "text"
        begin = line_start + (heading.end() if heading else 0)
        cuts = sorted(
            {begin, line_end, *(c for c in (start_mark, end_mark) if begin < c < line_end)}
        )
        pieces = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            marked = start_mark <= a and b <= end_mark
            first = marked and not marked_once
            marked_once = marked_once or marked
            pieces.append(Piece(text[a:b], marked, first))
        lines.append(Line(kind, pieces))
    return lines
