"""Checks every sentence of a model draft against the passage it cites.

A sentence survives only when
  * every number or date in it appears verbatim in the passage,
  * it does not add a negation ("niet", "geen", "nooit") the passage lacks,
  * enough of its content words occur in one stretch of the passage (lexical support), and
  * unless that overlap is near-complete, its embedding is close to that stretch (semantic).
Sentences without a valid citation are matched against all passages; the code then cites the
passage that supports them. Passage sentences that address the assistant never count as support.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import Protocol

from assistant.passages import Passage
from assistant.safety import looks_like_instruction
from assistant.text import Span, content_terms, fold, numbers, split_sentences, words

_MARKER_RE = re.compile(r"\[(\d{1,2})\]")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_SOURCE_LINE_RE = re.compile(r"^\W*(bron|bronnen)\s*:", re.I)
# A sentence with fewer content words than this says too little to be checked ("X is niet Y").
MIN_CONTENT_TERMS = 3
_NEGATIONS = {"niet", "geen", "nooit", "nergens", "niemand", "niets", "noch"}


class Embedder(Protocol):
    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


@dataclass
class SentenceCheck:
    text: str
    cited: list[int]
    supported_by: int | None = None
    span: Span | None = None
    lexical: float = 0.0
    semantic: float | None = None
    reason: str = ""

    @property
    def supported(self) -> bool:
        return self.supported_by is not None

    @property
    def cited_supported(self) -> bool:
        return self.supported_by is not None and self.supported_by in self.cited


@dataclass
class _Window:
    span: Span
    terms: set[str]
    folded_words: set[str]


@dataclass
class _Evidence:
    passage: Passage
    windows: list[_Window] = field(default_factory=list)
    text: str = ""


def split_citations(sentence: str) -> tuple[str, list[int]]:
    """'Tekst [1][3].' -> ('Tekst.', [1, 3])."""
    cited = [int(m) for m in _MARKER_RE.findall(sentence)]
    clean = _MARKER_RE.sub("", sentence)
    clean = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", clean)).strip()
    return clean, cited


def _first_sentence(window: str, num: str) -> str:
    """The sentence of a window that holds the number."""
    for part in split_sentences(window):
        if num in part.text:
            return part.text
    return window


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


class Verifier:
    def __init__(
        self,
        embedder: Embedder | None = None,
        lexical_min: float = 0.75,
        lexical_sure: float = 0.85,
        semantic_min: float = 0.88,
    ) -> None:
        self.embedder = embedder
        self.lexical_min = lexical_min
        self.lexical_sure = lexical_sure
        self.semantic_min = semantic_min
        self._vectors: dict[str, list[float]] = {}
        self._evidence: dict[tuple[int, str], _Evidence] = {}

    # -- evidence -------------------------------------------------------------------------------
    def _evidence_for(self, p: Passage) -> _Evidence:
        key = (p.n, hashlib.sha1(p.text.encode()).hexdigest())
        ev = self._evidence.get(key)
        if ev is None:
            # Instructions and source-list lines ("Bron: ... (2019)") are no evidence.
            spans = [
                s
                for s in split_sentences(p.text)
                if not looks_like_instruction(s.text) and not _SOURCE_LINE_RE.match(s.text)
            ]
            windows = []
            # Windows of two neighbouring sentences: a paraphrase may join two of them.
            for i in range(len(spans)):
                group = spans[i : i + 2]
                joined = Span(p.text[group[0].start : group[-1].end], group[0].start, group[-1].end)
                windows.append(
                    _Window(joined, set(content_terms(joined.text)), set(words(fold(joined.text))))
                )
            text = " ".join(s.text for s in spans)
            ev = _Evidence(passage=p, windows=windows, text=text)
            self._evidence[key] = ev
        return ev

    def _vector(self, text: str, query: bool) -> list[float]:
        key = ("q:" if query else "d:") + text
        vec = self._vectors.get(key)
        if vec is None and self.embedder is not None:
            if len(self._vectors) > 20_000:  # a long-running server must not grow without end
                self._vectors.clear()
                self._evidence.clear()
            if query:
                vec = self.embedder.embed_query(text)
            else:
                vec = self.embedder.embed_documents([text])[0]
            self._vectors[key] = vec
        return vec or []

    # -- checks ---------------------------------------------------------------------------------
    def _against(self, sentence: str, terms: set[str], p: Passage) -> SentenceCheck:
        check = SentenceCheck(text=sentence, cited=[])
        ev = self._evidence_for(p)
        missing = [num for num in numbers(sentence) if num not in ev.text]
        if missing:
            check.reason = f"getal niet in bron: {', '.join(missing)}"
            return check
        if not ev.windows or not terms:
            check.reason = "geen bewijs"
            return check
        loose = self._loose_numbers(sentence, ev)
        if loose:
            check.reason = f"getal in andere context dan in de bron: {', '.join(loose)}"
            return check
        best = max(ev.windows, key=lambda w: len(terms & w.terms))
        check.lexical = len(terms & best.terms) / len(terms)
        check.span = best.span
        added = (set(words(fold(sentence))) & _NEGATIONS) - best.folded_words
        if added:
            check.reason = f"ontkenning niet in bron: {', '.join(sorted(added))}"
            return check
        if check.lexical < self.lexical_min:
            check.reason = f"te weinig overlap ({check.lexical:.2f})"
            return check
        if check.lexical < self.lexical_sure:
            if self.embedder is None:
                check.reason = "overlap onder zekerheidsgrens en geen embedder"
                return check
            q_vec = self._vector(sentence, True)
            check.semantic = _cosine(q_vec, self._vector(best.span.text, False))
            if check.semantic < self.semantic_min:
                check.reason = f"betekenis wijkt af ({check.semantic:.2f})"
                return check
        check.supported_by = p.n
        return check

    def _loose_numbers(self, sentence: str, ev: _Evidence) -> list[str]:
        """Numbers bind to their own sentence: "alle overheden samen: 10 miljard" is wrong when
        the passage's 10 miljard belongs to the Rijk and the 73 miljard to all governments. Each
        number needs a passage sentence that holds it and enough of the draft's other words."""
        others = set(content_terms(_NUMBER_RE.sub(" ", sentence)))
        if not others:
            return []
        loose = []
        for num in numbers(sentence):
            best = 0
            for w in ev.windows:
                if num in w.span.text:
                    held = _NUMBER_RE.sub(" ", _first_sentence(w.span.text, num))
                    best = max(best, len(others & set(content_terms(held))))
            if best / len(others) < self.lexical_min:
                loose.append(num)
        return loose

    def check(self, sentence: str, passages: list[Passage]) -> SentenceCheck:
        """Check one draft sentence (with its [n] markers) against the passages."""
        clean, cited = split_citations(sentence)
        terms = set(content_terms(clean))
        if len(set(content_terms(_NUMBER_RE.sub(" ", clean)))) < MIN_CONTENT_TERMS:
            return SentenceCheck(text=clean, cited=cited, reason="te weinig inhoud om te toetsen")
        by_n = {p.n: p for p in passages}
        valid = [n for n in cited if n in by_n]
        result = SentenceCheck(text=clean, cited=valid, reason="geen geldige bronverwijzing")
        for n in valid:
            c = self._against(clean, terms, by_n[n])
            if c.supported:
                c.cited = valid
                return c
            result = c
            result.cited = valid
        # The model's citation is missing or wrong: look for the passage that does support it.
        for p in passages:
            if p.n in valid:
                continue
            c = self._against(clean, terms, p)
            if c.supported:
                c.cited = valid
                return c
        return result
