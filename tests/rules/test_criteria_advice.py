"""Recommended MVI criteria: basis by default below the threshold, other levels as options."""

from __future__ import annotations

from assistant.verdicts import VerdictCard


def _levels(card: VerdictCard) -> dict[str, bool]:
    return {c.level: c.recommended for c in card.criteria}


def test_basis_recommended_below_threshold_with_options(card):
    c = card(amount_eur=60_000, kind="dienst", product_group="catering")
    assert c.recommended_level == "basis"
    assert _levels(c) == {"basis": True, "significant": False, "ambitieus": False}


def test_significant_recommended_above_threshold(card):
    c = card(amount_eur=600_000, kind="dienst", product_group="catering")
    assert c.recommended_level == "significant"


def test_each_criterion_has_monitoring_status_and_source(card):
    c = card(amount_eur=60_000, kind="levering", product_group="ict_hardware")
    assert c.criteria
    for a in c.criteria:
        assert a.kpi in a.monitoring and a.evidence in a.monitoring and a.when in a.monitoring
        assert a.status in ("gecontroleerd tegen bron", "controleer in de MVI-criteriatool")
        assert a.sources and a.sources[0].source == "criteria-ict-hardware.md"
        if a.status == "controleer in de MVI-criteriatool":
            assert "mvicriteria.nl" in (a.note or "")


def test_no_group_no_criteria(card):
    assert card(amount_eur=60_000, kind="dienst").criteria == []
