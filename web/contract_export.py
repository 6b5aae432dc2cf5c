"""A monitoring plan as CSV (spreadsheet) and iCalendar (the manager's own agenda)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from web.contracts import STATUSES, Contract

CSV_COLUMNS = [
    "contract",
    "leverancier",
    "criterium",
    "kpi",
    "bewijs",
    "moment",
    "datum",
    "status",
    "notitie",
    "te_laat",
]


def contracts_csv(contracts: list[Contract], today: date | None = None) -> str:
    today = today or date.today()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # Dutch spreadsheets expect semicolons
    writer.writerow(CSV_COLUMNS)
    for contract in contracts:
        for check in sorted(contract.checks, key=lambda c: (c.due, c.criterion_title)):
            writer.writerow(
                [
                    contract.name,
                    contract.supplier,
                    check.criterion_title,
                    check.kpi,
                    check.evidence,
                    check.label,
                    check.due.isoformat(),
                    STATUSES.get(check.status, check.status),
                    check.note,
                    "ja" if check.overdue(today) else "nee",
                ]
            )
    return out.getvalue()


def contracts_ics(contracts: list[Contract], host: str = "inkoopassistent.local") -> bytes:
    """One all-day event per check moment, with a reminder a week ahead. UIDs are stable, so
    importing the file again updates the events instead of doubling them."""
    cal = Calendar()
    cal.add("prodid", "-//Inkoopassistent//Monitoringsplan//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Contractcontroles")
    stamp = datetime.now(UTC)
    for contract in contracts:
        for check in contract.checks:
            event = Event()
            event.add("uid", f"check-{check.id}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", check.due)
            event.add("dtend", check.due + timedelta(days=1))
            event.add("summary", f"{check.label} – {check.criterion_title} ({contract.name})")
            event.add(
                "description",
                "\n".join(
                    [
                        f"Contract: {contract.name}",
                        f"Leverancier: {contract.supplier}",
                        f"Criterium: {check.criterion_title}",
                        f"KPI: {check.kpi or '-'}",
                        f"Bewijs: {check.evidence or '-'}",
                        f"Status: {STATUSES.get(check.status, check.status)}",
                    ]
                ),
            )
            event.add("categories", ["Contractmanagement"])
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Controle {check.criterion_title}")
            alarm.add("trigger", timedelta(days=-7))
            event.add_component(alarm)
            cal.add_component(event)
    return cal.to_ical()
