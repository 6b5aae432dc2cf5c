"""Map free text to a product group of the criteria base via its synonyms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from knowledge.loader import get_knowledge

# Short synonyms ("taxi", "papier") must match as a word (plural allowed); long ones may sit
# inside a Dutch compound ("bedrijfscatering", "schoonmaakdiensten").
_SUBSTRING_MIN = 7


@dataclass(frozen=True)
class GroupMatch:
    group_id: str | None
    name: str | None
    default_kind: str | None
    question: str | None = None


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, list[tuple[str, re.Pattern[str]]]]]:
    compiled = []
    for group in get_knowledge().groups.values():
        pats = []
        for syn in group.synonyms:
            syn_n = re.escape(normalise(syn))
            if len(syn) >= _SUBSTRING_MIN:
                pats.append((syn, re.compile(syn_n)))
            else:
                pats.append((syn, re.compile(rf"\b{syn_n}(?:s|en|e)?\b")))
        compiled.append((group.id, pats))
    return compiled


def match_group(text: str) -> GroupMatch:
    """Best-scoring group; a tie between groups yields a question instead of a guess."""
    text_n = normalise(text)
    scores: dict[str, int] = {}
    for group_id, pats in _patterns():
        hits = [syn for syn, pat in pats if pat.search(text_n)]
        # a synonym inside a longer hit ("taxi" in "taxivervoer") does not count twice
        hits = [h for h in hits if not any(h != o and normalise(h) in normalise(o) for o in hits)]
        if hits:
            scores[group_id] = sum(len(h) for h in hits)
    if not scores:
        return GroupMatch(None, None, None)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    groups = get_knowledge().groups
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        names = " of ".join(groups[g].name.lower() for g, _ in ranked[:2])
        return GroupMatch(None, None, None, f"Gaat het om {names}? Dan kies ik de juiste criteria.")
    best = groups[ranked[0][0]]
    return GroupMatch(best.id, best.name, best.default_kind)
