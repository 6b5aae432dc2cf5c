"""The answerer that needs no model: pick and order the passage sentences that answer the question.

Every sentence it returns is a verbatim sentence of a retrieved passage, so it can never claim
more than the sources do. Used when the model is off, fails, times out or is not trusted."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from assistant.passages import Passage
from assistant.prompts import ROLE_TERMS
from assistant.safety import looks_like_instruction
from assistant.text import Span, content_terms, split_sentences, tidy


@dataclass(frozen=True)
class Picked:
    """A sentence chosen for the answer, with the passage it came from."""

    passage: Passage
    span: Span
    score: float
    # Question words this sentence (or its section) covers, with their weights.
    covers: tuple[tuple[str, float], ...] = ()

    @property
    def text(self) -> str:
        return tidy(self.span.text)


_NOISE_RE = re.compile(r"^[\W\d_]+$")


def _usable(span: Span) -> bool:
    """A sentence worth showing: long enough, mostly letters, not a bare heading or footnote."""
    if span.text.lstrip().startswith("#"):  # a Markdown heading names a topic, states nothing
        return False
    text = tidy(span.text)
    if not 40 <= len(text) <= 450 or _NOISE_RE.match(text):
        return False
    letters = sum(ch.isalpha() for ch in text)
    if letters / len(text) < 0.6 or len(text.split()) < 6:
        return False
    # Source-list lines of the knowledge documents ("Bron: ...") name a source, state no fact.
    if text.startswith(("http", "www.", "Bron:", "Bronnen:")) or looks_like_instruction(text):
        return False
    # Headings and table captions rarely end like a sentence.
    return text[-1] in ".!?)”\"'" or len(text) > 120


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class ExtractiveAnswerer:
    """Scores sentences by question-term overlap (idf-weighted), passage rank and role terms."""

    def __init__(self, max_sentences: int = 4, per_passage: int = 2) -> None:
        self.max_sentences = max_sentences
        self.per_passage = per_passage

    def pick(self, question: str, passages: list[Passage], role: str = "buyer") -> list[Picked]:
        q_terms = set(content_terms(question))
        if not q_terms:
            return []
        role_terms = set(content_terms(" ".join(ROLE_TERMS.get(role, ()))))
        candidates: list[tuple[Passage, Span, set[str]]] = []
        for p in passages:
            for span in split_sentences(p.text):
                if _usable(span):
                    candidates.append((p, span, set(content_terms(span.text))))
        if not candidates:
            return []
        df = Counter(t for _, _, terms in candidates for t in terms)
        n = len(candidates)
        scored: list[Picked] = []
        section_terms = {
            p.n: set(content_terms(str(p.meta.get("section") or ""))) for p in passages
        }
        for rank, (p, span, terms) in enumerate(candidates):
            hits = q_terms & terms
            # The section heading tells what the passage is about ("Voortgang fase 2",
            # "Leg monitoring vast in het contract"): its words count for its sentences too.
            in_section = (q_terms & section_terms[p.n]) - hits
            if not hits and not in_section:
                continue

            def weight(t: str) -> float:
                # A question word that is also the role's focus ("monitor" for a contract
                # manager) is what the user asks about; it weighs double.
                return math.log(1 + n / df.get(t, 1)) * (2 if t in role_terms else 1)

            overlap = sum(weight(t) for t in hits) + 0.7 * sum(weight(t) for t in in_section)
            coverage = len(hits | in_section) / len(q_terms)
            role_bonus = 0.4 * min(len(terms & role_terms), 2)
            rank_bonus = 1.5 / (p.n + 0.5)  # retrieval rank carries dense + BM25 evidence
            length_penalty = 0.1 * max(0, len(terms) - 30) / 10
            score = overlap * (0.5 + coverage) + role_bonus + rank_bonus - length_penalty
            covers = tuple((t, weight(t)) for t in hits | in_section)
            scored.append(Picked(p, span, score + 1e-6 * -rank, covers))
        scored.sort(key=lambda pk: pk.score, reverse=True)
        return self._select(scored)

    def _select(self, scored: list[Picked]) -> list[Picked]:
        """Greedy: each next sentence is the best one once question words already answered
        count less, so "how do I monitor social return" gets the monitoring sentence too."""
        chosen: list[Picked] = []
        per: Counter[int] = Counter()
        seen: list[set[str]] = []
        covered: set[str] = set()
        pool = list(scored)
        while pool and len(chosen) < self.max_sentences:

            def gain(pk: Picked) -> float:
                new = sum(w for t, w in pk.covers if t not in covered)
                return pk.score + 0.8 * new

            best = max(pool, key=gain)
            pool.remove(best)
            # Sentences clearly weaker than the first one dilute the answer.
            if chosen and gain(best) < 0.45 * chosen[0].score:
                break
            terms = set(content_terms(best.span.text))
            if per[best.passage.n] >= self.per_passage or any(
                _jaccard(terms, s) > 0.6 for s in seen
            ):
                continue
            chosen.append(best)
            per[best.passage.n] += 1
            seen.append(terms)
            covered.update(t for t, _ in best.covers)
        if len(chosen) <= 1:
            return chosen
        # Best sentence first; the rest in reading order (passage rank, then position).
        head, rest = chosen[0], sorted(chosen[1:], key=lambda pk: (pk.passage.n, pk.span.start))
        return [head, *rest]


def render(picked: list[Picked]) -> list[str]:
    """Answer sentences with their citation marker, ready to stream one by one."""
    return [f"{pk.text} [{pk.passage.n}]" for pk in picked]
