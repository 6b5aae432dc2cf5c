"""Deterministic Opdrachtcheck: ContractProfile + date -> VerdictCard.

Code decides every number and status; each verdict names its rule id and cites the knowledge
passage (document + heading) it rests on. No model is involved.
"""

from __future__ import annotations

from datetime import date

from assistant.amounts import format_eur
from assistant.contract_profile import ContractProfile
from assistant.criteria_advice import advise_criteria
from assistant.rules_social import isv_verdict, sroi_verdict
from assistant.settings import Settings, get_settings
from assistant.verdicts import SourceRef, Verdict, VerdictCard
from knowledge import passages as P
from knowledge.loader import Knowledge, get_knowledge
from knowledge.models import OrganisationProfile, Source, ThresholdSet

ORG_LABEL = {"rijk": "Rijksoverheid", "gemeente": "Gemeente (VNG-model)", "eigen": "Eigen beleid"}
KIND_TEXT = {"werk": "werken", "levering": "leveringen", "dienst": "diensten"}


def refs(doc: str, heading: str, sources: list[Source]) -> list[SourceRef]:
    """Cite our passage first (always openable), then the underlying sources it summarises."""
    out = [SourceRef(title=sources[0].title, source=doc, section=heading, url=sources[0].url)]
    for s in sources[1:]:
        out.append(SourceRef(title=s.title, source=doc, section=heading, url=s.url))
    for s in sources:
        if s.corpus_file:
            out.append(
                SourceRef(title=s.title, source=s.corpus_file, section=s.locator or "", url=s.url)
            )
    return out


def threshold_for(k: Knowledge, on: date) -> ThresholdSet | None:
    return next((t for t in k.thresholds.thresholds if t.valid_from <= on <= t.valid_to), None)


def _applicable(t: ThresholdSet, kind: str, level: str) -> tuple[int, str]:
    if kind == "werk":
        return t.works, "werken"
    central = level == "central"
    amount = t.supplies_services_central if central else t.supplies_services_sub_central
    who = "de centrale overheid" if central else "decentrale overheden"
    return amount, f"{KIND_TEXT[kind]} van {who}"


def _threshold_verdict(
    k: Knowledge, p: ContractProfile, value: float | None, on: date, level: str, card: VerdictCard
) -> tuple[Verdict, int | None]:
    t = threshold_for(k, on)
    if t is None:
        known = ", ".join(f"{x.valid_from.year}-{x.valid_to.year}" for x in k.thresholds.thresholds)
        text = (
            f"Voor {on:%d-%m-%Y} ken ik geen Europese drempelwaarden (bekend: {known}). "
            "Controleer de drempel die dan geldt."
        )
        first = k.thresholds.thresholds[-1]
        src = refs(P.DOC_THRESHOLDS, P.section(first.id, first.title), first.sources)
        return Verdict(
            topic="drempel",
            status="onbekend",
            text=text,
            rule_id="EU-THR",
            sources=src,
            verified=False,
        ), None
    src = refs(P.DOC_THRESHOLDS, P.section(t.id, t.title), t.sources)
    period = f"geldig {t.valid_from:%d-%m-%Y} t/m {t.valid_to:%d-%m-%Y}"
    base = dict(
        topic="drempel",
        rule_id=t.id,
        sources=src,
        valid_from=t.valid_from,
        valid_to=t.valid_to,
        verified=t.verified,
    )
    if value is None:
        return Verdict(
            status="onbekend",
            text="Zonder opdrachtwaarde kan ik niet zeggen of de "
            f"opdracht boven de Europese drempel ligt ({period}).",
            **base,
        ), None
    if p.kind is None:
        supply, _ = _applicable(t, "dienst", level)
        if value < min(supply, t.works):
            return Verdict(
                status="onder_drempel",
                text=f"De opdrachtwaarde van {format_eur(value)} "
                f"ligt onder elke Europese drempel die voor u geldt (laagste: "
                f"{format_eur(min(supply, t.works))}, {period}). Een Europese "
                "aanbesteding is niet verplicht.",
                **base,
            ), min(supply, t.works)
        if value >= t.works:
            return Verdict(
                status="boven_drempel",
                text=f"De opdrachtwaarde van {format_eur(value)} "
                f"ligt boven elke Europese drempel ({period}). Een Europese "
                "aanbesteding is verplicht.",
                **base,
            ), t.works
        card.questions.append(
            "Gaat het om een werk, een levering of een dienst? Bij deze waarde "
            "hangt de drempel daarvan af."
        )
        return Verdict(
            status="onbekend",
            text=f"Bij {format_eur(value)} hangt het van de soort "
            f"opdracht af: werken {format_eur(t.works)}, leveringen en diensten "
            f"{format_eur(supply)} ({period}).",
            **base,
        ), None
    amount, what = _applicable(t, p.kind, level)
    above = value >= amount
    text = (
        f"De opdrachtwaarde van {format_eur(value)} ligt {'op of boven' if above else 'onder'} "
        f"de Europese drempel van {format_eur(amount)} voor {what} ({period}). "
        + (
            "Een Europese aanbesteding is verplicht."
            if above
            else "Een Europese aanbesteding is niet verplicht."
        )
    )
    for point in k.thresholds.open_points:
        if p.product_group and p.product_group in point.applies_to_groups:
            text += (
                f" Open punt: mogelijk geldt voor deze dienst de drempel van "
                f"{format_eur(t.social_services_annex_xiv)} voor sociale en andere specifieke "
                "diensten (bijlage XIV); dat is niet geverifieerd, daarom geldt hier de "
                "gewone drempel."
            )
            card.open_points.append(f"{point.title.removeprefix('Open punt: ')} {point.text}")
            src.append(
                SourceRef(
                    title=point.title,
                    source=P.DOC_THRESHOLDS,
                    section=P.section(point.id, point.title),
                    url=point.url,
                )
            )
    status = "boven_drempel" if above else "onder_drempel"
    return Verdict(status=status, text=text, **base), amount


