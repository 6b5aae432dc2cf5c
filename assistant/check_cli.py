"""`inkoop check "..."`: the Opdrachtcheck on the command line (registered in web/cli.py)."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from assistant import exports
from assistant.amounts import format_eur
from assistant.opdrachtcheck import check_text
from assistant.verdicts import VerdictCard

STATUS_LABEL = {
    "onder_drempel": "onder de drempel", "boven_drempel": "boven de drempel",
    "onbekend": "onbekend", "advies": "advies", "europees": "Europese procedure",
    "beleid_onbekend": "zie eigen beleid", "van_toepassing": "van toepassing",
    "niet_van_toepassing": "niet van toepassing", "verplicht": "verplicht",
    "aanbevolen": "aanbevolen", "niet_relevant": "niet relevant",
}  # fmt: skip
TOPIC_LABEL = exports.TOPIC_LABEL


class Output(StrEnum):
    tekst = "tekst"
    json = "json"
    checklist = "checklist"
    checklist_csv = "checklist-csv"
    monitoring = "monitoring"
    monitoring_csv = "monitoring-csv"


class Organisatie(StrEnum):
    rijk = "rijk"
    gemeente = "gemeente"
    eigen = "eigen"


def render_text(card: VerdictCard) -> str:
    value = "onbekend" if card.contract_value_eur is None else format_eur(card.contract_value_eur)
    lines = [f"Opdrachtcheck ({card.organisation_label}, peildatum {card.reference_date:%d-%m-%Y})",
             f"Opdrachtwaarde: {value}"]  # fmt: skip
    if card.product_group_name:
        lines.append(f"Productgroep: {card.product_group_name}")
    for v in card.verdicts:
        policy = " (beleid, geen wet)" if v.policy_not_law else ""
        cite = "; ".join(dict.fromkeys(f"{s.source} § {s.section}" for s in v.sources[:2]))
        lines += [f"\n{TOPIC_LABEL[v.topic]}: {STATUS_LABEL.get(v.status, v.status)}{policy}",
                  f"  {v.text}", f"  Regel {v.rule_id}. Bron: {cite}"]  # fmt: skip
    if card.criteria:
        lines.append(f"\nMVI-criteria (aanbevolen niveau: {card.recommended_level}):")
        for c in card.criteria:
            mark = "*" if c.recommended else "-"
            lines += [f"  {mark} [{c.level}, {c.type}] {c.text}", f"      {c.monitoring}",
                      f"      Status: {c.status}"]  # fmt: skip
    lines += [f"\nAanname: {a}" for a in card.assumptions]
    lines += [f"Open punt: {o}" for o in card.open_points]
    lines += [f"Vraag: {q}" for q in card.questions]
    return "\n".join(lines)


def check_command(
    beschrijving: Annotated[
        str, typer.Argument(help="De opdracht in één zin, bijv. '60.000 euro catering, gemeente'.")
    ],
    datum: Annotated[
        str | None, typer.Option("--datum", help="Peildatum JJJJ-MM-DD (standaard: vandaag).")
    ] = None,
    organisatie: Annotated[
        Organisatie | None, typer.Option("--organisatie", help="rijk, gemeente of eigen.")
    ] = None,
    uitvoer: Annotated[Output, typer.Option("--uitvoer", help="Vorm van de uitvoer.")] = (
        Output.tekst
    ),
) -> None:
    """Opdrachtcheck: drempel, procedure, social return, ISV en MVI-criteria voor een opdracht."""
    on = None
    if datum:
        try:
            on = date.fromisoformat(datum)
        except ValueError as exc:
            raise typer.BadParameter("gebruik de vorm JJJJ-MM-DD, bijv. 2026-03-01",
                                     param_hint="--datum") from exc  # fmt: skip
    if not beschrijving.strip():
        raise typer.BadParameter("beschrijf de opdracht in een zin", param_hint="BESCHRIJVING")
    card = check_text(beschrijving, on, organisation=organisatie.value if organisatie else None)
    render = {
        Output.tekst: render_text,
        Output.json: lambda c: json.dumps(c.model_dump(mode="json"), ensure_ascii=False, indent=2),
        Output.checklist: exports.checklist_markdown,
        Output.checklist_csv: exports.checklist_csv,
        Output.monitoring: exports.monitoring_plan_markdown,
        Output.monitoring_csv: exports.monitoring_plan_csv,
    }[uitvoer]
    typer.echo(render(card))
