"""Chunking keeps structure: section metadata, whole sentences, offsets, stable ids."""

from __future__ import annotations

from pathlib import Path

from ingest.chunk import MAX_CHARS, chunk_text, detect_heading, is_reference_list
from ingest.clean import clean_text

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"
REBEL = "2024-12-17-evaluatie-inkopen-met-impact-rebel.txt"


def _cleaned(name: str) -> str:
    return clean_text((SOURCES / name).read_text(encoding="utf-8"))[0]


def test_numbered_sections_travel_with_every_chunk() -> None:
    text = _cleaned(REBEL)
    chunks = chunk_text(REBEL, text)
    in_74 = [c for c in chunks if c.section.startswith("7.4 ")]
    assert in_74, "section 7.4 should produce chunks"
    assert in_74[0].section.startswith("7.4 Inkopen met Impact lijkt minder bepalend")
    assert all("7. Toepassing in de inkooppraktijk" in c.section_path for c in in_74)
    assert any("onder de Europese drempel" in c.text or "drempel" in c.text for c in in_74)


def test_offsets_point_into_cleaned_text_and_sentences_are_whole() -> None:
    for path in SOURCES.glob("*.txt"):
        text = _cleaned(path.name)
        chunks = chunk_text(path.name, text)
        assert chunks
        for c in chunks:
            assert text[c.start : c.end] == c.text
            assert len(c.text) <= MAX_CHARS
            # A chunk starts where a sentence, line or table cell starts: never mid-word.
            assert c.start == 0 or not text[c.start - 1].isalnum()
            assert c.end == len(text) or not text[c.end].isalnum()


def test_chunk_boundaries_fall_on_sentence_ends_in_prose() -> None:
    text = _cleaned("2025-10-10-kamerbrief-beleidsreactie-evaluatie-inkopen-met-impact.txt")
    chunks = chunk_text("brief.txt", text)
    for c in chunks:
        last = c.text.rstrip()
        assert last[-1] in ".!?:…”*)\"'" or text[c.end : c.end + 1] in ("\n", "")


def test_ids_are_stable_and_change_with_content() -> None:
    text = _cleaned("2019-10-28-kamerbrief-aanbieding-inkopen-met-impact.txt")
    a = chunk_text("brief.txt", text)
    b = chunk_text("brief.txt", text)
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert len({c.chunk_id for c in a}) == len(a)
    changed = chunk_text("brief.txt", text.replace("Ollongren", "Ollongren (gewijzigd)"))
    assert changed[-1].chunk_id != a[-1].chunk_id
    assert changed[0].chunk_id == a[0].chunk_id  # untouched passages keep their id
    other = chunk_text("andere-naam.txt", text)
    assert other[0].chunk_id != a[0].chunk_id


def test_heading_detection() -> None:
    assert detect_heading("7.4 Inkopen met Impact lijkt minder bepalend.").level == 2
    assert (
        detect_heading("## 2.1 Op te volgen aanbevelingen").text == "2.1 Op te volgen aanbevelingen"
    )
    assert detect_heading("### **BRIEF VAN DE MINISTER**").text == "BRIEF VAN DE MINISTER"
    assert detect_heading("Voortgang fase 2").level == 9
    assert detect_heading("Dit is een gewone zin die eindigt met een punt.") is None
    assert detect_heading("1.\tTabelcel\t28") is None


def test_neighbouring_chunks_share_at_most_one_short_sentence() -> None:
    text = _cleaned(REBEL)
    chunks = chunk_text(REBEL, text)
    overlaps = 0
    for a, b in zip(chunks, chunks[1:], strict=False):
        if a.section_path == b.section_path and b.start < a.end:
            overlaps += 1
            shared = text[b.start : a.end]
            assert len(shared) <= 250
            assert text[b.start - 1] in " \n\t"  # the shared unit starts a sentence/line/cell
    assert overlaps > 0


def test_bibliography_is_not_chunked_but_stays_in_the_text() -> None:
    text = _cleaned(REBEL)
    assert "Appendix 2 – Bronnen" in text  # the source viewer still shows it
    chunks = chunk_text(REBEL, text)
    assert not any("Bronnen" in c.section_path for c in chunks)
    assert not any("Data.overheid.nl (2024) – Inkoopdata Ministerie" in c.text for c in chunks)
    # The appendices around it are content and keep their chunks.
    assert any(c.section_path.startswith("Appendix 1 – Lijst van afkortingen") for c in chunks)
    assert any(c.section_path.startswith("Appendix 3 – Toelichting") for c in chunks)


def test_reference_list_headings() -> None:
    for heading in ("Appendix 2 – Bronnen", "Literatuurlijst", "Bijlage 3: Geraadpleegde bronnen"):
        assert is_reference_list(heading), heading
    for heading in ("Bronnen van inkomsten", "4.1 Spend data rijksinkoop", "Referentieprojecten"):
        assert not is_reference_list(heading), heading


def test_a_footnote_travels_with_the_sentence_that_refers_to_it() -> None:
    chunks = chunk_text(REBEL, _cleaned(REBEL))
    with_ref = [c for c in chunks if 'acht "high-impact" inkooppakketten' in c.text]
    assert with_ref and "¹⁰ Dit zijn: energie, GWW, gebouwen" in with_ref[0].text
