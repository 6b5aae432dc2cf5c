"""Dutch purchase description -> ContractProfile, with the assumptions made and the questions left.

Rule of thumb: extract what is said, never invent what is not; where the text allows two
readings, ask (questions) instead of picking one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from pydantic import BaseModel

from assistant.amounts import AmountMatch, find_amounts, find_durations, format_eur, format_months
from assistant.contract_profile import ContractProfile, Kind, Organisation
from assistant.dutch import MONTHS_NL
from assistant.product_groups import match_group

__all__ = ["ContractProfile", "ProfileParse", "parse_profile"]


class ProfileParse(BaseModel):
    profile: ContractProfile
    assumptions: list[str] = []
    questions: list[str] = []
    is_purchase: bool = False


_YEARLY = re.compile(
    r"^\s*(?:euro|eur|,-)?\s*(?:excl\.?\s*btw|exclusief btw|ex\.? btw)?\s*"
    r"(per jaar|per jr|/\s*jaar|/\s*jr|p/?j\b|p\.j\.|jaarlijks|op jaarbasis)",
    re.IGNORECASE,
)
_MONTHLY = re.compile(
    r"^\s*(?:euro|eur|,-)?\s*(?:excl\.?\s*btw)?\s*(per maand|/\s*maand|p/?m\b|"
    r"maandelijks)",
    re.IGNORECASE,
)
_YEARLY_BEFORE = re.compile(
    r"(jaarlijks|per jaar)\s*(?:een bedrag van|ongeveer|circa|ca\.?|"
    r"zo'?n)?\s*$",
    re.IGNORECASE,
)
_TOTAL = re.compile(
    r"\b(in totaal|totaal|totale|hele looptijd|gehele looptijd|over de looptijd)", re.IGNORECASE
)
_BASIS_ONLY_YEAR = re.compile(r"\b(per jaar|jaarlijks|jaarbedrag|op jaarbasis)\b", re.I)
_BASIS_ONLY_TOTAL = re.compile(r"\b(totaalbedrag|in totaal|voor de hele looptijd)\b", re.I)
# A price per piece/hour/person is not the contract value ("€ 1.000 per stuk").
_UNIT_PRICE = re.compile(
    r"^\s*(?:euro|eur|,-)?\s*(?:excl\.?\s*btw)?\s*(per|/|p/)\s*(stuk|st\b|uur|persoon|"
    r"couvert|maaltijd|rit|deelnemer|medewerker|m2|m²|kilometer|km|dag)",
    re.IGNORECASE,
)
_LOONSOM = re.compile(r"\b(loonsom|loonkosten)\b", re.IGNORECASE)
_VAT_INCL = re.compile(r"\b(incl\.?|inclusief|inc\.?)\s*(de\s+)?btw\b", re.IGNORECASE)
_OPTION_WORD = re.compile(r"\b(optie|opties|verlengen|verlenging|verlengbaar)", re.IGNORECASE)
_KINDS: dict[Kind, re.Pattern[str]] = {
    "werk": re.compile(
        r"\b(bouwwerk|bouwopdracht|aanneming van werk|(een|als|betreft|het is)\s+"
        r"(een\s+)?werk|opdracht voor een werk|werken \(bouw\))\b"
        # the kind named on its own: "onderhoud van een gebouw (werk)", "schilderwerk, werk"
        r"|\(\s*werk\s*\)|[,;:]\s*werk\b",
        re.IGNORECASE,
    ),
    "levering": re.compile(
        r"\b(levering|leveringen|leveren|aanschaf|aanschaffen|aankoop|kopen)\b", re.IGNORECASE
    ),
    "dienst": re.compile(r"\b(dienst|diensten|dienstverlening|inhuur|inhuren)\b", re.IGNORECASE),
}
_ORGS: dict[str, re.Pattern[str]] = {
    "rijk": re.compile(
        r"\b(rijk|rijksoverheid|ministerie|departement|rijksdienst|rijks\w+)\b", re.IGNORECASE
    ),
    "gemeente": re.compile(r"\b(gemeente\w*|gemeentelijke?)\b", re.IGNORECASE),
    "decentraal": re.compile(
        r"\b(provincie\w*|waterschap\w*|decentrale overheid)\b", re.IGNORECASE
    ),
    "eigen": re.compile(r"\beigen (inkoop)?beleid\b", re.IGNORECASE),
}
_PURCHASE = re.compile(
    r"\b(inkopen|inkoop|aanbested\w*|offerte\w*|opdracht\w*|contract\w*|"
    r"inhuren|aanschaffen|bestellen|kopen|uitbesteden)\b",
    re.IGNORECASE,
)

_DATE_CUE = r"(?:start\w*|begin\w*|publicatie|publiceren|peildatum|datum|aankondiging|per|op|vanaf)"
_DATE_RES = [
    re.compile(rf"\b{_DATE_CUE}\s+(?:\w+\s+)?(\d{{4}})-(\d{{2}})-(\d{{2}})\b", re.IGNORECASE),
    re.compile(rf"\b{_DATE_CUE}\s+(?:\w+\s+)?(\d{{1,2}})[-/](\d{{1,2}})[-/](\d{{4}})\b", re.I),
    re.compile(
        rf"\b{_DATE_CUE}\s+(?:\w+\s+)?(\d{{1,2}})\s+({'|'.join(MONTHS_NL)})\s+(\d{{4}})\b",
        re.IGNORECASE,
    ),
]


def _parse_date(text: str) -> date | None:
    for i, pattern in enumerate(_DATE_RES):
        m = pattern.search(text)
        if not m:
            continue
        a, b, c = m.groups()
        try:
            if i == 0:
                return date(int(a), int(b), int(c))
            month = int(b) if i == 1 else MONTHS_NL.index(b.lower()) + 1
            return date(int(c), month, int(a))
        except ValueError:
            return None
    return None


def _basis(text: str, amount: AmountMatch) -> str | None:
    after, before = (
        text[amount.end : amount.end + 40],
        text[max(0, amount.start - 30) : amount.start],
    )
    if _MONTHLY.match(after):
        return "per_maand"
    if _YEARLY.match(after) or _YEARLY_BEFORE.search(before):
        return "per_jaar"
    if _TOTAL.search(before[-20:]) or re.match(r"\s*(?:euro|eur)?\s*(in )?totaal", after):
        return "totaal"
    return None


def _split_loonsom(text: str, amounts: list[AmountMatch]) -> tuple[AmountMatch | None, list]:
    """The amount right after (or just before) the word 'loonsom' is the wage bill."""
    cue = _LOONSOM.search(text)
    if not cue:
        return None, amounts
    after = [a for a in amounts if 0 <= a.start - cue.end() <= 40]
    before = [a for a in amounts if 0 <= cue.start() - a.end <= 15]
    chosen = after[0] if after else (before[-1] if before else None)
    return chosen, [a for a in amounts if a is not chosen]


def _choose_amount(text: str, amounts: list[AmountMatch], out: ProfileParse) -> None:
    profile = out.profile
    bases = [_basis(text, a) for a in amounts]
    distinct = {a.value for a in amounts}
    if len(distinct) == 1:
        amount, basis = amounts[0], next((b for b in bases if b), None)
    elif "totaal" in bases and len([b for b in bases if b == "totaal"]) == 1:
        amount, basis = amounts[bases.index("totaal")], "totaal"
        out.assumptions.append(f"U noemt meerdere bedragen; ik gebruik het totaal {amount.text}.")
    else:
        listed = ", ".join(a.text for a in amounts)
        out.questions.append(
            f"Ik zie meerdere bedragen ({listed}). Welk bedrag is de geschatte "
            "waarde van de opdracht, exclusief btw?"
        )
        return
    value = amount.value
    if amount.note:
        out.assumptions.append(amount.note + ".")
    if basis == "per_maand":
        value, basis = value * 12, "per_jaar"
        out.assumptions.append(f"{amount.text} per maand is {format_eur(value)} per jaar.")
    profile.amount_eur, profile.amount_basis = value, basis  # type: ignore[assignment]


def _kind(text: str, group_kind: Kind | None, group_name: str | None, out: ProfileParse) -> None:
    explicit = [k for k, pattern in _KINDS.items() if pattern.search(text)]
    if len(explicit) == 1:
        out.profile.kind = explicit[0]
    elif group_kind and (not explicit or group_kind in explicit):
        out.profile.kind = group_kind
        out.assumptions.append(
            f"Productgroep '{group_name}': ik behandel de opdracht als "
            f"{_KIND_LABEL[group_kind]}. Klopt dat niet? Noem dan 'werk', "
            "'levering' of 'dienst'."
        )
    elif explicit:
        out.questions.append(
            "Gaat het vooral om een werk, een levering of een dienst? Bij een "
            "gemengde opdracht telt het belangrijkste deel."
        )


_KIND_LABEL = {"werk": "een werk", "levering": "een levering", "dienst": "een dienst"}


def _organisation(text: str, out: ProfileParse) -> None:
    hits = {name for name, pattern in _ORGS.items() if pattern.search(text)}
    if "eigen" in hits:
        out.profile.organisation = "eigen"
        return
    if "decentraal" in hits:
        hits = (hits - {"decentraal"}) | {"gemeente"}
        if "rijk" not in hits:
            out.assumptions.append(
                "Provincie of waterschap: ik gebruik de regels voor "
                "decentrale overheden (profiel gemeente)."
            )
    if len(hits) == 1:
        org: Organisation = hits.pop()  # type: ignore[assignment]
        out.profile.organisation = org
    elif len(hits) > 1:
        out.questions.append(
            "Koopt u in voor het Rijk of voor een gemeente (of andere "
            "decentrale overheid)? De drempel en het beleid verschillen."
        )


def _join_years_and_months(text: str, durations: list) -> list:
    """'2 jaar en 3 maanden' is one duration of 27 months, not two conflicting ones."""
    out: list = []
    for d in durations:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not d.is_option
            and not prev.is_option
            and re.search(r"jaar|jaren|jr", prev.text, re.I)
            and re.search(r"maand|mnd", d.text, re.I)
            and re.fullmatch(r"\s*(en|,)?\s*", text[prev.end : d.start])
        ):
            out[-1] = replace(prev, months=prev.months + d.months, end=d.end)
        else:
            out.append(d)
    return out


def _duration(text: str, out: ProfileParse) -> None:
    durations = _join_years_and_months(text, find_durations(text))
    base = {d.months for d in durations if not d.is_option}
    options = [d for d in durations if d.is_option]
    if len(base) > 1:
        out.questions.append(
            "Ik zie verschillende looptijden. Hoe lang loopt het contract, "
            "inclusief opties en verlengingen?"
        )
        return
    if not base and not options:
        return
    total = (base.pop() if base else 0) + sum(d.months for d in options)
    out.profile.duration_months = total
    if options:
        out.assumptions.append(
            f"Looptijd inclusief opties en verlengingen: {format_months(total)}."
        )
    elif _OPTION_WORD.search(text):
        out.questions.append(
            "U noemt opties of verlengingen. Hoe lang zijn die? Ze tellen mee in de opdrachtwaarde."
        )


def parse_profile(text: str) -> ProfileParse:
    """Read one Dutch purchase description. Never raises on odd text: it asks instead."""
    out = ProfileParse(profile=ContractProfile())
    text = " ".join((text or "").split())
    loonsom, amounts = _split_loonsom(text, find_amounts(text))
    if loonsom is not None:
        out.profile.loonsom_eur = loonsom.value
    unit_prices = [a for a in amounts if _UNIT_PRICE.match(text[a.end : a.end + 30])]
    amounts = [a for a in amounts if a not in unit_prices]
    if unit_prices and not amounts:
        out.questions.append(
            f"U noemt een prijs per eenheid ({unit_prices[0].text}). Wat is de geschatte totale "
            "waarde van de opdracht over de hele looptijd, exclusief btw?"
        )
    if amounts:
        _choose_amount(text, amounts, out)
    elif _BASIS_ONLY_YEAR.search(text):  # follow-up such as "het is per jaar"
        out.profile.amount_basis = "per_jaar"
    elif _BASIS_ONLY_TOTAL.search(text):
        out.profile.amount_basis = "totaal"
    if _VAT_INCL.search(text) and out.profile.amount_eur is not None:
        out.questions.append(
            "Het bedrag is inclusief btw, maar drempels gelden exclusief btw. "
            "Wat is het bedrag exclusief btw? Tot dan reken ik met het genoemde "
            "bedrag (voorzichtig: dat is hoger)."
        )
    _duration(text, out)
    group = match_group(text)
    if group.question:
        out.questions.append(group.question)
    out.profile.product_group = group.group_id
    _kind(text, group.default_kind, group.name, out)
    _organisation(text, out)
    out.profile.reference_date = _parse_date(text)
    if out.profile.reference_date:
        out.assumptions.append(
            "Ik toets aan de drempel die geldt op "
            f"{out.profile.reference_date:%d-%m-%Y} (start van de procedure)."
        )
    out.is_purchase = bool(
        amounts
        or loonsom
        or group.group_id
        or group.question
        or out.profile.kind
        or _PURCHASE.search(text)
    )
    return out
