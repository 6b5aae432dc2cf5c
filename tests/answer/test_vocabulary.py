"""Which question words the sources know: Dutch compounds of known words count as known."""

from __future__ import annotations

from assistant.text import content_terms
from assistant.vocabulary import unknown_terms

# A tiny vocabulary as corpus_terms() would build it from the cleaned sources (stemmed).
VOCABULARY = frozenset(
    content_terms(
        "schoonmaak contract catering opdracht beveiliging monitoring criteria duurzaamheid "
        "eisen stellen kern centrale"
    )
)


def test_compounds_of_known_procurement_words_are_known() -> None:
    for question in (
        "Hoe monitor ik de criteria in mijn schoonmaakcontract?",
        "Welke eisen stel ik aan een cateringcontract?",
        "Welke eisen voor een beveiligingsopdracht?",  # linking s
    ):
        assert unknown_terms(question, VOCABULARY) == [], question


def test_unknown_words_stay_unknown() -> None:
    # Both halves are known words, but neither is a procurement word: not a sign of the domain.
    assert unknown_terms("Eisen voor een kerncentrale?", VOCABULARY) == content_terms(
        "kerncentrale"
    )
    assert unknown_terms("Eisen voor een voetbalstadion?", VOCABULARY) == content_terms(
        "voetbalstadion"
    )
