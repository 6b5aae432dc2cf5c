"""The sources list and the source viewer that opens a citation at its passage.

Sources are looked up by name in the index only (never as a file path), so a crafted name can
only ever miss and answer 404."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from web.source_text import layout
from web.templating import page

router = APIRouter(tags=["bronnen"])

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()+-]{0,200}$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)
NO_PASSAGE = (
    "De aangehaalde passage ligt niet in deze versie van de bron; de hele tekst staat hieronder."
)
NO_SECTION = "Het genoemde onderdeel staat niet (meer) in deze bron; de hele tekst staat hieronder."
KIND_LABELS = {
    "strategy": "strategie",
    "parliamentary-letter": "Kamerbrief",
    "evaluation-report": "evaluatierapport",
    "rules": "regels (Opdrachtcheck)",
    "criteria": "duurzaamheidscriteria",
    "legal": "juridische notitie",
    "law": "wet- en regelgeving",
    "policy": "beleid",
    "guidance": "handreiking",
    "upload": "eigen document",
    "approved_answer": "goedgekeurd antwoord",
}


def _not_found(request: Request) -> Response:
    return page(
        request,
        "error.html",
        {
            "title": "Bron niet gevonden",
            "error": "Deze bron bestaat niet in de kennisbank. Kies een bron uit de lijst.",
        },
        status=404,
    )


def section_at(text: str, offset: int) -> str | None:
    """The nearest Markdown heading before `offset`: the section a passage belongs to."""
    last = None
    for m in _HEADING.finditer(text):
        if m.start() > offset:
            break
        last = m.group(2)
    return last


def find_section(text: str, section: str) -> tuple[int, int] | None:
    """Span of the heading line whose text matches `section` (case- and space-insensitive)."""
    want = " ".join(section.lower().split())
    for m in _HEADING.finditer(text):
        if " ".join(m.group(2).lower().split()) == want:
            return m.start(), m.end()
    for m in _HEADING.finditer(text):  # a cited section may be shortened
        if want and want in " ".join(m.group(2).lower().split()):
            return m.start(), m.end()
    return None


@router.get("/bronnen", response_class=HTMLResponse)
def sources_list(request: Request) -> Response:
    index = request.app.state.services.index
    rows = sorted(index.list_sources(), key=lambda s: (str(s.kind), str(s.title).lower()))
    return page(request, "sources.html", {"sources": rows, "kind_labels": KIND_LABELS})


@router.get("/bronnen/{name}", response_class=HTMLResponse)
def source_view(
    request: Request,
    name: str,
    start: str | None = None,
    end: str | None = None,
    sectie: str | None = None,
) -> Response:
    if not _NAME.match(name) or ".." in name:
        return _not_found(request)
    doc = request.app.state.services.index.get_cleaned(name)
    if doc is None:
        return _not_found(request)
    text: str = doc.text
    span = _span(text, start, end)
    notice = None
    if span is None and (start or end):
        notice = NO_PASSAGE
    if span is None and sectie:
        span = find_section(text, sectie[:300])
        if span is None:
            notice = NO_SECTION
    ctx: dict[str, Any] = {
        "doc": doc,
        "kind_label": KIND_LABELS.get(str(doc.kind), str(doc.kind)),
        "lines": layout(text, span),
        "has_passage": span is not None,
        "section": section_at(text, span[0]) if span else None,
        "notice": notice,
    }
    return page(request, "source.html", ctx)


def _span(text: str, start: str | None, end: str | None) -> tuple[int, int] | None:
    """Validated (start, end) offsets into `text`, or None when absent or out of range."""
    try:
        s, e = int(start or ""), int(end or "")
    except ValueError:
        return None
    if 0 <= s < e <= len(text):
        return s, e
    return None
