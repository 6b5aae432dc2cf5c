"""Render rules, criteria and legal notes as Dutch Markdown documents for ingestion.

Each document has a stable name and one "## " heading per rule, so a verdict can cite
(document name, section heading) and the app opens exactly that passage. The section helpers
below are the single place where headings are built: assistant.rules uses the same helpers.
"""

from __future__ import annotations

import os
from pathlib import Path

from knowledge.loader import Knowledge, get_knowledge
from knowledge.models import OrganisationProfile, ProductGroup, Source, ThresholdSet

DOC_THRESHOLDS = "regels-drempelwaarden.md"
DOC_PROCEDURES = "regels-procedures.md"
DOC_OWN_POLICY = "regels-eigen-beleid.md"
DOC_SROI = "regels-social-return.md"
DOC_ISV = "regels-isv.md"
DOC_LEGAL = "juridische-notities.md"
PUBLISHER = "Inkoopassistent (samengesteld uit de genoemde bronnen)"
LEVEL_LABEL = {
    "basis": "basisniveau",
    "significant": "significant niveau",
    "ambitieus": "ambitieus niveau",
}
POLICY_LABEL = "Beleid, geen wet."


def eur(value: float) -> str:
    return "€ " + f"{int(value):,}".replace(",", ".")


def criteria_doc(group_id: str) -> str:
    return f"criteria-{group_id.replace('_', '-')}.md"


def section(rule_id: str, title: str) -> str:
    """Heading text of a rule's section: the title plus the rule id, so both can be found."""
    return f"{title} ({rule_id})"


def level_section(group: ProductGroup, level: str) -> str:
    return f"{group.name}: {LEVEL_LABEL[level]}"


def profile_section(profile: OrganisationProfile) -> str:
    return section(f"PROFIEL-{profile.id.upper()}", f"Procedures onder de drempel: {profile.name}")


def _sources(sources: list[Source]) -> str:
    lines = []
    for s in sources:
        where = f", {s.locator}" if s.locator else ""
        link = f" ({s.url})" if s.url else ""
        flag = "" if s.verified else " Niet geverifieerd."
        lines.append(f"- Bron: {s.title}{where}{link}.{flag}")
    return "\n".join(lines)


def _threshold_block(t: ThresholdSet) -> str:
    body = (
        f"Geldig van {t.valid_from:%d-%m-%Y} tot en met {t.valid_to:%d-%m-%Y}. "
        f"Rechtsgrond: {t.legal_basis}. Bedragen exclusief btw, over de hele looptijd.\n"
        f"- Werken (alle aanbestedende diensten): {eur(t.works)}.\n"
        f"- Leveringen en diensten, centrale overheid (Rijk): {eur(t.supplies_services_central)}.\n"
        "- Leveringen en diensten, decentrale overheden (gemeenten, provincies, waterschappen): "
        f"{eur(t.supplies_services_sub_central)}.\n"
        "- Sociale en andere specifieke diensten (bijlage XIV): "
        f"{eur(t.social_services_annex_xiv)}.\n"
        f"- Kwaliteit van de bron: {t.source_quality}.\n"
    )
    notes = "".join(f"- {n}\n" for n in t.notes)
    return f"## {section(t.id, t.title)}\n\n{body}{notes}{_sources(t.sources)}\n"


def _thresholds_doc(k: Knowledge) -> str:
    parts = [
        "# Europese drempelwaarden voor aanbesteden\n",
        "Boven deze bedragen is een Europese aanbesteding verplicht. De Europese Commissie "
        "past ze elke twee jaar aan per 1 januari van een even jaar.\n",
    ]
    parts += [_threshold_block(t) for t in k.thresholds.thresholds]
    for p in k.thresholds.open_points:
        link = f"\n- Controleer: {p.url}." if p.url else ""
        parts.append(f"## {section(p.id, p.title)}\n\n{p.text} Niet geverifieerd.{link}\n")
    old = "; ".join(
        f"{o.period}: werken {eur(o.works)}, centraal {eur(o.central)}, "
        f"decentraal {eur(o.sub_central)}"
        for o in k.thresholds.outdated_values
    )
    parts.append(f"## Verouderde drempelwaarden (herkennen, niet gebruiken)\n\n{old}.\n")
    return "\n".join(parts)


def _profile_block(p: OrganisationProfile) -> str:
    level = "centrale overheid" if p.authority_level == "central" else "decentrale overheid"
    lines = [
        f"## {profile_section(p)}\n",
        f"{POLICY_LABEL} {p.description}",
        f"Europese drempel voor leveringen en diensten: die voor de {level}.\n",
    ]
    for b in p.bands:
        upper = f"tot {eur(b.max_eur)}" if b.max_eur else "tot de Europese drempel"
        quotes = f" ({b.quotes})" if b.quotes else ""
        flag = "" if b.verified else " Niet geverifieerd."
        lines.append(
            f"- {', '.join(b.kinds)} van {eur(b.min_eur)} {upper}: {b.procedure}"
            f"{quotes}. {b.advice} {POLICY_LABEL} Regel {b.id}.{flag}"
        )
    if not p.bands:
        lines.append("- Geen geverifieerde bedragen per procedure voor dit profiel.")
    lines.append(f"- Waar geen band geldt: {p.no_band_advice}")
    return "\n".join(lines) + "\n" + _sources(p.sources) + "\n"


