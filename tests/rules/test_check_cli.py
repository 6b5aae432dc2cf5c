"""`inkoop check` on the real CLI app."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from knowledge.loader import EXAMPLE_POLICY_FILE

runner = CliRunner()


@pytest.fixture
def app(monkeypatch):
    from assistant.settings import get_settings

    monkeypatch.setenv("INKOOP_ORGANISATION_PROFILE", "gemeente")
    monkeypatch.setenv("INKOOP_POLICY_FILE", str(EXAMPLE_POLICY_FILE))
    get_settings.cache_clear()
    from web.cli import app

    yield app
    get_settings.cache_clear()


def test_check_prints_verdicts_with_rule_ids(app):
    result = runner.invoke(app, ["check", "60.000 euro catering voor 2 jaar, gemeente",
                                 "--datum", "2026-03-01"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "onder de drempel" in result.output and "EU-THR-2026-2027" in result.output
    assert "regels-drempelwaarden.md" in result.output
    assert "Aanname:" in result.output


def test_check_json_is_the_card(app):
    result = runner.invoke(app, ["check", "laptops € 140.000, ministerie", "--uitvoer", "json",
                                 "--datum", "2025-12-31"])  # fmt: skip
    card = json.loads(result.output)
    assert card["verdicts"][0]["status"] == "onder_drempel"
    assert card["verdicts"][0]["rule_id"] == "EU-THR-2024-2025"


def test_check_exports(app):
    out = runner.invoke(app, ["check", "catering 60k, gemeente", "--uitvoer", "checklist-csv"])
    assert out.output.startswith("nr;niveau;aanbevolen")
    out = runner.invoke(app, ["check", "catering 60k", "--uitvoer", "monitoring"])
    assert out.output.startswith("# Monitoringsplan")


def test_bad_date_is_a_clear_dutch_error(app):
    result = runner.invoke(app, ["check", "catering 60k", "--datum", "1-3-2026"])
    assert result.exit_code == 2
    assert "JJJJ-MM-DD" in result.output


def test_organisation_option_overrides(app):
    result = runner.invoke(app, ["check", "werkkleding € 40.000", "--organisatie", "rijk",
                                 "--uitvoer", "json"])  # fmt: skip
    card = json.loads(result.output)
    assert card["organisation"] == "rijk"
    assert card["verdicts"][1]["rule_id"] == "BAND-RIJK-CIRCULAIRE-2015"
