"""Fixtures for the rules tests: settings per organisation profile, a fixed date, a card helper."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.contract_profile import ContractProfile
from assistant.rules import evaluate
from assistant.settings import Settings
from assistant.verdicts import VerdictCard
from knowledge.loader import EXAMPLE_POLICY_FILE

ON_2026 = date(2026, 11, 23)
ON_2025 = date(2025, 6, 1)


@pytest.fixture
def settings() -> Settings:
    return Settings(organisation_profile="gemeente", policy_file=EXAMPLE_POLICY_FILE)


@pytest.fixture
def card(settings: Settings):
    """card(**profile_fields, on=date) -> VerdictCard, evaluated with the test settings."""

    def make(on: date = ON_2026, **fields) -> VerdictCard:
        return evaluate(ContractProfile(**fields), on, settings=settings)

    return make