def _procedures_doc(k: Knowledge) -> str:
    f = k.procedures.legal_frame
    parts = [
        "# Procedures onder de Europese drempel\n",
        f"## {section(f.id, f.title)}\n\n{f.text}\n{_sources(f.sources)}\n",
    ]
    parts += [_profile_block(p) for p in k.procedures.profiles]
    return "\n".join(parts)


def _sroi_doc(k: Knowledge) -> str:
    parts = ["# Social return\n"]
    for r in k.social_return.rules:
        label = f" {POLICY_LABEL}" if r.policy_not_law else ""
        parts.append(
            f"## {section(r.id, r.title)}\n\n{r.statement}{label} Reikwijdte: {r.scope}.\n"
            f"{_sources(r.sources)}\n"
        )
    return "\n".join(parts)


def _isv_doc(k: Knowledge) -> str:
    isv = k.isv
    parts = ["# Internationale Sociale Voorwaarden (ISV)\n"]
    for r in (isv.mandatory, isv.voluntary):
        parts.append(f"## {section(r.id, r.title)}\n\n{r.statement}\n{_sources(r.sources)}\n")
    rc = isv.risk_categories
    cats = "\n".join(f"- {c.name} (voorheen: {', '.join(c.former_names)})." for c in rc.categories)
    parts.append(
        f"## {section(rc.id, rc.title)}\n\n{rc.statement}\n{cats}\n{_sources(rc.sources)}\n"
    )
    return "\n".join(parts)


def _criteria_doc(g: ProductGroup) -> str:
    isv = {"ja": "Ja, ISV-risicocategorie", "nee": "Nee", "onduidelijk": "Onduidelijk"}
    head = (
        f"# MVI-criteria: {g.name}\n\n{g.description} Voorbeelden: {'; '.join(g.examples)}. "
        f"Ook genoemd als: {', '.join(g.synonyms)}.\n\n"
        f"ISV-risicocategorie: {isv[g.isv.risk_category]}"
        f"{' (' + g.isv.category_name + ')' if g.isv.category_name else ''}. "
        f"Controleer de actuele criteria in de MVI-criteriatool ({g.tool_url}), productgroep "
        f"'{g.tool_group_name}'.\n"
    )
    parts = [head]
    for level in ("basis", "significant", "ambitieus"):
        parts.append(f"## {level_section(g, level)}\n")
        for c in (c for c in g.criteria if c.level == level):
            m = c.monitoring
            note = f" Toelichting: {c.note}" if c.note else ""
            parts.append(
                f"- {c.type.capitalize()}: {c.text} Monitoring: {m.kpi}; bewijs: {m.evidence}; "
                f"wanneer: {m.when} (voorstel). Status: {c.status}.{note} "
                f"Bron: {c.source.title}. Criterium {c.id}.\n"
            )
    return "\n".join(parts)


def _legal_doc(k: Knowledge) -> str:
    parts = ["# Juridische notities voor inkopen onder de drempel\n"]
    for n in k.legal.notes:
        art = f" Artikel: {n.article}." if n.article else ""
        flag = f" Niet geverifieerd: {n.unverified_note}" if not n.verified else ""
        extra = f" {n.unverified_note}" if n.verified and n.unverified_note else ""
        parts.append(
            f"## {section(n.id, n.title)}\n\n{n.text}{art}{extra}{flag}\n{_sources(n.sources)}\n"
        )
    return "\n".join(parts)


def _doc(name: str, title: str, kind: str, date: str, text: str) -> dict:
    return {
        "name": name,
        "title": title,
        "kind": kind,
        "publisher": PUBLISHER,
        "date": date,
        "text": text,
    }


def render_documents(policy_file: Path | None = None) -> list[dict]:
    """All knowledge documents (name, title, kind, publisher, date, text).

    `policy_file` defaults to $INKOOP_POLICY_FILE: knowledge/ must not import assistant.settings,
    so the one environment variable is read directly here.
    """
    if policy_file is None and os.environ.get("INKOOP_POLICY_FILE"):
        policy_file = Path(os.environ["INKOOP_POLICY_FILE"])
    k = get_knowledge(policy_file)
    day = lambda d: d.isoformat()  # noqa: E731
    docs = [
        _doc(
            DOC_THRESHOLDS,
            "Regels: Europese drempelwaarden",
            "rules",
            day(k.thresholds.reviewed),
            _thresholds_doc(k),
        ),
        _doc(
            DOC_PROCEDURES,
            "Regels: procedures onder de drempel (beleid, geen wet)",
            "rules",
            day(k.procedures.reviewed),
            _procedures_doc(k),
        ),
        _doc(
            DOC_SROI, "Regels: social return", "rules", day(k.social_return.reviewed), _sroi_doc(k)
        ),
        _doc(
            DOC_ISV,
            "Regels: Internationale Sociale Voorwaarden",
            "rules",
            day(k.isv.reviewed),
            _isv_doc(k),
        ),
        _doc(
            DOC_LEGAL,
            "Juridische notities onder de drempel",
            "legal",
            day(k.legal.reviewed),
            _legal_doc(k),
        ),
    ]
    if k.own_policy:
        docs.append(
            _doc(
                DOC_OWN_POLICY,
                f"Regels: {k.own_policy.profile.name}",
                "rules",
                day(k.own_policy.reviewed),
                "# Eigen inkoopbeleid\n\n" + _profile_block(k.own_policy.profile),
            )
        )
    for g in k.groups.values():
        docs.append(
            _doc(
                criteria_doc(g.id),
                f"MVI-criteria: {g.name}",
                "criteria",
                day(k.thresholds.reviewed),
                _criteria_doc(g),
            )
        )
    return docs
