"""Social return (Rijk rule: works and services, loonsom >= 250.000, duration >= 6 months)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("loonsom", "months", "status"), [
    (250_000, 6, "van_toepassing"),
    (250_001, 7, "van_toepassing"),
    (249_999, 6, "niet_van_toepassing"),
    (250_000, 5, "niet_van_toepassing"),
])  # fmt: skip
def test_loonsom_and_duration_edges(card, loonsom, months, status):
    v = card(amount_eur=400_000, kind="dienst", organisation="rijk", loonsom_eur=loonsom,
             duration_months=months).verdict("social_return")  # fmt: skip
    assert v.status == status
    assert v.rule_id == "SROI-RIJK"
    assert v.policy_not_law


def test_five_percent_of_loonsom_is_computed_by_code(card):
    v = card(amount_eur=1_000_000, kind="werk", organisation="rijk", loonsom_eur=300_000,
             duration_months=12).verdict("social_return")  # fmt: skip
    assert "€ 15.000" in v.text
    assert any(s.section.endswith("(SROI-RIJK-PERCENTAGE)") for s in v.sources)


def test_supplies_never_get_social_return(card):
    v = card(amount_eur=900_000, kind="levering", loonsom_eur=400_000, duration_months=24)
    assert v.verdict("social_return").status == "niet_van_toepassing"


def test_missing_loonsom_but_value_proves_below(card):
    v = card(amount_eur=249_999, kind="dienst", duration_months=12).verdict("social_return")
    assert v.status == "niet_van_toepassing"
    assert "kan niet hoger" in v.text


def test_missing_loonsom_cannot_tell(card):
    c = card(amount_eur=250_000, kind="dienst", duration_months=12, organisation="rijk")
    assert c.verdict("social_return").status == "onbekend"
    assert any("loonsom" in q for q in c.questions)


def test_missing_duration_with_high_loonsom_asks(card):
    c = card(amount_eur=500_000, kind="dienst", loonsom_eur=300_000)
    assert c.verdict("social_return").status == "onbekend"
    assert any("looptijd" in q for q in c.questions)


def test_short_duration_decides_even_without_loonsom(card):
    v = card(amount_eur=900_000, kind="dienst", duration_months=5).verdict("social_return")
    assert v.status == "niet_van_toepassing"


def test_municipality_gets_rijk_rule_as_reference_only(card):
    v = card(amount_eur=400_000, kind="dienst", organisation="gemeente", loonsom_eur=300_000,
             duration_months=12).verdict("social_return")  # fmt: skip
    assert v.status == "van_toepassing"
    assert "referentie" in v.text
    assert any("SROI-DECENTRAAL" in s.section for s in v.sources)


def test_loonsom_above_contract_value_is_questioned(card):
    c = card(amount_eur=100_000, kind="dienst", loonsom_eur=300_000, duration_months=12)
    assert any("hoger dan de opdrachtwaarde" in q for q in c.questions)
