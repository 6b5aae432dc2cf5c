"""Social return and ISV verdicts (Rijk policy, not law)."""

from __future__ import annotations

from assistant.amounts import format_eur, format_months
from assistant.contract_profile import ContractProfile
from assistant.verdicts import SourceRef, Verdict, VerdictCard
from knowledge import passages as P
from knowledge.loader import Knowledge


def _refs(doc: str, rule_id: str, title: str, sources) -> list[SourceRef]:
    from assistant.rules import refs  # local import: rules imports this module

    return refs(doc, P.section(rule_id, title), sources)


def sroi_verdict(
    k: Knowledge, p: ContractProfile, value: float | None, org: str, card: VerdictCard
) -> Verdict:
    rules = {r.id: r for r in k.social_return.rules}
    rule, pct_rule, local = (
        rules["SROI-RIJK"],
        rules["SROI-RIJK-PERCENTAGE"],
        rules["SROI-DECENTRAAL"],
    )
    min_loon, min_months = rule.min_loonsom_eur or 0, rule.min_duration_months or 0
    sources = _refs(P.DOC_SROI, rule.id, rule.title, rule.sources)
    prefix = ""
    if org != "rijk":
        prefix = (
            "De rijksregel is hier een referentie: uw organisatie heeft eigen "
            "social-returnbeleid, dat kan afwijken. "
        )
        sources += _refs(P.DOC_SROI, local.id, local.title, local.sources)

    def verdict(status: str, text: str) -> Verdict:
        return Verdict(
            topic="social_return",
            status=status,
            text=prefix + text,
            rule_id=rule.id,
            sources=sources,
            policy_not_law=True,
            verified=rule.verified,
        )

    if p.kind == "levering":
        return verdict(
            "niet_van_toepassing",
            "Social return volgens de rijksregel geldt voor "
            "werken en diensten, niet voor leveringen.",
        )
    if p.duration_months is not None and p.duration_months < min_months:
        return verdict(
            "niet_van_toepassing",
            f"De looptijd van {format_months(p.duration_months)} "
            f"is korter dan {min_months} maanden; de rijksregel geldt dan niet.",
        )
    if p.loonsom_eur is not None:
        if value is not None and p.loonsom_eur > value:
            card.questions.append(
                f"De loonsom ({format_eur(p.loonsom_eur)}) is hoger dan de opdrachtwaarde "
                f"({format_eur(value)}). Klopt een van beide bedragen niet?"
            )
        if p.loonsom_eur < min_loon:
            return verdict(
                "niet_van_toepassing",
                f"De loonsom van {format_eur(p.loonsom_eur)} ligt "
                f"onder {format_eur(min_loon)}; de rijksregel geldt dan niet.",
            )
        if p.kind is None or p.duration_months is None:
            missing = "de soort opdracht (werk of dienst)" if p.kind is None else "de looptijd"
            card.questions.append(f"Voor social return mis ik nog {missing}.")
            return verdict(
                "onbekend",
                f"De loonsom van {format_eur(p.loonsom_eur)} haalt de grens "
                f"van {format_eur(min_loon)}, maar {missing} is nog niet bekend.",
            )
        share = round(p.loonsom_eur * 0.05, 2)
        sources.extend(_refs(P.DOC_SROI, pct_rule.id, pct_rule.title, pct_rule.sources))
        return verdict(
            "van_toepassing",
            f"Social return is van toepassing: een "
            f"{'werk' if p.kind == 'werk' else 'dienst'} met een loonsom van "
            f"{format_eur(p.loonsom_eur)} (minstens {format_eur(min_loon)}) en een "
            f"looptijd van {format_months(p.duration_months)} (minstens {min_months} "
            f"maanden). Standaard besteedt de opdrachtnemer 5% van de loonsom, "
            f"{format_eur(share)}, aan social return; sommige rijkspagina's rekenen "
            "met de opdrachtwaarde. Neem het op als contractvoorwaarde.",
        )
    if value is not None and value < min_loon:
        return verdict(
            "niet_van_toepassing",
            f"De rijksregel kijkt naar de loonsom (vanaf "
            f"{format_eur(min_loon)}). De loonsom is niet genoemd, maar kan niet hoger "
            f"zijn dan de opdrachtwaarde van {format_eur(value)}, die al onder die grens "
            "ligt.",
        )
    card.questions.append(
        "Hoe hoog is de loonsom (de arbeidskosten) in deze opdracht? De "
        "rijksregel voor social return kijkt naar de loonsom, niet naar de "
        "opdrachtwaarde."
    )
    return verdict(
        "onbekend",
        f"Social return geldt volgens de rijksregel bij werken en diensten "
        f"met een loonsom vanaf {format_eur(min_loon)} en een looptijd van minstens "
        f"{min_months} maanden. De loonsom is niet bekend, dus ik kan het niet zeggen.",
    )


