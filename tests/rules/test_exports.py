"""Checklist and monitoring plan exports (Markdown + CSV)."""

from __future__ import annotations

import csv
import io

from assistant import exports


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_checklist_lists_every_criterion_recommended_first(card):
    c = card(amount_eur=60_000, kind="dienst", product_group="catering")
    md = exports.checklist_markdown(c)
    assert md.count("\n| ") == len(c.criteria) + 1  # header + one row per criterion
    rows = _rows(exports.checklist_csv(c))
    assert rows[0][:4] == ["nr", "niveau", "aanbevolen", "soort"]
    assert len(rows) == len(c.criteria) + 1
    assert rows[1][2] == "ja" and {r[2] for r in rows[2:]} == {"optie"}
    assert {r[-1] for r in rows[1:]} == {a.id for a in c.criteria}
    assert "€ 60.000" in md and "[EU-THR-2026-2027]" in md


def test_checklist_carries_assumptions_and_questions(card):
    c = card(amount_eur=400_000, kind="dienst", product_group="cleaning", duration_months=12)
    md = exports.checklist_markdown(c)
    assert "Vraag:" in md and "loonsom" in md


def test_monitoring_plan_has_recommended_criteria_and_sroi(card):
    c = card(amount_eur=900_000, kind="dienst", product_group="security", organisation="rijk",
             loonsom_eur=400_000, duration_months=24)  # fmt: skip
    rows = _rows(exports.monitoring_plan_csv(c))
    ids = [r[0] for r in rows[1:]]
    assert "SROI-RIJK" in ids
    assert all(i in ids for i in (a.id for a in c.criteria if a.recommended))
    md = exports.monitoring_plan_markdown(c)
    assert "SROI-RIJK" in md and "contractmanager" in md


def test_monitoring_plan_includes_mandatory_isv(card):
    c = card(amount_eur=900_000, kind="levering", product_group="workwear", organisation="rijk")
    assert "ISV-RIJK-VERPLICHT" in exports.monitoring_plan_csv(c)


def test_exports_without_group(card):
    c = card(amount_eur=60_000, kind="dienst")
    assert "mvicriteria.nl" in exports.checklist_markdown(c)
    assert "Nog geen afspraken" in exports.monitoring_plan_markdown(c)
    assert len(_rows(exports.monitoring_plan_csv(c))) == 1


def test_pipes_in_text_do_not_break_the_table(card):
    c = card(amount_eur=60_000, kind="dienst", product_group="catering")
    c.criteria[0].text = "a | b"
    assert "a \\| b" in exports.checklist_markdown(c)
