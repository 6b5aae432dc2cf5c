"""Recommended MVI criteria for a product group: basis by default, other levels as options."""

from __future__ import annotations

from assistant.verdicts import CriterionAdvice, SourceRef, Verdict, VerdictCard
from knowledge import passages as P
from knowledge.loader import Knowledge
from knowledge.models import CHECK_TOOL, ProductGroup

LEVELS = ("basis", "significant", "ambitieus")


def recommended_level(drempel: Verdict) -> str:
    """Small purchases start at basis; above the threshold the Rijk aims at 'significant'."""
    return "significant" if drempel.status == "boven_drempel" else "basis"


def advise_criteria(
    k: Knowledge, group: ProductGroup | None, drempel: Verdict, card: VerdictCard
) -> None:
    if group is None:
        return
    level = recommended_level(drempel)
    card.recommended_level = level  # type: ignore[assignment]
    doc = P.criteria_doc(group.id)
    ordered = sorted(group.criteria, key=lambda c: LEVELS.index(c.level))
    for c in ordered:
        m = c.monitoring
        sources = [
            SourceRef(
                title=c.source.title,
                source=doc,
                section=P.level_section(group, c.level),
                url=c.source.url,
            )
        ]
        if c.source.corpus_file:
            sources.append(
                SourceRef(
                    title=c.source.title,
                    source=c.source.corpus_file,
                    section=c.source.locator or "",
                    url=c.source.url,
                )
            )
        tool = f" Zie {group.tool_url}, productgroep '{group.tool_group_name}'."
        card.criteria.append(
            CriterionAdvice(
                id=c.id,
                group_id=group.id,
                group_name=group.name,
                level=c.level,
                type=c.type,
                text=c.text,
                kpi=m.kpi,
                evidence=m.evidence,
                when=m.when,
                monitoring=f"KPI: {m.kpi}. Bewijs: {m.evidence}. Wanneer: {m.when}. (Voorstel.)",
                isv_relevant=c.isv_relevant,
                status=c.status,
                tool_url=group.tool_url,
                recommended=c.level == level,
                note=(c.note or "") + (tool if c.status == CHECK_TOOL else "") or None,
                sources=sources,
            )
        )
