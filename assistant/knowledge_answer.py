"""Knowledge questions: retrieve, keep only relevant passages, answer with verified citations."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Generator, Iterator
from contextvars import ContextVar
from typing import Any

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant import prompts
from assistant.answer_models import AnswerResult, Citation
from assistant.drafting import DraftOutcome, DraftVerifier, needs_number
from assistant.extractive import ExtractiveAnswerer, render
from assistant.llm import LLMBackend, LLMError
from assistant.llm.deadline import LLMTimeout
from assistant.passages import Passage, as_prompt_block, number_passages
from assistant.settings import Settings
from assistant.text import Span, content_terms, numbers, tidy
from assistant.verify import Verifier
from assistant.vocabulary import corpus_terms, unknown_terms

log = logging.getLogger(__name__)

# Passages handed to the model: few and short, so a small model's context stays focused.
MODEL_PASSAGES = 3
# A passage is evidence only if it shares enough of the question's content words.
MIN_TERM_OVERLAP = 0.3
# Question words that ask how to monitor a contract ("monitoren", "KPI", "bewijs", "meten").
MONITORING_TERMS = frozenset(
    content_terms("monitoren monitoring monitor kpi bewijs meten controleren rapportage naleving")
)
_MONITORING_LINE = re.compile(r"Monitoring: [^\n]*?\(voorstel\)\.")
# Share of question words the sources never use from which the question is about something else.
MAX_UNKNOWN_SHARE = 1 / 3


def _tokens(text: str) -> Iterator[dict[str, Any]]:
    for piece in re.findall(r"\S+\s*|\s+", text):
        yield {"type": "token", "text": piece}


def relevant(docs: list[Document], query: str, threshold: float) -> list[Document]:
    """Passages above the score threshold that also share words with the question."""
    q_terms = set(content_terms(query))
    keep = []
    for d in docs:
        score = float(d.metadata.get("score", 0.0) or 0.0)
        if score < threshold:
            continue
        terms = set(content_terms(d.page_content + " " + str(d.metadata.get("section", ""))))
        overlap = len(q_terms & terms) / len(q_terms) if q_terms else 0.0
        if overlap >= MIN_TERM_OVERLAP or len(q_terms & terms) >= 3:
            keep.append(d)
    return keep


_TURN_CACHE: ContextVar[dict[str, list[Document]] | None] = ContextVar(
    "inkoop_turn_retrieval_cache", default=None
)


def begin_turn() -> None:
    """Start a fresh per-turn retrieval cache in the current context."""
    _TURN_CACHE.set({})


class KnowledgeAnswerer:
    def __init__(
        self,
        settings: Settings,
        retriever: BaseRetriever,
        llm: LLMBackend | None,
        verifier: Verifier | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.llm = llm
        self._verifier = verifier
        self.extractive = ExtractiveAnswerer()

    @property
    def verifier(self) -> Verifier:
        if self._verifier is None:
            embedder = None
            try:
                from ingest.embeddings import get_embedder

                embedder = get_embedder(self.settings)
            except Exception:  # the verifier still works lexically (stricter) without it
                log.warning("no embedder for verification; lexical checks only", exc_info=True)
            self._verifier = Verifier(embedder=embedder)
        return self._verifier

    def _retrieve(self, query: str) -> list[Document]:
        # The router's probe and the answer use the same query: retrieve once per turn. The cache
        # lives in the turn's context, never on this shared object, so concurrent requests and
        # later turns (after an upload or approval) never see another turn's passages.
        cache = _TURN_CACHE.get()
        if cache is not None and query in cache:
            return cache[query]
        docs = self.retriever.invoke(query)
        if cache is not None:
            cache[query] = docs
        return docs

    def _retrieve_for_role(self, query: str, role: str) -> list[Document]:
        """Also search with the role's focus words, so a contract manager's question finds the
        monitoring passages and a lawyer's the legal ones; results are interleaved."""
        docs = self._retrieve(query)
        hint = prompts.ROLE_QUERY_HINTS.get(role)
        if not hint:
            return docs
        extra = self.retriever.invoke(f"{query} {hint}")
        merged: dict[str, Document] = {}
        for pair in zip(docs, extra, strict=False):
            for d in pair:
                merged.setdefault(str(d.metadata.get("chunk_id") or d.page_content[:80]), d)
        for d in [*docs, *extra]:
            merged.setdefault(str(d.metadata.get("chunk_id") or d.page_content[:80]), d)
        return list(merged.values())[: len(docs) + 2]

    def about_unknown_things(self, query: str) -> bool:
        """True when too many of the question's words occur nowhere in the sources."""
        terms = list(dict.fromkeys(content_terms(query)))
        unknown = unknown_terms(query, corpus_terms(self.settings))
        return bool(terms) and len(unknown) / len(terms) >= MAX_UNKNOWN_SHARE

    def supported_by_sources(self, query: str) -> bool:
        """For questions without procurement vocabulary: do the sources clearly cover it?"""
        if corpus_terms(self.settings) is None or self.about_unknown_things(query):
            return False
        q_terms = set(content_terms(query))
        for d in relevant(self._retrieve(query), query, self.settings.relevance_threshold):
            if len(q_terms & set(content_terms(d.page_content))) >= max(1, len(q_terms) / 2):
                return True
        return False

    def run(
        self, query: str, role: str, result: AnswerResult, timings: dict[str, float], t0: float
    ) -> Iterator[dict[str, Any]]:
        if (yield from self._monitoring_plan(query, result)):
            timings["answer"] = time.perf_counter() - t0
            return
        if self.about_unknown_things(query):
            yield from self._nothing_found(query, result)
            return
        docs = self._retrieve_for_role(query, role)
        timings["retrieve"] = time.perf_counter() - t0
        passages = number_passages(relevant(docs, query, self.settings.relevance_threshold))
        if not passages:
            yield from self._nothing_found(query, result)
            return
        if self.llm is not None:
            handled = yield from self._with_model(query, role, passages, result)
            if handled:
                timings["answer"] = time.perf_counter() - t0
                return
        yield from self._extractive(query, role, passages, result)
        timings["answer"] = time.perf_counter() - t0

    # -- paths ----------------------------------------------------------------------------------
    def _monitoring_plan(
        self, query: str, result: AnswerResult
    ) -> Generator[dict[str, Any], None, bool]:
        """ "Hoe monitor ik de criteria in mijn schoonmaakcontract?": the monitoring lines (KPI,
        evidence, when) of that product group's criteria, per ambition level, verbatim from
        its criteria document. Similarity search tends to find the evaluation's general
        remarks on monitoring instead. Returns False when the question is not of this kind."""
        fetch = getattr(self.retriever, "source_documents", None)
        asks = MONITORING_TERMS & set(content_terms(query))
        if fetch is None or not asks:
            return False
        try:
            from assistant.profile import parse_profile
            from knowledge.passages import criteria_doc
        except ImportError:  # the rules engine is not installed
            return False
        group = parse_profile(query).profile.product_group
        # For ICT hardware "monitoren" is most likely the screens being bought.
        if not group or (group == "ict_hardware" and asks <= {"monitor"}):
            return False
        docs = [d for d in fetch(criteria_doc(group)) if _MONITORING_LINE.search(d.page_content)]
        passages = number_passages(docs)
        lines, spans = [], {}
        for p in passages:
            # As knowledge.passages writes it: "Monitoring: <kpi>; bewijs: ...; wanneer: ...
            # (voorstel)." The KPI itself may hold semicolons, so match up to "(voorstel)."
            for m in _MONITORING_LINE.finditer(p.text):
                span = Span(m.group(0), m.start(), m.end())
                section = str(p.meta.get("section") or "")
                lines.append(f"- {section} — {tidy(span.text)} [{p.n}]")
                spans.setdefault(p.n, span)
        if not lines:
            return False
        name = passages[0].title.split(":", 1)[-1].strip()
        text = prompts.MONITORING_LEAD.format(group=name) + "\n\n" + "\n".join(lines)
        yield from _tokens(text)
        result.answer, result.backend = text, "extractive"
        result.citations = self._citations(passages, spans)
        return True

    def _nothing_found(self, query: str, result: AnswerResult) -> Iterator[dict[str, Any]]:
        text = f"{prompts.NOTHING_FOUND} Ik heb in de bronnen gezocht naar: “{query}”."
        titles = self._source_titles()
        if titles:
            text += " Doorzocht: " + "; ".join(titles) + "."
        result.answer, result.searched, result.backend = text, [query], "extractive"
        yield from _tokens(text)

    def _source_titles(self) -> list[str]:
        try:
            from ingest.index import open_index

            return [s.title for s in open_index(self.settings).list_sources()][:12]
        except Exception:  # what was searched is a courtesy; the answer stands without it
            return []

    def _extractive(
        self, query: str, role: str, passages: list[Passage], result: AnswerResult
    ) -> Iterator[dict[str, Any]]:
        picked = self.extractive.pick(query, passages, role)
        if not picked:
            yield from self._nothing_found(query, result)
            return
        lines = render(picked)
        text = prompts.EXTRACTIVE_LEAD + "\n\n" + "\n".join(f"- {line}" for line in lines)
        yield from _tokens(text)
        spans: dict[int, Span] = {}
        for pk in picked:
            spans.setdefault(pk.passage.n, pk.span)
        result.answer, result.backend = text, "extractive"
        result.citations = self._citations(passages, spans)

    def _with_model(
        self, query: str, role: str, passages: list[Passage], result: AnswerResult
    ) -> Iterator[dict[str, Any]]:
        """Stream the verified draft. Returns True when it produced the answer."""
        assert self.llm is not None
        prompt = prompts.DraftPrompt(
            question=query,
            passages_block=as_prompt_block(self._focus(query, role, passages)),
            role=role,
        )
        out = DraftOutcome(
            needs_number=needs_number(query), question_numbers=frozenset(numbers(query))
        )
        drafter = DraftVerifier(self.verifier, self.settings.llm_timeout_s)
        streamed: list[str] = []
        reason = None
        try:
            for sentence in drafter.stream(self.llm, prompt, passages, out):
                piece = sentence if not streamed else " " + sentence
                streamed.append(piece)
                yield from _tokens(piece)
        except LLMTimeout:
            reason = prompts.FALLBACK_TIMEOUT if not streamed else prompts.CUT_OFF_NOTICE
        except LLMError as exc:
            log.warning("model draft failed: %s", exc)
            reason = prompts.FALLBACK_MODEL_ERROR
        result.verification = out.stats
        if streamed and out.acceptable:
            result.answer = "".join(streamed)
            result.backend = self.llm.name  # type: ignore[assignment]
            result.citations = self._citations(passages, out.spans)
            if out.stats.removed:
                result.notices.append(prompts.REMOVED_NOTICE.format(n=out.stats.removed))
            if reason:  # stopped half-way: say so, keep what was verified
                result.notices.append(reason)
            return True
        if reason is None and out.sentences and not out.answers_question:
            reason = prompts.FALLBACK_NO_NUMBER
        result.fallback_reason = reason or prompts.FALLBACK_UNVERIFIED
        return False

    def _focus(self, query: str, role: str, passages: list[Passage]) -> list[Passage]:
        """The model sees only the most relevant sentences, under their passage numbers: a
        short prompt keeps a small model on topic and its first token early."""
        picked = self.extractive.pick(query, passages, role)
        by_n: dict[int, list] = {}
        for pk in picked:
            by_n.setdefault(pk.passage.n, []).append(pk)
        focused = [
            Passage(
                n=n,
                text=" ".join(pk.text for pk in sorted(pks, key=lambda pk: pk.span.start)),
                meta=pks[0].passage.meta,
            )  # fmt: skip
            for n, pks in sorted(by_n.items())
        ]
        return focused[:MODEL_PASSAGES] or passages[:MODEL_PASSAGES]

    def _citations(self, passages: list[Passage], spans: dict[int, Span]) -> list[Citation]:
        by_n = {p.n: p for p in passages}
        cites = [by_n[n].citation(spans[n]) for n in sorted(spans) if n in by_n]
        self._check_offsets(cites, {n: spans[n].text for n in spans})
        return cites

    def _check_offsets(self, cites: list[Citation], raw: dict[int, str]) -> None:
        """The offsets must open the quoted sentence in the cleaned source. If the index's
        chunk offsets are stale, find the sentence in the cleaned text instead."""
        try:
            from ingest.index import open_index

            index = open_index(self.settings)
        except Exception:
            return
        texts: dict[str, str | None] = {}
        for c in cites:
            if c.start is None or c.n not in raw:
                continue
            if c.source not in texts:
                try:
                    cleaned = index.get_cleaned(c.source)
                except Exception:
                    cleaned = None
                texts[c.source] = cleaned.text if cleaned is not None else None
            text, quote = texts[c.source], raw[c.n]
            if text is None or text[c.start : c.end] == quote:
                continue
            found = text.find(quote)
            if found != -1:
                log.warning("stale chunk offsets for %s; relocated the quote", c.chunk_id)
                c.start, c.end = found, found + len(quote)
