"""Decides what kind of question this is: a contract check, a knowledge question, or neither.

check         a purchase description (amount, duration, kind...) -> the rules engine's card;
              also a follow-up that only changes one detail of the previous purchase
knowledge     a question about procurement policy -> retrieval and a cited answer
out_of_scope  anything else -> a polite refusal that says what the assistant can do
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.answer_models import ConversationContext, RouteName
from assistant.text import content_terms, fold

# Stems of words that place a question in the procurement domain (matched on stemmed terms).
_DOMAIN_WORDS = re.findall(
    r"\S+",
    """
inkoop inkopen inkoper inkoopstrategie aanbesteding aanbesteden aanbestedingswet
aanbestedende opdracht opdrachtgever opdrachtgeverschap contract contractmanagement
contractmanager leverancier leveranciers markt offerte drempel drempelwaarde drempelbedrag
procedure enkelvoudig meervoudig onderhands nationaal europees europese social return sroi
isv internationale sociale voorwaarden mvi mvoi duurzaam duurzaamheid circulair circulaire
klimaat klimaatneutraal co2 emissie zero-emissie wagenpark energie criteria criterium
defensie ministerie ministeries inkoopvolume kabinet
gunning gunningscriteria eisen ambitie ambitieniveau productgroep productgroepen
categoriemanagement categorie catering bedrijfskleding ict datacenter gebouwen kantoor
schoonmaak beveiliging monitoring monitoren kpi rapportage jaarrapportage bedrijfsvoering
evaluatie rebel kamerbrief minister bzk rijk rijksoverheid rijksinkoop departement
departementen gemeente gemeenten overheid overheden provincie waterschap impact
maatschappelijk verantwoord innovatie innovatief launching participatiebanen banenafspraak
arbeidsbeperking mensenrechten keten ketenverantwoordelijkheid beleid beleidsreactie
strategie doelen doelstelling inspanningsdoel resultaatdoel nationaal plan manifest pianoo
mvi-criteriatool criteriatool zelfevaluatie mvi-zet loonsom btw regie proportionaliteit gids
werk werken levering leveringen dienst diensten raamovereenkomst biodiversiteit diversiteit
inclusie grondstoffen afval energielabel elektriciteit gas mobiliteit
""",
)
DOMAIN_TERMS = frozenset(content_terms(" ".join(_DOMAIN_WORDS)))

# Short follow-ups that only make sense with the previous turn ("en als het 2 jaar duurt?").
_FOLLOW_UP_RE = re.compile(
    r"^\s*(en|maar|stel|wat als|en als|als het|als de|hoe zit het|geldt dat|en bij|en voor"
    r"|en met)\b",
    re.I,
)


@dataclass
class RouteDecision:
    route: RouteName
    question: str
    profile: Any = None  # ContractProfile when route == "check"
    assumptions: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    follow_up: bool = False


def is_follow_up(question: str, context: ConversationContext | None) -> bool:
    return bool(context and context.turns and _FOLLOW_UP_RE.search(question))


# Dutch compounds ("inkoopregels", "aanbestedingsbeleid") start or end with a domain word.
_COMPOUND_HEADS = tuple(w for w in DOMAIN_TERMS if len(w) >= 6)


def in_domain(question: str) -> bool:
    terms = set(content_terms(question))
    if terms & DOMAIN_TERMS or "€" in question:
        return True
    if any(t.startswith(_COMPOUND_HEADS) or t.endswith(_COMPOUND_HEADS) for t in terms):
        return True
    return bool(re.search(r"\beuro\b", fold(question)))


_KNOWLEDGE_QUESTION_RE = re.compile(
    r"^\s*(aan |in |voor |op |van |met )?"
    r"(wat|wanneer|waarom|hoe|welke?|wie|waar|geldt|moet|mag|kan|is|zijn)\b",
    re.I,
)


def _describes_purchase(question: str, profile: Any) -> bool:
    """A contract check needs a concrete purchase: an amount, or a product group that is not
    merely mentioned inside a general policy question."""
    if getattr(profile, "amount_eur", None) or getattr(profile, "loonsom_eur", None):
        return True
    asks = "?" in question or _KNOWLEDGE_QUESTION_RE.search(question)
    return bool(getattr(profile, "product_group", None)) and not asks


def _profile_has_facts(profile: Any) -> bool:
    fields = ("amount_eur", "duration_months", "kind", "product_group", "loonsom_eur")
    return any(getattr(profile, f, None) not in (None, "") for f in fields)


def route(question: str, context: ConversationContext | None = None) -> RouteDecision:
    """Route a (cleaned) question, using the conversation for follow-ups."""
    try:
        from assistant.profile import ContractProfile, parse_profile
    except ImportError:  # the rules engine is not installed: knowledge questions still work
        return _without_rules(question, context)

    parsed = parse_profile(question)
    follow_up = is_follow_up(question, context)
    previous = None
    if context and context.profile:
        previous = ContractProfile.model_validate(context.profile)

    if parsed.is_purchase and _describes_purchase(question, parsed.profile):
        profile = parsed.profile
        if follow_up and previous is not None:
            profile = previous.merge(parsed.profile)
        return RouteDecision(
            "check", question, profile, parsed.assumptions, parsed.questions, follow_up
        )
    if previous is not None and follow_up and _profile_has_facts(parsed.profile):
        # "en als het 2 jaar duurt?": keep amount and group, change what the user changed.
        profile = previous.merge(parsed.profile)
        return RouteDecision("check", question, profile, parsed.assumptions, parsed.questions, True)
    if in_domain(question) or follow_up:
        return RouteDecision("knowledge", question, follow_up=follow_up)
    return RouteDecision("out_of_scope", question)


def _without_rules(question: str, context: ConversationContext | None) -> RouteDecision:
    follow_up = is_follow_up(question, context)
    if in_domain(question) or follow_up:
        return RouteDecision("knowledge", question, follow_up=follow_up)
    return RouteDecision("out_of_scope", question)
