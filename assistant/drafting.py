"""Model drafts, checked sentence by sentence while they stream.

A sentence reaches the user only after the verifier accepts it; the code writes its citation.
Verified text is held back until there is enough of it, so that a draft that falls apart can
still be replaced by the extractive answer without the user having seen half of it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.answer_models import VerificationStats
from assistant.llm.base import LLMBackend
from assistant.llm.deadline import stream_with_deadline
from assistant.passages import Passage
from assistant.prompts import DraftPrompt
from assistant.text import Span, content_terms, numbers, split_sentences
from assistant.verify import SentenceCheck, Verifier, split_citations

# Verified text is streamed once there is this much of it; a shorter draft is judged at the end.
MIN_ANSWER_CHARS = 60
# At the end, a short draft stands if most of it survived verification.
MIN_KEPT_SHARE = 0.5
_LEAD_RE = re.compile(r"^\s*(antwoord\s*:|answer\s*:|[-*•]\s+|\d+[.)]\s+)", re.I)
_NUMBER_QUESTION_RE = re.compile(
    r"\b(wanneer|hoeveel|hoe (groot|hoog|veel|lang)|in welk jaar|welk (jaar|percentage|bedrag))\b",
    re.I,
)
_ONLY_MARKERS_RE = re.compile(r"^(\s*\[\d{1,2}\]\s*)+")


def draft_sentences(text: str) -> list[str]:
    """Split a draft into sentences; a citation written after the period joins its sentence."""
    out: list[str] = []
    for span in split_sentences(text):
        piece = span.text
        lead = _ONLY_MARKERS_RE.match(piece)
        if lead and out:
            out[-1] = f"{out[-1]} {lead.group(0).strip()}"
            piece = piece[lead.end() :]
        piece = _LEAD_RE.sub("", piece).strip()
        if piece:
            out.append(piece)
    return out


def needs_number(question: str) -> bool:
    """Questions about an amount, share or moment need a number or date in the answer."""
    return bool(_NUMBER_QUESTION_RE.search(question))


@dataclass
class DraftOutcome:
    """Filled in while the draft streams; read after the stream ends."""

    sentences: list[str] = field(default_factory=list)
    checks: list[SentenceCheck] = field(default_factory=list)
    spans: dict[int, Span] = field(default_factory=dict)
    stats: VerificationStats = field(default_factory=VerificationStats)
    released: bool = False
    draft_chars: int = 0
    # "Wanneer ...?", "Hoeveel ...?": a draft without a number or year does not answer it.
    needs_number: bool = False

    question_numbers: frozenset[str] = frozenset()

    @property
    def has_number(self) -> bool:
        """A number the question did not already contain ("fase 1" does not date fase 1)."""
        found = {n for s in self.sentences for n in numbers(split_citations(s)[0])}
        return bool(found - self.question_numbers)

    @property
    def answers_question(self) -> bool:
        return self.has_number or not self.needs_number

    @property
    def kept_chars(self) -> int:
        return sum(len(s) for s in self.sentences)

    @property
    def acceptable(self) -> bool:
        """Enough of the draft survived to be the answer (else: extractive fallback)."""
        if self.released:
            return True
        if not self.sentences or not self.answers_question:
            return False
        return self.kept_chars >= MIN_KEPT_SHARE * self.draft_chars


class DraftVerifier:
    def __init__(self, verifier: Verifier, timeout_s: float) -> None:
        self.verifier = verifier
        self.timeout_s = timeout_s

    def _accept(self, sentence: str, passages: list[Passage], out: DraftOutcome) -> str | None:
        # Too short to state anything, or a fragment that announces a list it never gives.
        if len(sentence.split()) < 3 or split_citations(sentence)[0].rstrip().endswith(":"):
            return None
        check = self.verifier.check(sentence, passages)
        out.checks.append(check)
        out.draft_chars += len(check.text)
        st = out.stats
        st.draft_sentences += 1
        if check.cited:
            st.cited_total += 1
            st.cited_supported += int(check.cited_supported)
        terms = set(content_terms(check.text))
        repeated = any(
            terms and len(terms & set(content_terms(s))) / len(terms) > 0.7 for s in out.sentences
        )
        if not check.supported or repeated:
            st.removed += 1
            return None
        if not check.cited_supported:
            st.recited += 1
        st.kept += 1
        n = check.supported_by
        assert n is not None
        if check.span is not None:
            out.spans.setdefault(n, check.span)
        text = f"{check.text} [{n}]"
        out.sentences.append(text)
        return text

    def stream(
        self, backend: LLMBackend, prompt: DraftPrompt, passages: list[Passage], out: DraftOutcome
    ) -> Iterator[str]:
        """Yield verified sentences. Raises LLMError/LLMTimeout from the backend."""
        held: list[str] = []
        buf = ""

        def release(sentences: list[str]) -> Iterator[str]:
            for s in sentences:
                text = self._accept(s, passages, out)
                if text is None:
                    continue
                held.append(text)
                if out.released or (out.kept_chars >= MIN_ANSWER_CHARS and out.answers_question):
                    out.released = True
                    yield from held
                    held.clear()

        pieces = stream_with_deadline(lambda: backend.stream_draft(prompt), self.timeout_s)
        for piece in pieces:
            buf += piece
            sentences = draft_sentences(buf)
            # The last sentence may still grow; only earlier ones are complete.
            if len(sentences) > 1:
                yield from release(sentences[:-1])
                buf = sentences[-1]
        yield from release(draft_sentences(buf))
        if not out.released and out.acceptable:
            out.released = True
            yield from held
