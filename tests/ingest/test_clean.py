"""Each cleaning rule on a real excerpt of the corpus (copied from knowledge/sources)."""

from __future__ import annotations

from pathlib import Path

from ingest import clean

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"

# 2019-10-28 Kamerbrief, lines 26-28 (hyphenation at line end).
HYPHENATED = """onze leveranciers. De innovatiekracht van onze economie is een belang-
rijke bron van slimme en blijvende oplossingen en van werkgelegenheid.
mede namens de Staatssecretaris van IenW het rapport van ABDTOP-
Consult over de wijze waarop opdrachtgevers"""

# 2019 strategy, lines 1548-1550 (an elision hyphen that must stay) and 1608-1609 (a break).
ELISION = """worden de doelen onderdeel van de planning- \nen controlecyclus van een departement"""
COMPOUND = "Via diverse klimaat-\nenvelop projecten"

# 2019 strategy, lines 339-364: a chapter title printed vertically in the page margin.
STACKED = "2.\n \n\nW\ne \n\nst\nim\n\nul\ner\n\nen\n e\n\nen\n d\n\nuu\nrz\n\nam\ne,\n\nHier"

# 2019 strategy, lines 332-336: a link annotation extracted three times.
URLS = """als data-analist bij de Auditdienst Rijk. 14

https://www.maatwerkvoormensen.nl/actueel/nieuws/2019/05/23/een-waardevolle-data-analist-door-social-return
https://www.maatwerkvoormensen.nl/actueel/nieuws/2019/05/23/een-waardevolle-data-analist-door-social-return
https://www.maatwerkvoormensen.nl/actueel/nieuws/2019/05/23/een-waardevolle-data-analist-door-social-return
"""

# 2019 strategy, lines 94-99: a page number on its own line and one glued to a sentence.
PAGE_NUMBERS = """vraagstukken, waarvoor alle zeilen moeten worden bijgezet.
Ook die van de rijksinkoop.

1
 Het kabinet vraagt van burgers en bedrijven dat zij bijdragen
opdrachtgevers als inkopers van de rijksoverheid. 4"""

# 2025-07-04 Kamerbrief, line 91 and 2024 Rebel evaluation, line 198 (OCR slips).
OCR = (
    "Ook wordt duidelijker op welke vlakken de Rijksoverheid verschilt t.0.v. andere overheden. "
    "De bedragen geven wel een beeld van de ordegrrootte van en verhoudingen."
)


def test_fix_hyphenation_joins_broken_words_only() -> None:
    text, n = clean.fix_hyphenation(HYPHENATED)
    assert "belangrijke bron" in text
    assert "ABDTOP-Consult" in text  # a capital after the break: a real compound hyphen
    assert n == 2
    text, n = clean.fix_hyphenation(ELISION)
    assert (
        text == "worden de doelen onderdeel van de planning- en controlecyclus van een departement"
    )
    assert n == 0
    assert clean.fix_hyphenation(COMPOUND) == ("Via diverse klimaatenvelop projecten", 1)


def test_join_stacked_letters_rebuilds_margin_title() -> None:
    text, n = clean.join_stacked_letters(STACKED)
    assert "2. We stimuleren een duurzame," in text
    assert text.rstrip().endswith("Hier")
    assert n == 15  # pieces holding a letter


def test_join_stacked_letters_drops_repeated_margin_tabs() -> None:
    raw = (SOURCES / "2019-inkopen-met-impact-rijksinkoopstrategie.txt").read_text()
    before = sum(1 for line in raw.split("\n") if 0 < len(line) <= 2)
    text, n = clean.join_stacked_letters(raw)
    after = sum(1 for line in text.split("\n") if 0 < len(line.strip()) <= 2)
    assert n > 300 and before > 300
    assert after < 20  # what is left are real page numbers, handled by the next rule


def test_drop_repeated_url_lines_keeps_one() -> None:
    text, n = clean.drop_repeated_url_lines(URLS)
    assert n == 2
    assert text.count("maatwerkvoormensen") == 1


def test_drop_page_numbers() -> None:
    text, n = clean.drop_page_numbers(PAGE_NUMBERS)
    assert "\n1\n" not in text
    assert text.endswith("van de rijksoverheid.")
    assert n == 2


def test_drop_running_headers_with_changing_page_number() -> None:
    # The Kamerstuk header as it runs over the pages of the 2019 letter (Kamerstuk 30 196, nr. 679).
    pages = [
        "Tweede Kamer, vergaderjaar 2019–2020, 30 196, nr. 679 2",
        "Sinds 2008 is er aandacht voor maatschappelijk verantwoord inkopen.",
        "Tweede Kamer, vergaderjaar 2019–2020, 30 196, nr. 679 3",
        "Ik hecht eraan te benadrukken dat het kabinet een kantelpunt markeert.",
        "Tweede Kamer, vergaderjaar 2019–2020, 30 196, nr. 679 4",
    ]
    text, n = clean.drop_running_headers("\n".join(pages))
    assert n == 3 and "vergaderjaar" not in text and "kantelpunt" in text


