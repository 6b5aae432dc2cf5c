"""Property tests: the amount/duration parser over many Dutch spellings (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.profile import parse_profile

WORDS = {1: "een", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht",
         9: "negen", 10: "tien", 20: "twintig", 30: "dertig", 40: "veertig", 50: "vijftig",
         60: "zestig", 70: "zeventig", 80: "tachtig", 90: "negentig"}  # fmt: skip
CONTEXT = st.sampled_from([
    "catering {} voor de gemeente", "{} schoonmaak", "Wij kopen laptops voor {}.",
    "Opdracht: beveiliging, waarde {}, Rijk", "taxivervoer ({})", "{}",
])  # fmt: skip


def dutch_thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@st.composite
def euro_amount(draw) -> tuple[str, int]:
    """An amount in whole euros and one of its Dutch spellings."""
    n = draw(st.integers(min_value=1_000, max_value=99_999_999))
    style = draw(st.sampled_from(["euro_sign", "euro_sign_tight", "suffix", "eur", "dash",
                                  "cents", "spaced"]))  # fmt: skip
    text = {
        "euro_sign": f"€ {dutch_thousands(n)}",
        "euro_sign_tight": f"€{dutch_thousands(n)}",
        "suffix": f"{dutch_thousands(n)} euro",
        "eur": f"EUR {dutch_thousands(n)}",
        "dash": f"€ {dutch_thousands(n)},-",
        "cents": f"€ {dutch_thousands(n)},00",
        "spaced": f"€ {n:,}".replace(",", " "),
    }[style]
    return text, n


@st.composite
def magnitude_amount(draw) -> tuple[str, float]:
    """Amounts written with k / duizend / ton / miljoen, including decimals and words."""
    kind = draw(st.sampled_from(["k", "duizend", "ton", "miljoen", "word_thousand", "word_ton"]))
    if kind in ("k", "duizend"):
        n = draw(st.integers(min_value=1, max_value=999))
        unit = draw(st.sampled_from(["k", "K", " k"])) if kind == "k" else " duizend"
        return f"{n}{unit}", n * 1_000
    if kind == "ton":
        whole, tenth = draw(st.integers(1, 9)), draw(st.integers(0, 9))
        text = f"{whole},{tenth} ton" if tenth else f"{whole} ton"
        return text, whole * 100_000 + tenth * 10_000
    if kind == "miljoen":
        whole, tenth = draw(st.integers(1, 20)), draw(st.integers(0, 9))
        unit = draw(st.sampled_from([" miljoen", " mln", " miljoen euro"]))
        text = f"{whole},{tenth}{unit}" if tenth else f"{whole}{unit}"
        return text, whole * 1_000_000 + tenth * 100_000
    n = draw(st.sampled_from(sorted(WORDS)))
    if kind == "word_thousand":
        glue = draw(st.sampled_from(["", " "]))
        return f"{WORDS[n]}{glue}duizend euro", n * 1_000
    return f"{WORDS[n]} ton", n * 100_000


@st.composite
def duration(draw) -> tuple[str, int]:
    kind = draw(st.sampled_from(["jaar", "maanden", "mnd", "woord", "half"]))
    if kind == "jaar":
        y = draw(st.integers(1, 10))
        return f"{y} jaar", 12 * y
    if kind in ("maanden", "mnd"):
        m = draw(st.integers(1, 120))
        return f"{m} {kind}", m
    if kind == "woord":
        y = draw(st.integers(1, 10))
        return f"{WORDS[y]} jaar", 12 * y
    return draw(st.sampled_from([("anderhalf jaar", 18), ("een half jaar", 6)]))


@settings(max_examples=300, deadline=None)
@given(euro_amount(), CONTEXT)
def test_euro_spellings_parse_to_the_amount(amount, context):
    text, value = amount
    assert parse_profile(context.format(text)).profile.amount_eur == value


@settings(max_examples=300, deadline=None)
@given(magnitude_amount(), CONTEXT)
def test_magnitude_spellings_parse_to_the_amount(amount, context):
    text, value = amount
    got = parse_profile(context.format(text)).profile.amount_eur
    assert got is not None and abs(got - value) < 0.01


@settings(max_examples=300, deadline=None)
@given(duration(), euro_amount())
def test_durations_parse_and_do_not_become_amounts(dur, amount):
    dur_text, months = dur
    amount_text, value = amount
    out = parse_profile(f"schoonmaak {amount_text} voor {dur_text}")
    assert out.profile.duration_months == months
    assert out.profile.amount_eur == value


@settings(max_examples=200, deadline=None)
@given(st.integers(1_000, 5_000_000), st.integers(1, 10))
def test_yearly_amount_times_years_is_the_contract_value(per_year, years):
    from assistant.rules import evaluate
    from assistant.settings import Settings

    out = parse_profile(f"catering € {dutch_thousands(per_year)} per jaar, {years} jaar")
    assert (out.profile.amount_basis, out.profile.duration_months) == ("per_jaar", 12 * years)
    card = evaluate(out.profile, settings=Settings())
    assert card.contract_value_eur == per_year * years


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parser_never_crashes_on_arbitrary_text(text):
    out = parse_profile(text)
    assert out.profile.amount_eur is None or out.profile.amount_eur > 0
    assert isinstance(out.questions, list)
