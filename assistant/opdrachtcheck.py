"""From one Dutch sentence to a verdict card: parse, merge with the earlier turn, evaluate."""

from __future__ import annotations

from datetime import date

from assistant.contract_profile import ContractProfile
from assistant.profile import parse_profile
from assistant.rules import evaluate
from assistant.settings import Settings
from assistant.verdicts import VerdictCard


def check_text(
    text: str,
    on: date | None = None,
    *,
    settings: Settings | None = None,
    previous: ContractProfile | None = None,
    organisation: str | None = None,
) -> VerdictCard:
    """Verdict card for `text`; parse assumptions and questions come first on the card."""
    parsed = parse_profile(text)
    profile = previous.merge(parsed.profile) if previous else parsed.profile
    if organisation:
        profile = profile.model_copy(update={"organisation": organisation})
    card = evaluate(profile, on, settings=settings)
    card.assumptions = parsed.assumptions + card.assumptions
    card.questions = parsed.questions + [q for q in card.questions if q not in parsed.questions]
    return card
