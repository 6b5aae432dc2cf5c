"""Dutch purchase descriptions -> ContractProfile, assumptions and questions."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.contract_profile import ContractProfile
from assistant.profile import parse_profile


@pytest.mark.parametrize(("text", "amount"), [
    ("€ 60.000", 60_000), ("€60.000,-", 60_000), ("60k", 60_000), ("60K euro", 60_000),
    ("60 duizend euro", 60_000), ("zestigduizend euro", 60_000), ("2 ton", 200_000),
    ("anderhalve ton", 150_000), ("1,2 miljoen", 1_200_000), ("1,2 mln", 1_200_000),
    ("een half miljoen", 500_000), ("EUR 45.500,50", 45_500.5), ("€ 60 000", 60_000),
    ("1.250.000 euro", 1_250_000), ("€ 1,2m", 1_200_000),
])  # fmt: skip
def test_amount_spellings(text, amount):
    assert parse_profile(f"schoonmaak {text}").profile.amount_eur == pytest.approx(amount)


@pytest.mark.parametrize("text", ["100 laptops", "in 2026", "2 jaar", "5 m kabel", "3 offertes"])
def test_numbers_that_are_not_money(text):
    assert parse_profile(text).profile.amount_eur is None


@pytest.mark.parametrize(("text", "months"), [
    ("2 jaar", 24), ("twee jaar", 24), ("24 maanden", 24), ("6 mnd", 6), ("anderhalf jaar", 18),
    ("een half jaar", 6), ("2,5 jaar", 30), ("2 jaar met optie op 2 x 1 jaar", 48),
    ("2+1+1 jaar", 48), ("2 jaar en 3 maanden", 27), ("1 jaar, verlengbaar met 1 jaar", 24),
    ("3 jaar plus 1 jaar optie", 48),
])  # fmt: skip
def test_duration_spellings(text, months):
    assert parse_profile(f"catering € 10.000, {text}").profile.duration_months == months


def test_per_year_versus_total():
    assert parse_profile("€ 30.000 per jaar").profile.amount_basis == "per_jaar"
    assert parse_profile("jaarlijks € 30.000").profile.amount_basis == "per_jaar"
    assert parse_profile("€ 30.000 in totaal").profile.amount_basis == "totaal"
    assert parse_profile("€ 30.000").profile.amount_basis is None


def test_monthly_amount_becomes_yearly_with_assumption():
    out = parse_profile("catering € 5.000 per maand")
    assert (out.profile.amount_eur, out.profile.amount_basis) == (60_000, "per_jaar")
    assert any("per maand" in a for a in out.assumptions)


def test_total_wins_over_yearly_amount():
    out = parse_profile("€ 30.000 per jaar, in totaal € 90.000")
    assert (out.profile.amount_eur, out.profile.amount_basis) == (90_000, "totaal")


def test_two_unrelated_amounts_ask():
    out = parse_profile("catering € 60.000 of € 80.000")
    assert out.profile.amount_eur is None
    assert any("meerdere bedragen" in q for q in out.questions)


def test_loonsom_is_kept_apart_from_contract_value():
    out = parse_profile("schoonmaak € 500.000, loonsom € 300.000, 2 jaar")
    assert (out.profile.amount_eur, out.profile.loonsom_eur) == (500_000, 300_000)


@pytest.mark.parametrize(("text", "kind"), [
    ("levering van bureaus", "levering"), ("inhuur van een dienst", "dienst"),
    ("het is een werk: nieuwe vloer", "werk"), ("schoonmaak", "dienst"),
    ("laptops", "levering"), ("schilderwerk", "werk"),
    ("onderhoud van een gebouw (werk)", "werk"), ("dakgoot vervangen, werk", "werk"),
])  # fmt: skip
def test_kind(text, kind):
    assert parse_profile(text).profile.kind == kind


def test_conflicting_kinds_ask():
    out = parse_profile("levering en dienst van iets € 10.000")
    assert out.profile.kind is None
    assert any("werk, een levering of een dienst" in q for q in out.questions)


@pytest.mark.parametrize(("text", "org"), [
    ("voor de gemeente", "gemeente"), ("ministerie van BZK", "rijk"), ("Rijkswaterstaat", "rijk"),
    ("provincie Utrecht", "gemeente"), ("volgens ons eigen beleid", "eigen"), ("kantoor", None),
])  # fmt: skip
def test_organisation(text, org):
    assert parse_profile(text).profile.organisation == org


def test_rijk_and_gemeente_together_ask():
    out = parse_profile("gemeente en ministerie kopen samen in")
    assert out.profile.organisation is None
    assert out.questions


@pytest.mark.parametrize(("text", "group"), [
    ("lunchvoorziening", "catering"), ("bedrijfscatering", "catering"),
    ("schoonmaakdiensten", "cleaning"), ("taxivervoer", "passenger_transport"),
    ("bureaustoelen", "office_furniture"), ("groene stroom", "energy"),
    ("archiefvernietiging", "waste"), ("toners", "office_supplies"), ("hosting", "it_services"),
    ("30 monitors", "ict_hardware"), ("onderhoud van een gebouw", "building_maintenance"),
])  # fmt: skip
def test_product_group_via_synonyms(text, group):
    assert parse_profile(text).profile.product_group == group


def test_the_verb_monitoren_is_no_product_group():
    # "monitoren" is what contract managers do, not a screen: catering stays catering.
    out = parse_profile("Catering voor 60.000 euro. Wat moet ik monitoren?")
    assert out.profile.product_group == "catering"


def test_group_tie_asks_instead_of_guessing():
    out = parse_profile("stroom en papier")
    assert out.profile.product_group is None
    assert any("Gaat het om" in q for q in out.questions)


@pytest.mark.parametrize(("text", "day"), [
    ("start op 2025-12-15", date(2025, 12, 15)), ("publicatie 15-12-2025", date(2025, 12, 15)),
    ("vanaf 1 januari 2026", date(2026, 1, 1)), ("contract tot 31 december 2027", None),
])  # fmt: skip
def test_reference_date(text, day):
    assert parse_profile(text).profile.reference_date == day


def test_vat_included_asks_for_excluded():
    out = parse_profile("catering € 60.000 incl. btw")
    assert any("exclusief btw" in q for q in out.questions)


def test_options_without_length_ask():
    out = parse_profile("catering € 60.000, 2 jaar met verlengingsopties")
    assert out.profile.duration_months == 24
    assert any("opties" in q for q in out.questions)


@pytest.mark.parametrize(("text", "is_purchase"), [
    ("Wat is social return?", False), ("Hoe werkt de Gids Proportionaliteit?", False),
    ("60.000 euro catering", True), ("we willen laptops aanschaffen", True),
])  # fmt: skip
def test_is_purchase(text, is_purchase):
    assert parse_profile(text).is_purchase is is_purchase


def test_follow_up_merge_keeps_amount_and_group():
    first = parse_profile("60.000 euro catering voor 1 jaar, gemeente").profile
    merged = first.merge(parse_profile("en als het 2 jaar duurt?").profile)
    assert (merged.amount_eur, merged.product_group, merged.duration_months) == (
        60_000, "catering", 24)  # fmt: skip
    assert merged.organisation == "gemeente"


def test_merge_new_amount_resets_basis():
    first = ContractProfile(amount_eur=30_000, amount_basis="per_jaar")
    merged = first.merge(ContractProfile(amount_eur=90_000))
    assert (merged.amount_eur, merged.amount_basis) == (90_000, None)


def test_merge_basis_only_follow_up():
    first = ContractProfile(amount_eur=30_000, duration_months=36)
    merged = first.merge(parse_profile("het is per jaar").profile)
    assert (merged.amount_eur, merged.amount_basis) == (30_000, "per_jaar")
    merged = merged.merge(parse_profile("nee, het is het totaalbedrag").profile)
    assert merged.amount_basis == "totaal"


@pytest.mark.parametrize(
    "text", ["100 laptops van € 1.000 per stuk", "inhuur € 95 per uur", "lunch € 12,50 p/persoon"]
)
def test_unit_price_is_not_the_contract_value(text):
    out = parse_profile(text)
    assert out.profile.amount_eur is None
    assert any("prijs per eenheid" in q for q in out.questions)


def test_unit_price_next_to_a_total_uses_the_total():
    out = parse_profile("100 laptops van € 1.000 per stuk, totaal € 100.000")
    assert out.profile.amount_eur == 100_000


def test_check_text_puts_parser_assumptions_and_questions_on_the_card():
    from assistant.opdrachtcheck import check_text
    from assistant.settings import Settings

    card = check_text("catering € 60.000 incl. btw, 2 jaar", settings=Settings())
    assert any("exclusief btw" in q for q in card.questions)
    assert any("Productgroep 'Catering" in a for a in card.assumptions)
    assert any("totaalbedrag" in a for a in card.assumptions)


def test_check_text_follow_up_merges_previous_profile():
    from assistant.opdrachtcheck import check_text
    from assistant.settings import Settings

    first = check_text("catering € 60.000 per jaar, 1 jaar, Rijk", settings=Settings())
    second = check_text("en als het 3 jaar duurt?", previous=first.profile, settings=Settings())
    assert (first.contract_value_eur, second.contract_value_eur) == (60_000, 180_000)
    assert second.verdict("drempel").status == "boven_drempel"
