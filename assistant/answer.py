"""The answering chain, composed with LangChain runnables and streamed as events.

    prepare (strip override attempts, route) -> branch:
        check         -> rules engine verdict card, text written by code, the rules' own sources
        out_of_scope  -> polite refusal saying what the assistant can do
        knowledge     -> retrieve -> model draft verified sentence by sentence, or extractive

Events (dicts): route, card, token, citations, done (see CONTRACTS.md, C)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableBranch, RunnableGenerator, RunnableLambda

from assistant import prompts
from assistant.answer_models import (
    AnswerResult,
    Citation,
    ConversationContext,
    Role,
    RouteName,
)
from assistant.knowledge_answer import KnowledgeAnswerer, begin_turn
from assistant.llm import LLMBackend, get_llm
from assistant.router import RouteDecision, route
from assistant.safety import strip_override
from assistant.settings import Settings

__all__ = ["AnswerResult", "Answerer", "Citation", "ConversationContext"]

log = logging.getLogger(__name__)
_UNSET: Any = object()


@dataclass
class Turn:
    """State handed from one runnable to the next for one question."""

    question: str
    role: Role
    context: ConversationContext
    decision: RouteDecision | None = None
    override: bool = False
    started: float = field(default_factory=time.perf_counter)
    timings: dict[str, float] = field(default_factory=dict)


def tokens(text: str) -> Iterator[dict[str, Any]]:
    """Stream code-written text word by word, like a model would."""
    for piece in re.findall(r"\S+\s*|\s+", text):
        yield {"type": "token", "text": piece}


class Answerer:
    def __init__(
        self,
        settings: Settings,
        retriever: BaseRetriever | None = None,
        llm: LLMBackend | None = _UNSET,
        verifier: Any = None,
    ) -> None:
        self.settings = settings
        self._retriever = retriever
        self._llm = llm
        self._verifier = verifier
        self.chain: Runnable = self._build_chain()

    # -- lazily built parts ---------------------------------------------------------------------
    @cached_property
    def retriever(self) -> BaseRetriever:
        if self._retriever is not None:
            return self._retriever
        from assistant.retrieval import build_retriever

        return build_retriever(self.settings, mode="hybrid", k=self.settings.retrieval_k)

    @cached_property
    def llm(self) -> LLMBackend | None:
        return get_llm(self.settings) if self._llm is _UNSET else self._llm

    @cached_property
    def index(self) -> Any:
        """The knowledge index (cleaned sources), or None when there is none to read."""
        try:
            from ingest.index import open_index

            index = open_index(self.settings)
            return index if index.knowledge_version() else None
        except Exception:
            return None

    @cached_property
    def knowledge(self) -> KnowledgeAnswerer:
        return KnowledgeAnswerer(self.settings, self.retriever, self.llm, self._verifier)

    # -- the chain --------------------------------------------------------------------------------
    def _build_chain(self) -> Runnable:
        prepare = RunnableLambda(self._prepare, name="prepare_and_route")
        branch = RunnableBranch(
            (lambda t: t.decision.route == "check", RunnableGenerator(self._check, name="check")),
            (
                lambda t: t.decision.route == "out_of_scope",
                RunnableGenerator(self._out_of_scope, name="out_of_scope"),
            ),
            RunnableGenerator(self._knowledge, name="knowledge"),
        )
        return prepare | branch

    def _prepare(self, turn: Turn) -> Turn:
        question, turn.override = strip_override(turn.question)
        if turn.override and len(question.split()) < 3:
            # Nothing but an override attempt: refuse without searching.
            turn.decision = RouteDecision("out_of_scope", question)
        else:
            turn.decision = route(question or turn.question, turn.context)
            if turn.decision.route == "out_of_scope" and self.knowledge.supported_by_sources(
                turn.decision.question
            ):
                # No procurement words, but the sources clearly cover it ("Wat is SBIR?").
                turn.decision = RouteDecision("knowledge", turn.decision.question)
        turn.timings["route"] = time.perf_counter() - turn.started
        return turn

    # -- public API -----------------------------------------------------------------------------
    def stream(
        self,
        question: str,
        role: Role = "buyer",
        context: ConversationContext | None = None,
    ) -> Iterator[dict[str, Any]]:
        turn = Turn(question=question.strip(), role=role, context=context or ConversationContext())
        begin_turn()
        yield from self.chain.stream(turn)

    def answer(
        self,
        question: str,
        role: Role = "buyer",
        context: ConversationContext | None = None,
    ) -> AnswerResult:
        result = None
        for event in self.stream(question, role=role, context=context):
            if event["type"] == "done":
                result = AnswerResult.model_validate(event["result"])
        if result is None:  # pragma: no cover - every branch ends with done
            raise RuntimeError("answer chain ended without a result")
        return result

    # -- branches -------------------------------------------------------------------------------
    def _finish(self, turn: Turn, result: AnswerResult) -> Iterator[dict[str, Any]]:
        result.role = turn.role
        result.timings = {**turn.timings, "total": time.perf_counter() - turn.started}
        if turn.override and prompts.OVERRIDE_NOTICE not in result.notices:
            result.notices.insert(0, prompts.OVERRIDE_NOTICE)
        result.context = turn.context.with_turn(turn.question, result.answer)
        if result.card is not None and turn.decision and turn.decision.profile is not None:
            result.context.profile = turn.decision.profile.model_dump(mode="json")
        yield {"type": "citations", "citations": [c.model_dump() for c in result.citations]}
        yield {"type": "done", "result": result.model_dump(mode="json")}

    def _route_event(self, name: RouteName) -> dict[str, Any]:
        return {"type": "route", "route": name}

    def _out_of_scope(self, turns: Iterator[Turn]) -> Iterator[dict[str, Any]]:
        for turn in turns:
            yield self._route_event("out_of_scope")
            text = prompts.OVERRIDE_REFUSAL if turn.override else prompts.OUT_OF_SCOPE
            yield from tokens(text)
            yield from self._finish(turn, AnswerResult(answer=text, route="out_of_scope"))

    def _check(self, turns: Iterator[Turn]) -> Iterator[dict[str, Any]]:
        from assistant.card_answer import locate, render_card
        from assistant.opdrachtcheck import evaluate_with

        for turn in turns:
            yield self._route_event("check")
            decision = turn.decision
            assert decision is not None
            # The parser's assumptions and questions belong on the card next to the rules' own.
            card = evaluate_with(
                decision.profile,
                list(decision.assumptions),
                list(decision.questions),
                settings=self.settings,
            ).model_dump(mode="json")
            turn.timings["rules"] = time.perf_counter() - turn.started
            yield {"type": "card", "card": card}
            rendered = render_card(card, turn.role)
            locate(rendered.citations, self.index)
            text = rendered.markdown()
            yield from tokens(text)
            result = AnswerResult(
                answer=text,
                citations=rendered.citations,
                verdicts=list(card.get("verdicts") or []),
                card=card,
                route="check",
            )
            yield from self._finish(turn, result)

    def _knowledge(self, turns: Iterator[Turn]) -> Iterator[dict[str, Any]]:
        for turn in turns:
            yield self._route_event("knowledge")
            decision = turn.decision
            assert decision is not None
            query = decision.question
            if decision.follow_up and turn.context.turns:
                # "en hoe monitor ik dat?" needs the subject of the previous question.
                query = f"{turn.context.turns[-1].question} {query}"
            result = AnswerResult(answer="", route="knowledge")
            yield from self.knowledge.run(query, turn.role, result, turn.timings, turn.started)
            yield from self._finish(turn, result)