def test_fix_ocr_slips_only_safe_ones() -> None:
    text, n = clean.fix_ocr_slips(OCR)
    assert "t.o.v." in text and "ordegrootte" in text and n == 2
    untouched = "CO2-reductie van 20% in 2030 via https://example.nl/a0b"
    assert clean.fix_ocr_slips(untouched) == (untouched, 0)


def test_drop_margin_tabs_keeps_the_list_in_the_text() -> None:
    text = (
        "1. We realiseren impact met inkoop\n2. We werken samen\n\n"
        "2.  We werken samen\n\n1. We realiseren impact met inkoop\n\nWe realiseren impact"
    )
    out, n = clean.drop_margin_tabs(text)
    assert n == 2
    assert out.startswith("1. We realiseren impact met inkoop\n2. We werken samen")


def test_reflow_joins_wrapped_lines_not_lists() -> None:
    text = "Wat rijksambtenaren doen, richt zich\nop impact.\n- punt een\n- punt twee"
    out, n = clean.reflow_paragraphs(text)
    assert out.startswith("Wat rijksambtenaren doen, richt zich op impact.")
    assert "\n- punt een\n- punt twee" in out and n == 1


def test_clean_text_reports_counts_on_the_whole_corpus() -> None:
    raw = (SOURCES / "2019-inkopen-met-impact-rijksinkoopstrategie.txt").read_text()
    text, counts = clean.clean_text(raw)
    assert counts["join_stacked_letters"] > 0 and counts["fix_hyphenation"] > 0
    assert "\nW\ne \n" not in text and "belang-\n" not in text
    assert len(text) < len(raw)


# 2024 Rebel evaluation, lines 48-54: the table of contents (tab + page number per line).
TOC = (
    "Inhoudsopgave\n\n"
    "1. Management samenvatting\t5\n2. Inleiding\t7\n3. Aanpak\t8\n"
    "3.1 Deel 1: Terugblik\t8\n3.2 Deel 2: Vooruitblik\t8\n4. Facts & figures\t9\n\n"
    "1. Managementsamenvatting\n\nDe Rijksoverheid koopt jaarlijks voor miljarden euro's in."
)


def test_drop_table_of_contents_keeps_the_real_headings() -> None:
    text, n = clean.drop_table_of_contents(TOC)
    assert n == 6
    assert "\t" not in text
    assert "1. Managementsamenvatting\n\nDe Rijksoverheid koopt" in text
    short = "Tabel 1\t5\nAZ\t40\n"  # a short tab-separated table is not a TOC
    assert clean.drop_table_of_contents(short) == (short, 0)


# 2024 Rebel evaluation, lines 246-268: a footnote printed at the foot of the page, two
# paragraphs and a figure away from the sentence that refers to it.
FOOTNOTES = """⁹ Rijksoverheid (2019) – Inkopen met Impact ([link](#))

Binnen Inkopen met Impact zijn ook acht "high-impact" inkooppakketten gedefinieerd waar in potentie de grootste impact bereikt kan worden.¹⁰ Figuur 3 geeft een overzicht.¹¹

Figuur 3. High-impact inkooppakketten uit Inkopen met Impact (2019)

In Inkopen met Impact is de verplichting opgenomen om departementale actieplannen op te stellen.

¹⁰ Dit zijn: energie, GWW, gebouwen, data en ICT, transport en vervoer, catering, kantoorinrichting, en bedrijfskleding.

¹¹ Rijksoverheid (2019) – Inkopen met Impact ([link](#))"""  # noqa: E501


def test_move_footnotes_to_references() -> None:
    text, n = clean.move_footnotes_to_references(FOOTNOTES)
    paragraphs = text.split("\n\n")
    referring = next(i for i, p in enumerate(paragraphs) if p.startswith("Binnen"))
    assert paragraphs[referring + 1].startswith("¹⁰ Dit zijn: energie")
    assert paragraphs[referring + 2].startswith("¹¹ Rijksoverheid")
    assert paragraphs[0].startswith("⁹ ")  # no reference to ⁹ in the excerpt: left in place
    assert n == 2
    assert sorted(paragraphs) == sorted(FOOTNOTES.split("\n\n"))  # moved, nothing lost
    # "¹" must not be taken for the start of "¹⁰".
    text, n = clean.move_footnotes_to_references("Een.¹\n\nTien.¹⁰\n\n¹ Eerste noot.")
    assert (text, n) == ("Een.¹\n\n¹ Eerste noot.\n\nTien.¹⁰", 1)
