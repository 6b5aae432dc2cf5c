"""Procedure advice per organisation profile: policy, not law, and never invented amounts."""

from __future__ import annotations

import re

import pytest

from assistant.contract_profile import ContractProfile
from assistant.rules import evaluate
from assistant.settings import Settings


@pytest.mark.parametrize(("value", "status", "rule"), [
    (32_999, "beleid_onbekend", "PROFIEL-RIJK"),
    (33_000, "advies", "BAND-RIJK-CIRCULAIRE-2015"),
    (49_999, "advies", "BAND-RIJK-CIRCULAIRE-2015"),
    (50_000, "beleid_onbekend", "PROFIEL-RIJK"),
])  # fmt: skip
def test_rijk_band_edges(card, value, status, rule):
    v = card(amount_eur=value, kind="levering", organisation="rijk").verdict("procedure")
    assert (v.status, v.rule_id) == (status, rule)
    assert v.policy_not_law
    assert "Beleid, geen wet." in v.text


def test_rijk_band_is_only_for_supplies_and_services(card):
    v = card(amount_eur=40_000, kind="werk", organisation="rijk").verdict("procedure")
    assert v.status == "beleid_onbekend"


def test_gemeente_profile_claims_no_vng_amounts(card):
    for value in (5_000, 40_000, 100_000, 200_000):
        v = card(amount_eur=value, kind="dienst", organisation="gemeente").verdict("procedure")
        assert v.status == "beleid_onbekend"
        assert v.policy_not_law
        amounts = set(re.findall(r"€ [\d.]+", v.text))
        assert amounts == set(), f"gemeente-advies noemt bedragen: {amounts}"


@pytest.mark.parametrize(("value", "kind", "rule"), [
    (49_999, "dienst", "EIGEN-LD-ENKELVOUDIG"),
    (50_000, "levering", "EIGEN-LD-MEERVOUDIG"),
    (149_999, "werk", "EIGEN-W-ENKELVOUDIG"),
    (150_000, "werk", "EIGEN-W-MEERVOUDIG"),
    (1_500_000, "werk", "EIGEN-W-NATIONAAL"),
])  # fmt: skip
def test_own_policy_bands_from_the_policy_file(card, value, kind, rule):
    v = card(amount_eur=value, kind=kind, organisation="eigen").verdict("procedure")
    assert (v.status, v.rule_id) == ("advies", rule)
    assert v.sources[0].source == "regels-eigen-beleid.md"


def test_own_profile_without_policy_file_says_so():
    settings = Settings(organisation_profile="eigen", policy_file=None)
    c = evaluate(ContractProfile(amount_eur=10_000, kind="dienst"), settings=settings)
    v = c.verdict("procedure")
    assert v.status == "beleid_onbekend"
    assert "INKOOP_POLICY_FILE" in v.text


def test_policy_file_setting_changes_the_bands(tmp_path):
    from knowledge.loader import EXAMPLE_POLICY_FILE

    own = tmp_path / "beleid.yaml"
    own.write_text(EXAMPLE_POLICY_FILE.read_text().replace("max_eur: 50000", "max_eur: 30000")
                   .replace("min_eur: 50000", "min_eur: 30000"))  # fmt: skip
    settings = Settings(policy_file=own)
    profile = ContractProfile(amount_eur=40_000, kind="dienst", organisation="eigen")
    assert (
        evaluate(profile, settings=settings).verdict("procedure").rule_id == "EIGEN-LD-MEERVOUDIG"
    )


def test_above_threshold_means_european_procedure(card):
    v = card(amount_eur=300_000, kind="dienst", organisation="gemeente").verdict("procedure")
    assert v.status == "europees"
    assert not v.policy_not_law


def test_default_organisation_comes_from_settings():
    settings = Settings(organisation_profile="rijk")
    c = evaluate(ContractProfile(amount_eur=40_000, kind="levering"), settings=settings)
    assert c.organisation == "rijk"
    assert any("standaardprofiel" in a for a in c.assumptions)
