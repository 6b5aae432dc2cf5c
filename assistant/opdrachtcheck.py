"""From one Dutch sentence to a verdict card: parse, merge with the earlier turn, evaluate."""

from __future__ import annotations

from datetime import date

from assistant.contract_profile import ContractProfile
from assistant.profile import parse_profile
from assistant.rules import evaluate
from assistant.settings import Settings
from assistant.verdicts import VerdictCard


def evaluate_with(
    profile: ContractProfile,
    assumptions: list[str],
    questions: list[str],
    on: date | None = None,
    *,
    settings: Settings | None = None,
) -> VerdictCard:
    """evaluate() plus the parser's assumptions and questions, which come first on the card.

    Use this when the profile came from parse_profile (possibly merged with an earlier turn):
    the card must say what the parser assumed and asked, not only what the rules assumed.
    """
    card = evaluate(profile, on, settings=settings)
    card.assumptions = list(assumptions) + [a for a in card.assumptions if a not in assumptions]
    card.questions = list(questions) + [q for q in card.questions if q not in questions]
    return card


def check_text(
    text: str,
    on: date | None = None,
    *,
    settings: Settings | None = None,
    previous: ContractProfile | None = None,
    organisation: str | None = None,
) -> VerdictCard:
    """Verdict card for `text` (a follow-up is merged into `previous`)."""
    parsed = parse_profile(text)
    profile = previous.merge(parsed.profile) if previous else parsed.profile
    if organisation:
        profile = profile.model_copy(update={"organisation": organisation})
    return evaluate_with(profile, parsed.assumptions, parsed.questions, on, settings=settings)
