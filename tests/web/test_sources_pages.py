"""Source viewer and sources list (fake index), including path traversal and XSS in documents."""

from __future__ import annotations

import pytest
from web_fakes import PASSAGE, SOURCE_TEXT, FakeCleaned, FakeIndex, default_doc
from web_helpers import soup

from web.routes.sources import find_section, section_at


def test_viewer_highlights_cited_passage_with_metadata(client):
    start = SOURCE_TEXT.index(PASSAGE)
    r = client.get(f"/bronnen/gids-proportionaliteit.md?start={start}&end={start + len(PASSAGE)}")
    assert r.status_code == 200
    page = soup(r.text)
    marks = page.select(".source-text mark")
    assert "".join(m.get_text() for m in marks) == PASSAGE
    assert marks[0]["id"] == "passage"
    assert page.select_one("h1").get_text() == "Gids Proportionaliteit"
    facts = page.select_one(".source-facts").get_text()
    assert "Ministerie van Economische Zaken" in facts
    assert "1 maart 2024" in facts
    assert page.select_one("#passage-section").get_text() == "3.5 Aantal offertes"
    # the whole text is there, in order; headings are shown as headings, without the '#'
    lines = [d.get_text() for d in page.select(".source-text > div")]
    assert "\n".join(lines) == SOURCE_TEXT.replace("## ", "").replace("# ", "")
    assert [h.get_text() for h in page.select(".source-text .st-h2")] == [
        "3.4 Keuze van de procedure",
        "3.5 Aantal offertes",
    ]


def test_viewer_opens_a_section_heading(client):
    r = client.get(
        "/bronnen/gids-proportionaliteit.md", params={"sectie": "3.4 Keuze van de procedure"}
    )
    mark = soup(r.text).select_one("#passage")
    assert mark is not None and "3.4 Keuze van de procedure" in mark.get_text()


@pytest.mark.parametrize("query", ["start=5&end=2", "start=0&end=999999", "start=a&end=b"])
def test_viewer_with_bad_offsets_shows_whole_text_and_says_so(client, query):
    r = client.get(f"/bronnen/gids-proportionaliteit.md?{query}")
    assert r.status_code == 200
    page = soup(r.text)
    assert page.select_one("#passage") is None
    assert "ligt niet in deze versie" in page.select_one("main .notice").get_text()


@pytest.mark.parametrize(
    "path",
    [
        "/bronnen/onbekend.md",
        "/bronnen/..%2F..%2Fetc%2Fpasswd",
        "/bronnen/%2e%2e",
        "/bronnen/....%2Fsecret_key",
        "/bronnen/%2Fetc%2Fpasswd",
        "/bronnen/..%5C..%5Cwindows",
        "/bronnen/.hidden",
    ],
)
def test_unknown_names_and_traversal_are_404(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "root:" not in r.text


def test_unknown_source_page_is_dutch(client):
    r = client.get("/bronnen/bestaat-niet.md")
    assert "Bron niet gevonden" in soup(r.text).select_one("h1").get_text()


def test_document_markup_is_shown_as_text_never_as_html(app, client):
    evil = FakeCleaned(
        name="evil.md",
        title='Titel <script>alert("t")</script>',
        kind="upload",
        publisher="<img src=x onerror=alert(1)>",
        date="2025-01-01",
        text='Tekst <script>alert("x")</script> en <img src=x onerror="alert(2)"> einde.',
    )
    app.state.services.index = FakeIndex([default_doc(), evil])
    page = soup(client.get("/bronnen/evil.md?start=0&end=10").text)
    assert [s.get("src") for s in page.select("script")] == [
        s.get("src") for s in page.select("head script")
    ], "no script element outside the head"
    assert all(s.get("src", "").startswith("/static/") for s in page.select("script"))
    assert page.select("img") == []
    assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert '<script>alert("x")</script>' in page.select_one(".source-text").get_text()


def test_sources_list_shows_every_source(app, client):
    extra = FakeCleaned(
        name="b.md",
        title="Tweede bron",
        kind="policy",
        publisher="PIANOo",
        date="2025-06-30",
        text="x",
    )
    app.state.services.index = FakeIndex([default_doc(), extra])
    page = soup(client.get("/bronnen").text)
    rows = page.select("table.sources-table tbody tr")
    assert len(rows) == 2
    text = " ".join(r.get_text(" ") for r in rows)
    assert "30 juni 2025" in text and "beleid" in text and "handreiking" in text
    hrefs = {a["href"] for a in page.select("tbody a")}
    assert hrefs == {"/bronnen/gids-proportionaliteit.md", "/bronnen/b.md"}


def test_section_helpers():
    start = SOURCE_TEXT.index(PASSAGE)
    assert section_at(SOURCE_TEXT, start) == "3.5 Aantal offertes"
    assert section_at(SOURCE_TEXT, 0) == "Gids Proportionaliteit"
    span = find_section(SOURCE_TEXT, "  3.4   keuze van de PROCEDURE ")
    assert span and SOURCE_TEXT[span[0] : span[1]].startswith("## 3.4")
    assert find_section(SOURCE_TEXT, "9.9 Bestaat niet") is None


def test_unknown_page_is_dutch_for_browsers_and_json_for_scripts(client):
    r = client.get("/bestaat/niet", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "Pagina niet gevonden" in r.text
    r = client.get("/bestaat/niet")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")


def test_layout_marks_a_span_across_lines_and_keeps_every_character():
    from web.source_text import layout

    text = "# Kop\n\nRegel een.\nRegel twee.\n## Sub\nslot"
    start, end = text.index("een."), text.index("Sub") + 3
    lines = layout(text, (start, end))
    assert [ln.kind for ln in lines] == ["h1", "blank", "text", "text", "h2", "text"]
    marked = "".join(p.text for ln in lines for p in ln.pieces if p.marked)
    assert marked == "een.Regel twee.Sub"
    assert sum(p.first_mark for ln in lines for p in ln.pieces) == 1
    shown = "\n".join("".join(p.text for p in ln.pieces) for ln in lines)
    assert shown == "Kop\n\nRegel een.\nRegel twee.\nSub\nslot"
