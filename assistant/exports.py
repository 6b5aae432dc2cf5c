"""Exports of a verdict card: a checklist for the request for quotation and a monitoring plan.

CSV uses ';' as separator because Dutch spreadsheet software expects it.
"""

from __future__ import annotations

import csv
import io

from assistant.amounts import format_eur
from assistant.verdicts import CriterionAdvice, VerdictCard

TOPIC_LABEL = {"drempel": "Europese drempel", "procedure": "Procedure",
               "social_return": "Social return", "isv": "ISV"}  # fmt: skip
TYPE_LABEL = {"eis": "Eis", "gunningscriterium": "Gunningscriterium",
              "contractbepaling": "Contractbepaling"}  # fmt: skip


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _ordered(card: VerdictCard) -> list[CriterionAdvice]:
    return sorted(card.criteria, key=lambda c: not c.recommended)


def _summary(card: VerdictCard) -> list[str]:
    value = (
        format_eur(card.contract_value_eur) if card.contract_value_eur is not None else "onbekend"
    )
    lines = [
        f"- Opdrachtwaarde (excl. btw, hele looptijd): {value}",
        f"- Organisatieprofiel: {card.organisation_label}",
        f"- Peildatum: {card.reference_date:%d-%m-%Y}",
    ]
    if card.product_group_name:
        lines.append(f"- Productgroep: {card.product_group_name}")
    for v in card.verdicts:
        label = " (beleid, geen wet)" if v.policy_not_law else ""
        lines.append(f"- {TOPIC_LABEL[v.topic]}{label}: {_cell(v.text)} [{v.rule_id}]")
    return lines


def checklist_markdown(card: VerdictCard) -> str:
    """Checklist to paste into a request for quotation (offerteaanvraag)."""
    out = ["# Checklist offerteaanvraag", "", "## Uitkomst Opdrachtcheck", "", *_summary(card), ""]
    if card.assumptions or card.questions:
        out += ["## Aannames en open vragen", ""]
        out += [f"- Aanname: {_cell(a)}" for a in card.assumptions]
        out += [f"- Vraag: {_cell(q)}" for q in card.questions]
        out += [f"- Open punt: {_cell(o)}" for o in card.open_points]
        out.append("")
    out += ["## Duurzaamheidscriteria (MVI)", ""]
    if not card.criteria:
        out.append("Geen productgroep herkend: kies criteria in de MVI-criteriatool "
                   "(https://www.mvicriteria.nl).")  # fmt: skip
        return "\n".join(out) + "\n"
    out += ["| Nr | Niveau | Aanbevolen | Soort | Criterium | Bewijs | Status |",
            "|---|---|---|---|---|---|---|"]  # fmt: skip
    for i, c in enumerate(_ordered(card), 1):
        out.append(
            f"| {i} | {c.level} | {'ja' if c.recommended else 'optie'} | {TYPE_LABEL[c.type]} | "
            f"{_cell(c.text)} | {_cell(c.evidence)} | {_cell(c.status)} |"
        )
    out += ["", f"Controleer de criteria met status 'controleer in de MVI-criteriatool' op "
            f"{card.criteria[0].tool_url} voordat u ze gebruikt."]  # fmt: skip
    return "\n".join(out) + "\n"


def checklist_csv(card: VerdictCard) -> str:
    header = ["nr", "niveau", "aanbevolen", "soort", "criterium", "bewijs", "status", "bron",
              "criterium_id"]  # fmt: skip
    rows = [
        [str(i), c.level, "ja" if c.recommended else "optie", TYPE_LABEL[c.type], c.text,
         c.evidence, c.status, c.sources[0].title if c.sources else "", c.id]
        for i, c in enumerate(_ordered(card), 1)
    ]  # fmt: skip
    return _csv(header, rows)


def _monitoring_rows(card: VerdictCard) -> list[list[str]]:
    rows = [
        [c.id, TYPE_LABEL[c.type], c.text, c.kpi, c.evidence, c.when, "contractmanager"]
        for c in card.criteria
        if c.recommended
    ]
    sroi = next((v for v in card.verdicts if v.topic == "social_return"), None)
    if sroi and sroi.status == "van_toepassing":
        rows.append([sroi.rule_id, "Contractbepaling", "Social return volgens contract",
                     "besteed bedrag en ingezette kandidaten ten opzichte van de afspraak",
                     "social-returnrapportage van de opdrachtnemer", "halfjaarlijks",
                     "contractmanager"])  # fmt: skip
    isv = next((v for v in card.verdicts if v.topic == "isv"), None)
    if isv and isv.status == "verplicht":
        rows.append([isv.rule_id, "Contractbepaling", "Internationale Sociale Voorwaarden",
                     "risicoanalyse en voortgang van het plan van aanpak",
                     "due-diligencerapportage van de leverancier", "jaarlijks",
                     "contractmanager"])  # fmt: skip
    return rows


def monitoring_plan_markdown(card: VerdictCard) -> str:
    """What the contract manager checks, with which evidence and when."""
    group = card.product_group_name or "onbekende productgroep"
    out = ["# Monitoringsplan", "", f"Productgroep: {group}. Niveau: {card.recommended_level}.", ""]
    rows = _monitoring_rows(card)
    if not rows:
        out.append("Nog geen afspraken om te monitoren: kies eerst criteria.")
        return "\n".join(out) + "\n"
    out += ["| Afspraak | Soort | KPI | Bewijs | Wanneer | Wie |", "|---|---|---|---|---|---|"]
    for rid, kind, text, kpi, evidence, when, who in rows:
        out.append(f"| {_cell(text)} ({rid}) | {kind} | {_cell(kpi)} | {_cell(evidence)} | "
                   f"{_cell(when)} | {who} |")  # fmt: skip
    out += ["", "De KPI's zijn voorstellen; leg ze vast in het contract en plan de momenten in."]
    return "\n".join(out) + "\n"


def monitoring_plan_csv(card: VerdictCard) -> str:
    header = ["afspraak_id", "soort", "afspraak", "kpi", "bewijs", "wanneer", "wie"]
    return _csv(header, _monitoring_rows(card))
