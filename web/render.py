"""Turns untrusted text (model output, document text) into safe HTML for the templates.

Markdown is parsed with raw HTML disabled, then the resulting HTML passes through nh3 with a
small allow-list, so nothing from the model or a document can inject markup or script."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import quote, urlencode

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from assistant.dutch import MONTHS_NL

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable("image")  # no remote images: nothing may leave the machine

_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "sup",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
_ATTRS = {"a": {"href", "class", "title", "aria-label"}, "sup": {"class"}}
_CITE = re.compile(r"\[(\d{1,2})\]")
_HEADING = re.compile(r"<(/?)h([12])>")


def source_url(
    source: str, start: int | None = None, end: int | None = None, section: str | None = None
) -> str:
    """Link to the source viewer, scrolled to the cited passage (or to a section heading)."""
    url = "/bronnen/" + quote(source, safe="")
    if start is not None and end is not None:
        url += "?" + urlencode({"start": start, "end": end}) + "#passage"
    elif section:
        url += "?" + urlencode({"sectie": section}) + "#passage"
    return url


def render_markdown(text: str, citations: Iterable[Mapping] = ()) -> Markup:
    """Markdown -> sanitised HTML; `[n]` markers become links to the cited passage."""
    html = _md.render(text or "")
    html = _HEADING.sub(r"<\1h3>", html)  # keep the page's heading outline intact
    by_n = {int(c["n"]): c for c in citations if c.get("n") is not None}

    def link(match: re.Match[str]) -> str:
        cit = by_n.get(int(match.group(1)))
        if cit is None:
            return match.group(0)
        href = escape(source_url(str(cit.get("source", "")), cit.get("start"), cit.get("end")))
        title = escape(str(cit.get("title") or cit.get("source") or ""))
        return (
            f'<sup class="cite"><a href="{href}" title="{title}" '
            f'aria-label="Bron {match.group(1)}: {title}">[{match.group(1)}]</a></sup>'
        )

    html = _CITE.sub(link, html)
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRS,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)


def dutch_date(value: str | date | None) -> str:
    """'2026-01-01' -> '1 januari 2026'; anything unparseable is shown as given."""
    if not value:
        return "onbekend"
    try:
        d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{d.day} {MONTHS_NL[d.month - 1]} {d.year}"


def euro(value: float | int | None) -> str:
    """12345.5 -> '€ 12.345,50' (whole amounts without cents)."""
    if value is None:
        return "onbekend"
    amount = float(value)
    whole = amount == int(amount)
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"
