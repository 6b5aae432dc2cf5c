"""Turns the rules engine's verdict card into the answer text, written by code only.

Every amount, percentage and date in this text comes from the card (computed by assistant.rules);
no model is involved. Each verdict cites the sources the rule itself names."""

from __future__ import annotations

import re
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

    def markdown(self) -> str:
        """The lines as Markdown. A section label ("**Aannames**") gets a blank line before it:
        right after a list item it would otherwise be read as part of that item."""
        out: list[str] = []
        for line in self.lines:
            if out and line.startswith("**"):
                out.append("")
            out.append(line)
        return "\n".join(out)

    def cite(self, ref: dict[str, Any]) -> int:
        # One number per section of an ingested rules/criteria document: that is what opens.
        key = (str(ref.get("source") or ""), str(ref.get("section") or ""), "")
        n = self._numbers.get(key)
        if n is None:
            n = len(self.citations) + 1
            self._numbers[key] = n
            self.citations.append(
                Citation(
                    n=n,
                    source=key[0] or str(ref.get("url") or ""),
                    title=str(ref.get("title") or key[0]),  # the first external source named
                    section=key[1],
                    quote=str(ref.get("quote") or ""),
                )
            )
        return n


def _verdict_line(v: dict[str, Any], text: CardText) -> str:
    label = _TOPIC_LABELS.get(str(v.get("topic")), str(v.get("topic", "")).capitalize())
    marks = _marks(v, text)
    notes = []
    if v.get("policy_not_law"):
        notes.append("beleid, geen wet")
    if v.get("verified") is False:
        notes.append("nog niet geverifieerd")
    note = f" ({'; '.join(notes)})" if notes else ""
    return f"- **{label}**: {str(v.get('text', '')).strip()}{note} {marks}".rstrip()


def _picked_criteria(card: dict[str, Any]) -> list[dict[str, Any]]:
    criteria = [c for c in card.get("criteria") or [] if isinstance(c, dict)]
    recommended = [c for c in criteria if c.get("recommended")]
    return (recommended or criteria)[:4]


def _marks(item: dict[str, Any], text: CardText) -> str:
    numbers = [text.cite(r) for r in item.get("sources") or [] if isinstance(r, dict)]
    return "".join(f"[{n}]" for n in dict.fromkeys(numbers))


def _role_section(card: dict[str, Any], role: str, text: CardText) -> list[str]:
    criteria = _picked_criteria(card)
    group = card.get("product_group_name")
    if role == "contract_manager":
        out = ["**Voor het contractmanagement**" + (f" ({group})" if group else "")]
        for c in criteria:
            if not c.get("kpi"):
                continue
            parts = [f"- KPI: {c['kpi']}"]
            if c.get("evidence"):
                parts.append(f"bewijs: {c['evidence']}")
            if c.get("when"):
                parts.append(f"wanneer: {c['when']}")
            out.append(f"{' — '.join(parts)} (voorstel) {_marks(c, text)}".rstrip())
        if len(out) == 1:
            out.append(
                "- Leg in het contract vast welke rapportage de leverancier aanlevert en "
                "wanneer; de uitkomsten hierboven geven de onderwerpen."
            )
        return out
    if role == "legal":
        out = ["**Juridische basis**"]
        for v in card.get("verdicts") or []:
            kind = "beleid (geen wet)" if v.get("policy_not_law") else "regel"
            valid = ""
            if v.get("valid_from") or v.get("valid_to"):
                valid = f", geldig {v.get('valid_from') or '…'} t/m {v.get('valid_to') or '…'}"
            out.append(f"- {v.get('rule_id', '?')}: {kind}{valid} {_marks(v, text)}".rstrip())
        return out
    out = ["**Voor de uitvraag**" + (f" ({group})" if group else "")]
    for c in criteria:
        label = f"{c.get('type', 'criterium')}, niveau {c.get('level', '?')}"
        out.append(f"- {c.get('text', '')} ({label}) {_marks(c, text)}".rstrip())
    for q in card.get("questions") or []:
        out.append(f"- Nog te beantwoorden: {q}")
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


def locate(citations: list[Citation], index: Any) -> None:
    """Point each rule citation at its section in the cleaned source, so it opens there.

    The rules name a document and a section heading; the heading is looked up in the cleaned
    text the index keeps. Citations whose section is a free-text locator stay unlocated."""
    if index is None:
        return
    texts: dict[str, str | None] = {}
    for c in citations:
        if c.source not in texts:
            try:
                cleaned = index.get_cleaned(c.source)
            except Exception:  # a missing or unreadable source leaves the citation as it is
                cleaned = None
            texts[c.source] = cleaned.text if cleaned is not None else None
        text = texts[c.source]
        if not text or not c.section:
            continue
        match = re.search(rf"^#+\s*\**{re.escape(c.section)}\**\s*$", text, re.M)
        if match is None:
            continue
        following = text.find("\n#", match.end())
        end = following if following != -1 else len(text)
        c.start, c.end = match.start(), end
        if not c.quote:
            c.quote = " ".join(text[match.end() : end].split())[:600]
