"""Check moments of a monitoring plan, derived from a contract's start and end date.

The schedule (pure, deterministic):
- **Start** on the start date: agree with the supplier how each KPI is measured and which
  evidence is delivered.
- **Periodic checks** at the criterion's own rhythm when its wording names one ("elk kwartaal"
  -> 3 months, "halfjaarlijks" -> 6, "jaarlijks" -> 12); otherwise every 3 months for contracts
  of at most 24 months and every 12 months for longer ones. They are counted
  from the start date (start + 3, + 6, ... months, never cumulative, so 31 January gives 30 April
  and 31 July), and a month without that day ends on its last day (29 February 2024 + 1 year =
  28 February 2025). Only dates strictly between start and end count.
- **Einde** on the end date: final evaluation before the contract closes.

A check is overdue when its date lies before today and its status is still open.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

Frequency = Literal["kwartaal", "halfjaar", "jaar"]
STEP_MONTHS: dict[str, int] = {"kwartaal": 3, "halfjaar": 6, "jaar": 12}
LONG_CONTRACT_MONTHS = 24


class ScheduleError(ValueError):
    """Dutch message: the dates cannot form a schedule."""


@dataclass(frozen=True)
class CheckMoment:
    due: date
    kind: Literal["start", "periodiek", "einde"]
    label: str


def add_months(day: date, months: int) -> date:
    """`day` plus whole months; clamps to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (a partly begun month does not count)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


def frequency_from_text(when: str | None) -> str | None:
    """A criterion's own rhythm ("elk kwartaal", "halfjaarlijks", "jaarlijks"); None for
    moments tied to events (delivery, each event) that dates cannot predict: those get the
    default rhythm as reminders, with the criterion's wording kept next to them."""
    text = (when or "").lower()
    for word, freq in (("kwartaal", "kwartaal"), ("halfjaar", "halfjaar"), ("jaar", "jaar")):
        if word in text:
            return freq
    return None


def default_frequency(start: date, end: date) -> Frequency:
    return "kwartaal" if months_between(start, end) <= LONG_CONTRACT_MONTHS else "jaar"


def check_moments(start: date, end: date, frequency: str | None = None) -> list[CheckMoment]:
    if end <= start:
        raise ScheduleError("De einddatum moet na de begindatum liggen.")
    freq = frequency if frequency in STEP_MONTHS else default_frequency(start, end)
    step = STEP_MONTHS[freq]
    moments = [CheckMoment(start, "start", "Start: afspraken over meting en bewijs")]
    n = 1
    while (due := add_months(start, n * step)) < end:
        name = {"kwartaal": "Kwartaalcontrole", "halfjaar": "Halfjaarcontrole"}.get(
            freq, "Jaarcontrole"
        )
        moments.append(CheckMoment(due, "periodiek", f"{name} {n}"))
        n += 1
    moments.append(CheckMoment(end, "einde", "Einde: eindevaluatie"))
    return moments


def is_overdue(due: date, status: str, today: date) -> bool:
    return status == "open" and due < today