def isv_verdict(
    k: Knowledge, p: ContractProfile, drempel: Verdict, org: str, card: VerdictCard
) -> Verdict:
    isv = k.isv
    rc, must, free = isv.risk_categories, isv.mandatory, isv.voluntary
    cat_refs = _refs(P.DOC_ISV, rc.id, rc.title, rc.sources)
    must_refs = _refs(P.DOC_ISV, must.id, must.title, must.sources)
    free_refs = _refs(P.DOC_ISV, free.id, free.title, free.sources)
    group = k.groups.get(p.product_group or "")

    def verdict(status: str, text: str, rule_id: str, sources: list[SourceRef]) -> Verdict:
        return Verdict(
            topic="isv",
            status=status,
            text=text,
            rule_id=rule_id,
            sources=sources,
            valid_from=must.valid_from if rule_id == must.id else None,
            policy_not_law=True,
            verified=True,
        )

    if group is None:
        card.questions.append(
            "Om welke productgroep gaat het (bijvoorbeeld catering, schoonmaak, "
            "laptops)? Dan kan ik ISV en passende criteria bepalen."
        )
        return verdict(
            "onbekend",
            "Zonder productgroep weet ik niet of de opdracht in een ISV-risicocategorie valt.",
            rc.id,
            cat_refs,
        )
    if group.isv.risk_category == "nee":
        return verdict(
            "niet_relevant",
            f"{group.name} is geen ISV-risicocategorie van het Rijk. "
            "Vrijwillig toepassen mag als het in verhouding staat.",
            rc.id,
            cat_refs + free_refs,
        )
    if group.isv.risk_category == "onduidelijk":
        return verdict(
            "onbekend",
            f"Het is niet duidelijk of {group.name} onder een "
            f"ISV-risicocategorie valt ({group.isv.category_name}). Vraag het uw "
            "inkoopadviseur.",
            rc.id,
            cat_refs,
        )
    name = f"{group.name} valt onder de ISV-risicocategorie {group.isv.category_name}."
    if drempel.status == "boven_drempel" and org == "rijk":
        return verdict(
            "verplicht",
            f"{name} Boven de Europese drempel is ISV voor het Rijk "
            "verplicht (sinds 1 september 2017): de leverancier voert due diligence "
            "uit. Bindend rijksbeleid, geen wet.",
            must.id,
            must_refs + cat_refs,
        )
    if drempel.status == "onbekend" and org == "rijk":
        return verdict(
            "onbekend",
            f"{name} Of ISV verplicht is, hangt af van de vraag of de "
            "opdracht boven de Europese drempel ligt.",
            must.id,
            must_refs + cat_refs,
        )
    if drempel.status == "boven_drempel":
        why = (
            "De verplichting is rijksbeleid; uw organisatie is vrij om ISV toe te passen en dat "
            "is bij deze omvang aan te raden."
        )
    else:
        why = (
            "Onder de Europese drempel is ISV niet verplicht, ook niet voor het Rijk. Vrijwillig "
            "en in verhouding toepassen is aan te raden, bijvoorbeeld met een eenvoudige "
            "risicoanalyse door de leverancier."
        )
    return verdict("aanbevolen", f"{name} {why}", free.id, free_refs + cat_refs)