def _procedure_verdict(
    k: Knowledge,
    p: ContractProfile,
    value: float | None,
    drempel: Verdict,
    prof: OrganisationProfile | None,
) -> Verdict:
    frame = k.procedures.legal_frame
    frame_refs = refs(P.DOC_PROCEDURES, P.section(frame.id, frame.title), frame.sources)
    if drempel.status == "boven_drempel":
        return Verdict(
            topic="procedure",
            status="europees",
            rule_id=drempel.rule_id,
            text="Boven de drempel volgt u een Europese procedure (openbaar of "
            "niet-openbaar, of een andere procedure uit de richtlijn). De bedragen "
            "onder de drempel uit uw beleid gelden dan niet.",
            sources=drempel.sources,
            valid_from=drempel.valid_from,
            valid_to=drempel.valid_to,
        )
    if prof is None:
        return Verdict(
            topic="procedure",
            status="beleid_onbekend",
            rule_id="PROFIEL-EIGEN",
            text="Er is geen eigen inkoopbeleid ingesteld (instelling INKOOP_POLICY_FILE; "
            "voorbeeld: knowledge/rules/eigen-beleid.voorbeeld.yaml). Kies de procedure "
            "op objectieve criteria en leg de keuze vast (Aanbestedingswet 2012 art. "
            "1.4).",
            sources=frame_refs,
            policy_not_law=True,
        )
    doc = P.DOC_OWN_POLICY if prof.id == "eigen" else P.DOC_PROCEDURES
    prof_refs = refs(doc, P.profile_section(prof), prof.sources)
    if value is None or drempel.status == "onbekend":
        return Verdict(
            topic="procedure",
            status="onbekend",
            rule_id=f"PROFIEL-{prof.id.upper()}",
            text="Welke procedure past, hangt af van de opdrachtwaarde en de soort "
            "opdracht; die zijn nog niet bekend.",
            sources=prof_refs,
            policy_not_law=True,
        )
    for band in prof.bands:
        if p.kind in band.kinds and band.min_eur <= value < (band.max_eur or float("inf")):
            quotes = f" ({band.quotes})" if band.quotes else ""
            return Verdict(
                topic="procedure",
                status="advies",
                rule_id=band.id,
                text=f"Advies volgens het profiel {prof.name}: {band.procedure}{quotes}. "
                f"{band.advice} {P.POLICY_LABEL} Wijkt u af, motiveer dat dan in het "
                "inkoopdossier.",
                policy_not_law=True,
                verified=band.verified,
                sources=refs(doc, P.profile_section(prof), [band.source]) + frame_refs,
            )
    return Verdict(
        topic="procedure",
        status="beleid_onbekend",
        rule_id=f"PROFIEL-{prof.id.upper()}",
        text=f"{prof.no_band_advice} {P.POLICY_LABEL} De wet schrijft geen bedragen "
        "voor; motiveer de keuze op verzoek (Aanbestedingswet 2012 art. 1.4 lid 3).",
        sources=prof_refs + frame_refs,
        policy_not_law=True,
    )


def evaluate(
    profile: ContractProfile, on: date | None = None, *, settings: Settings | None = None
) -> VerdictCard:
    """All verdicts for one purchase on date `on` (default: the profile's date, else today)."""
    settings = settings or get_settings()
    k = get_knowledge(settings.policy_file)
    on = on or profile.reference_date or date.today()
    assumptions: list[str] = []
    org = profile.organisation
    if org is None:
        org = (
            settings.organisation_profile
            if settings.organisation_profile in ORG_LABEL
            else "gemeente"
        )
        assumptions.append(
            f"Organisatie niet genoemd: ik gebruik het standaardprofiel "
            f"'{ORG_LABEL[org]}'. Noem 'Rijk' of 'gemeente' om dit te wijzigen."
        )
    prof = k.profile(org)
    level = prof.authority_level if prof else "central"
    if prof is None:
        assumptions.append(
            "Zonder eigen beleid weet ik niet of u centrale of decentrale overheid "
            "bent; ik gebruik de lagere drempel voor de centrale overheid."
        )
    value, value_assumptions, questions = profile.contract_value()
    group = k.groups.get(profile.product_group or "")
    card = VerdictCard(
        profile=profile,
        reference_date=on,
        organisation=org,
        organisation_label=prof.name if prof else ORG_LABEL[org],
        contract_value_eur=value,
        product_group=group.id if group else None,
        product_group_name=group.name if group else None,
        verdicts=[],
        assumptions=assumptions + value_assumptions,
        questions=questions,
    )
    drempel, _ = _threshold_verdict(k, profile, value, on, level, card)
    card.verdicts = [
        drempel,
        _procedure_verdict(k, profile, value, drempel, prof),
        sroi_verdict(k, profile, value, org, card),
        isv_verdict(k, profile, drempel, org, card),
    ]
    advise_criteria(k, group, drempel, card)
    return card
