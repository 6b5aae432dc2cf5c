"""CSV and iCalendar exports of monitoring plans, parsed back by the csv module and icalendar."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from web.accounts import create_user
from web.contract_export import CSV_COLUMNS, contracts_csv, contracts_ics
from web.contracts import (
    ContractError,
    PlanCriterion,
    create_contract,
    get_contract,
    group_criteria,
    list_contracts,
    set_check_status,
)
from web.db import Database

CRITERIA = [
    PlanCriterion(
        "c1",
        "Schoonmaakmiddelen met keurmerk",
        "aandeel middelen met keurmerk",
        "productlijst; veiligheidsbladen",
        "elk kwartaal",
    ),
    PlanCriterion(
        "c2", "Social return; 5% van de loonsom", "ingezette uren", "urenregistratie", "jaarlijks"
    ),
]


@pytest.fixture
def db(acc_settings) -> Database:
    database = Database(acc_settings)
    database.create_all()
    return database


@pytest.fixture
def owner(db) -> int:
    return create_user(db, "inkoper", "een-goed-wachtwoord").id


def make(db, owner, start=date(2026, 1, 1), end=date(2026, 12, 31), name="Schoonmaak stadhuis"):
    return create_contract(
        db,
        owner_id=owner,
        name=name,
        supplier="Schoon BV, Utrecht",
        start=start,
        end=end,
        criteria=CRITERIA,
    )


def test_contract_gets_checks_per_criterion(db, owner):
    contract = make(db, owner)
    by_crit = {}
    for check in contract.checks:
        by_crit.setdefault(check.criterion_id, []).append(check.due)
    assert sorted(by_crit["c1"]) == [
        date(2026, 1, 1),
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2026, 12, 31),
    ]
    assert sorted(by_crit["c2"]) == [date(2026, 1, 1), date(2026, 12, 31)]


def test_csv_round_trip(db, owner):
    contract = make(db, owner)
    first = min(contract.checks, key=lambda c: (c.due, c.criterion_id))
    set_check_status(db, first.id, "afwijking", 'Geen keurmerk; "actie" gevraagd', "cm")
    text = contracts_csv(list_contracts(db), today=date(2026, 2, 1))
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == len(contract.checks) == 7
    assert {r["leverancier"] for r in rows} == {"Schoon BV, Utrecht"}
    deviating = [r for r in rows if r["status"] == "afwijking"]
    assert len(deviating) == 1 and deviating[0]["notitie"] == 'Geen keurmerk; "actie" gevraagd'
    # On 1 Feb 2026 only the other start check (still open) is late.
    late = [r for r in rows if r["te_laat"] == "ja"]
    assert [(r["datum"], r["status"]) for r in late] == [("2026-01-01", "open")]
    assert [r["datum"] for r in rows] == sorted(r["datum"] for r in rows)


def test_ics_round_trip(db, owner):
    contract = make(db, owner)
    cal = Calendar.from_ical(contracts_ics([get_contract(db, contract.id)], host="test"))
    events = cal.walk("VEVENT")
    assert len(events) == len(contract.checks)
    uids = {str(e["UID"]) for e in events}
    assert len(uids) == len(events)
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert starts[0] == date(2026, 1, 1) and starts[-1] == date(2026, 12, 31)
    for event in events:
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=1)
        assert "Schoonmaak stadhuis" in str(event["SUMMARY"])
        assert "KPI:" in str(event["DESCRIPTION"])
        alarms = event.walk("VALARM")
        assert alarms and alarms[0].decoded("TRIGGER") == timedelta(days=-7)


def test_ics_uids_are_stable_between_exports(db, owner):
    contract = make(db, owner)
    one = Calendar.from_ical(contracts_ics([contract], host="h"))
    two = Calendar.from_ical(contracts_ics([get_contract(db, contract.id)], host="h"))
    assert {str(e["UID"]) for e in one.walk("VEVENT")} == {
        str(e["UID"]) for e in two.walk("VEVENT")
    }


def test_ended_contract_exports_all_open_checks_as_late(db, owner):
    make(db, owner, start=date(2023, 2, 1), end=date(2024, 1, 31), name="Oud contract")
    rows = list(csv.DictReader(io.StringIO(contracts_csv(list_contracts(db))), delimiter=";"))
    assert rows and all(r["te_laat"] == "ja" for r in rows)


def test_invalid_input_is_refused_in_dutch(db, owner):
    with pytest.raises(ContractError, match="einddatum"):
        make(db, owner, start=date(2026, 1, 1), end=date(2025, 1, 1))
    with pytest.raises(ContractError, match="criterium"):
        create_contract(
            db,
            owner_id=owner,
            name="x",
            supplier="y",
            start=date(2026, 1, 1),
            end=date(2027, 1, 1),
            criteria=[],
        )
    contract = make(db, owner)
    with pytest.raises(ContractError, match="afwijking"):
        set_check_status(db, contract.checks[0].id, "afwijking", "  ", "cm")
    with pytest.raises(ContractError):
        set_check_status(db, contract.checks[0].id, "kapot", "", "cm")


def test_group_criteria_come_from_the_curated_knowledge():
    from knowledge.loader import get_knowledge

    group = get_knowledge().groups["cleaning"]
    picked = group_criteria("cleaning", [group.criteria[0].id, "bestaat-niet"])
    assert [p.id for p in picked] == [group.criteria[0].id]
    assert picked[0].kpi == group.criteria[0].monitoring.kpi
    with pytest.raises(ContractError):
        group_criteria("geen-groep", [])
