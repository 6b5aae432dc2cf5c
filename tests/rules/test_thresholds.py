"""EU threshold verdicts: each threshold exactly, one euro under and over, both periods."""

from __future__ import annotations

from datetime import date

import pytest

from tests.rules.conftest import ON_2025, ON_2026

# (organisation, kind, threshold 2024-2025, threshold 2026-2027)
CASES = [
    ("gemeente", "dienst", 221_000, 216_000),
    ("gemeente", "levering", 221_000, 216_000),
    ("rijk", "dienst", 143_000, 140_000),
    ("rijk", "levering", 143_000, 140_000),
    ("gemeente", "werk", 5_538_000, 5_404_000),
    ("rijk", "werk", 5_538_000, 5_404_000),
]


@pytest.mark.parametrize(("org", "kind", "old", "new"), CASES)
@pytest.mark.parametrize(("offset", "status"), [(-1, "onder_drempel"), (0, "boven_drempel"),
                                                (1, "boven_drempel")])  # fmt: skip
def test_threshold_edges_2026(card, org, kind, old, new, offset, status):
    c = card(amount_eur=new + offset, amount_basis="totaal", kind=kind, organisation=org)
    v = c.verdict("drempel")
    assert v.status == status
    assert v.rule_id == "EU-THR-2026-2027"
    assert (v.valid_from, v.valid_to) == (date(2026, 1, 1), date(2027, 12, 31))
    assert f"€ {new:,}".replace(",", ".") in v.text


@pytest.mark.parametrize(("org", "kind", "old", "new"), CASES)
@pytest.mark.parametrize(("offset", "status"), [(-1, "onder_drempel"), (0, "boven_drempel"),
                                                (1, "boven_drempel")])  # fmt: skip
def test_threshold_edges_2025(card, org, kind, old, new, offset, status):
    v = card(on=ON_2025, amount_eur=old + offset, amount_basis="totaal", kind=kind,
             organisation=org).verdict("drempel")  # fmt: skip
    assert v.status == status
    assert v.rule_id == "EU-THR-2024-2025"


@pytest.mark.parametrize(("on", "status", "rule"), [
    (date(2025, 12, 31), "onder_drempel", "EU-THR-2024-2025"),
    (date(2026, 1, 1), "boven_drempel", "EU-THR-2026-2027"),
])  # fmt: skip
def test_day_on_each_side_of_the_2026_change(card, on, status, rule):
    # € 220.000 for a municipality: under 221.000 (2025), over 216.000 (2026)
    v = card(on=on, amount_eur=220_000, kind="dienst", organisation="gemeente").verdict("drempel")
    assert (v.status, v.rule_id) == (status, rule)


def test_date_outside_known_periods_is_unknown_not_guessed(card):
    v = card(on=date(2028, 1, 1), amount_eur=100_000, kind="dienst").verdict("drempel")
    assert v.status == "onbekend"
    assert not v.verified


def test_default_date_is_today(settings):
    from assistant.contract_profile import ContractProfile
    from assistant.rules import evaluate

    c = evaluate(ContractProfile(amount_eur=1000, kind="dienst"), settings=settings)
    assert c.reference_date == date.today()


def test_reference_date_in_profile_is_used(settings):
    from assistant.contract_profile import ContractProfile
    from assistant.rules import evaluate

    p = ContractProfile(amount_eur=220_000, kind="dienst", reference_date=date(2025, 3, 1))
    assert evaluate(p, settings=settings).verdict("drempel").rule_id == "EU-THR-2024-2025"


def test_catering_does_not_use_annex_xiv_but_reports_open_point(card):
    # Between 216.000 and 750.000: the ordinary services threshold applies (Annex XIV unverified)
    c = card(on=ON_2026, amount_eur=300_000, kind="dienst", product_group="catering")
    v = c.verdict("drempel")
    assert v.status == "boven_drempel"
    assert "€ 216.000" in v.text and "niet geverifieerd" in v.text
    assert c.open_points and "bijlage XIV" in c.open_points[0]


def test_no_open_point_for_other_groups(card):
    assert card(amount_eur=50_000, kind="dienst", product_group="cleaning").open_points == []


@pytest.mark.parametrize(("value", "status"), [(215_999, "onder_drempel"),
                                               (216_000, "onbekend"),
                                               (5_403_999, "onbekend"),
                                               (5_404_000, "boven_drempel")])  # fmt: skip
def test_kind_unknown_decides_only_when_every_threshold_agrees(card, value, status):
    c = card(amount_eur=value, organisation="gemeente")
    assert c.verdict("drempel").status == status
    if status == "onbekend":
        assert any("werk, een levering of een dienst" in q for q in c.questions)


def test_yearly_amount_times_duration(card):
    c = card(amount_eur=30_000, amount_basis="per_jaar", duration_months=48, kind="dienst")
    assert c.contract_value_eur == 120_000
    assert any("× 4 jaar" in a for a in c.assumptions)


def test_yearly_amount_without_duration_asks(card):
    c = card(amount_eur=30_000, amount_basis="per_jaar", kind="dienst")
    assert c.contract_value_eur is None
    assert c.verdict("drempel").status == "onbekend"
    assert any("Hoe lang" in q for q in c.questions)


def test_missing_amount_asks(card):
    c = card(kind="dienst", product_group="catering")
    assert c.verdict("drempel").status == "onbekend"
    assert any("geschatte waarde" in q for q in c.questions)


def test_total_assumed_when_basis_not_stated(card):
    c = card(amount_eur=60_000, kind="dienst", duration_months=24)
    assert c.contract_value_eur == 60_000
    assert any("totaalbedrag" in a for a in c.assumptions)


def test_every_verdict_cites_rule_and_source(card):
    c = card(on=ON_2026, amount_eur=60_000, kind="dienst", product_group="catering")
    for v in c.verdicts:
        assert v.rule_id and v.sources
        assert all(s.source and s.section and s.title for s in v.sources)
