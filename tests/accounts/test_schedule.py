"""The check-moment schedule derived from contract dates."""

from __future__ import annotations

from datetime import date

import pytest

from web.schedule import (
    ScheduleError,
    add_months,
    check_moments,
    frequency_from_text,
    is_overdue,
    months_between,
)


def dues(moments):
    return [m.due for m in moments]


def test_one_year_contract_gets_start_quarters_and_end():
    moments = check_moments(date(2026, 1, 1), date(2026, 12, 31))
    assert dues(moments) == [
        date(2026, 1, 1),
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2026, 12, 31),
    ]
    assert [m.kind for m in moments] == ["start", "periodiek", "periodiek", "periodiek", "einde"]


def test_long_contract_defaults_to_yearly_checks():
    moments = check_moments(date(2026, 3, 1), date(2030, 2, 28))
    assert dues(moments) == [
        date(2026, 3, 1),
        date(2027, 3, 1),
        date(2028, 3, 1),
        date(2029, 3, 1),
        date(2030, 2, 28),
    ]


def test_24_months_is_still_quarterly_25_is_yearly():
    assert len(check_moments(date(2026, 1, 1), date(2028, 1, 1))) == 2 + 7
    assert dues(check_moments(date(2026, 1, 1), date(2028, 2, 1)))[1] == date(2027, 1, 1)


def test_leap_day_start_clamps_to_end_of_february():
    moments = check_moments(date(2024, 2, 29), date(2029, 3, 31), "jaar")
    assert dues(moments)[1:5] == [
        date(2025, 2, 28),
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]


def test_month_end_is_counted_from_start_not_cumulatively():
    moments = check_moments(date(2026, 1, 31), date(2026, 12, 31), "kwartaal")
    assert dues(moments)[1:] == [
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2026, 10, 31),
        date(2026, 12, 31),
    ]
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)


def test_periodic_check_on_end_date_is_not_doubled():
    moments = check_moments(date(2026, 1, 1), date(2026, 7, 1), "kwartaal")
    assert dues(moments) == [date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)]
    assert moments[-1].kind == "einde"


def test_end_before_or_on_start_is_refused_in_dutch():
    with pytest.raises(ScheduleError, match="einddatum moet na de begindatum"):
        check_moments(date(2026, 5, 1), date(2026, 5, 1))
    with pytest.raises(ScheduleError):
        check_moments(date(2026, 5, 1), date(2025, 5, 1))


def test_ended_contract_has_every_open_check_overdue():
    today = date(2026, 6, 1)
    moments = check_moments(date(2024, 1, 1), date(2025, 12, 31))
    assert all(is_overdue(m.due, "open", today) for m in moments)
    assert not any(is_overdue(m.due, "in_orde", today) for m in moments)
    assert not is_overdue(date(2026, 6, 1), "open", today)  # due today is not late yet


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("elk kwartaal", "kwartaal"),
        ("elk kwartaal, jaarlijks bespreken", "kwartaal"),
        ("bij start en halfjaarlijks", "halfjaar"),
        ("nulmeting bij de start, daarna halfjaarlijks", "halfjaar"),
        ("jaarlijks en bij einde contract", "jaar"),
        ("bij levering", None),
        ("per evenement", None),
    ],
)
def test_frequency_from_criterion_wording(when, expected):
    assert frequency_from_text(when) == expected


def test_criterion_rhythm_overrides_default():
    moments = check_moments(
        date(2026, 1, 1), date(2027, 1, 1), frequency_from_text("halfjaarlijks")
    )
    assert dues(moments) == [date(2026, 1, 1), date(2026, 7, 1), date(2027, 1, 1)]


def test_months_between():
    assert months_between(date(2026, 1, 31), date(2026, 2, 28)) == 1
    assert months_between(date(2026, 1, 15), date(2026, 2, 14)) == 0
    assert months_between(date(2026, 1, 1), date(2028, 1, 1)) == 24
