"""Turns the rules engine's verdict card into the answer text, written by code only.

Every amount, percentage and date in this text comes from the card (computed by assistant.rules);
no model is involved. Each verdict cites the sources the rule itself names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.answer_models import Citation

_TOPIC_LABELS = {
    "drempel": "Drempel",
    "procedure": "Procedure",
    "social_return": "Social return",
    "isv": "Internationale sociale voorwaarden",
}


def euro(amount: float | int | None) -> str:
    """€ 60.000 (Dutch thousands separator, no cents unless needed)."""
    if amount is None:
        return "onbekend"
    if float(amount).is_integer():
        return "€ " + f"{int(amount):,}".replace(",", ".")
    return "€ " + f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


@dataclass
class CardText:
    lines: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    _numbers: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def cite(self, ref: dict[str, Any]) -> int:
        key = (str(ref.get("source") or ""), str(ref.get("section") or ""), str(ref.get("title")))
        n = self._numbers.get(key)
        if n is None:
            n = len(self.citations) + 1
            self._numbers[key] = n
            self.citations.append(
                Citation(
                    n=n,
                    source=key[0] or str(ref.get("url") or ""),
                    title=str(ref.get("title") or key[0]),
                    section=key[1],
                    quote=str(ref.get("quote") or ""),
                )
            )
        return n


def _verdict_line(v: dict[str, Any], text: CardText) -> str:
    label = _TOPIC_LABELS.get(str(v.get("topic")), str(v.get("topic", "")).capitalize())
    marks = "".join(f"[{text.cite(ref)}]" for ref in v.get("sources") or [])
    notes = []
    if v.get("policy_not_law"):
        notes.append("beleid, geen wet")
    if v.get("verified") is False:
        notes.append("nog niet geverifieerd")
    note = f" ({'; '.join(notes)})" if notes else ""
    return f"- **{label}**: {str(v.get('text', '')).strip()}{note} {marks}".rstrip()


def _criterion_label(c: dict[str, Any]) -> str:
    for key in ("title", "name", "criterion", "text", "product_group"):
        if c.get(key):
            return str(c[key])
    return ""


def _role_section(card: dict[str, Any], role: str, text: CardText) -> list[str]:
    criteria = [c for c in card.get("criteria") or [] if isinstance(c, dict)]
    out: list[str] = []
    if role == "contract_manager":
        out.append("**Voor het contractmanagement**")
        for c in criteria:
            kpis = c.get("kpis") or c.get("monitoring") or []
            evidence = c.get("evidence") or []
            for k in kpis:
                label = k.get("kpi") or k.get("name") or k.get("text") if isinstance(k, dict) else k
                ev = k.get("evidence") if isinstance(k, dict) else None
                out.append(f"- KPI: {label}" + (f" — bewijs: {ev}" if ev else ""))
            for e in evidence:
                out.append(f"- Bewijs: {e}")
        if len(out) == 1:
            out.append(
                "- Leg in het contract vast welke rapportage de leverancier aanlevert en "
                "wanneer; de monitoringregels hierboven geven de onderwerpen."
            )
    elif role == "legal":
        out.append("**Juridische basis**")
        for v in card.get("verdicts") or []:
            kind = "beleid (geen wet)" if v.get("policy_not_law") else "regel"
            valid = ""
            if v.get("valid_from") or v.get("valid_to"):
                valid = f", geldig {v.get('valid_from') or '…'} t/m {v.get('valid_to') or '…'}"
            refs = "".join(f"[{text.cite(r)}]" for r in v.get("sources") or [])
            out.append(f"- {v.get('rule_id', '?')}: {kind}{valid} {refs}".rstrip())
    else:
        out.append("**Voor de uitvraag**")
        for c in criteria:
            label = _criterion_label(c)
            if not label:
                continue
            level = c.get("level") or c.get("ambition")
            refs = [r for r in c.get("sources") or [] if isinstance(r, dict)]
            marks = "".join(f"[{text.cite(r)}]" for r in refs)
            line = f"- {label}" + (f" (niveau: {level})" if level else "")
            out.append(f"{line} {marks}".rstrip())
        for q in card.get("questions") or []:
            out.append(f"- Vraag om te beantwoorden: {q}")
        if len(out) == 1:
            out.append("- Neem de uitkomsten hierboven op in je inkoopdossier en uitvraag.")
    return out


def render_card(card: dict[str, Any], role: str = "buyer") -> CardText:
    text = CardText()
    value = card.get("contract_value_eur")
    head = "**Opdrachtcheck**"
    if value is not None:
        head += f" — geraamde opdrachtwaarde {euro(value)} (excl. btw, berekend door de regels)"
    text.lines.append(head)
    for v in card.get("verdicts") or []:
        text.lines.append(_verdict_line(v, text))
    assumptions = card.get("assumptions") or []
    if assumptions:
        text.lines.append("**Aannames**")
        text.lines.extend(f"- {a}" for a in assumptions)
    text.lines.extend(_role_section(card, role, text))
    return text
