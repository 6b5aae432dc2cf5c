"""International Social Conditions: mandatory for the Rijk above the threshold in risk groups."""

from __future__ import annotations

import pytest

from knowledge.loader import get_knowledge


@pytest.mark.parametrize(("org", "value", "status", "rule"), [
    ("rijk", 140_000, "verplicht", "ISV-RIJK-VERPLICHT"),
    ("rijk", 139_999, "aanbevolen", "ISV-VRIJWILLIG"),
    ("gemeente", 216_000, "aanbevolen", "ISV-VRIJWILLIG"),
    ("gemeente", 60_000, "aanbevolen", "ISV-VRIJWILLIG"),
])  # fmt: skip
def test_risk_group_by_threshold_and_organisation(card, org, value, status, rule):
    v = card(amount_eur=value, kind="levering", product_group="ict_hardware",
             organisation=org).verdict("isv")  # fmt: skip
    assert (v.status, v.rule_id) == (status, rule)
    assert v.policy_not_law


def test_mandatory_verdict_carries_start_date(card):
    v = card(amount_eur=500_000, kind="dienst", product_group="catering", organisation="rijk")
    assert str(v.verdict("isv").valid_from) == "2017-09-01"


def test_non_risk_group_is_not_relevant(card):
    v = card(amount_eur=500_000, kind="dienst", product_group="cleaning", organisation="rijk")
    assert v.verdict("isv").status == "niet_relevant"


def test_unclear_group_is_not_guessed(card):
    v = card(amount_eur=20_000, kind="levering", product_group="office_furniture")
    assert v.verdict("isv").status == "onbekend"


def test_unknown_group_asks(card):
    c = card(amount_eur=20_000, kind="levering")
    assert c.verdict("isv").status == "onbekend"
    assert any("productgroep" in q for q in c.questions)


def test_rijk_with_unknown_value_cannot_tell(card):
    c = card(kind="levering", product_group="workwear", organisation="rijk")
    assert c.verdict("isv").status == "onbekend"


def test_eight_risk_categories_map_to_known_groups():
    k = get_knowledge()
    cats = k.isv.risk_categories.categories
    assert len(cats) == 8
    risky = {g for c in cats for g in c.product_groups}
    flagged = {g.id for g in k.groups.values() if g.isv.risk_category == "ja"}
    assert risky == flagged
