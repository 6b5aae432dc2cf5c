"""Sanitised Markdown rendering of model output and the Dutch formatting filters."""

from __future__ import annotations

from web_helpers import soup

from web.render import dutch_date, euro, render_markdown, source_url

CIT = [{"n": 1, "source": "a b.md", "title": "Bron A", "start": 10, "end": 20}]


def test_markdown_is_rendered_and_citations_become_links():
    html = soup(str(render_markdown("**Let op**: drie offertes [1] en [2].", CIT)))
    assert html.select_one("strong").get_text() == "Let op"
    links = html.select("sup.cite a")
    assert len(links) == 1  # [2] has no citation: left as text
    assert links[0]["href"] == "/bronnen/a%20b.md?start=10&end=20#passage"
    assert "[2]" in html.get_text()


def test_raw_html_and_script_never_survive():
    text = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> "
        '[klik](javascript:alert(3)) <a href="#" onclick="x()">a</a> '
        "![plaatje](http://example.org/x.png)"
    )
    html = str(render_markdown(text, CIT))
    page = soup(html)
    assert page.select("script, img, iframe") == []
    assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert not [a for a in page.select("a") if "javascript" in a.get("href", "")]
    assert "&lt;script&gt;" in html  # shown as text, harmless


def test_headings_are_demoted_below_page_headings():
    page = soup(str(render_markdown("# Groot\n\n## Ook groot\n\ntekst")))
    assert page.select("h1, h2") == [] and len(page.select("h3")) == 2


def test_dutch_filters():
    assert dutch_date("2026-01-01") == "1 januari 2026"
    assert dutch_date("") == "onbekend"
    assert dutch_date("ooit") == "ooit"
    assert euro(221000) == "€ 221.000"
    assert euro(1234.5) == "€ 1.234,50"
    assert euro(None) == "onbekend"
    assert source_url("x.md", section="3.1 Doel") == "/bronnen/x.md?sectie=3.1+Doel#passage"
