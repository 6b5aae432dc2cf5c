"""Fakes for unit tests of the web layer only (the real chain and index have their own tests,
and the e2e tests drive the real ones)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.answer_models import AnswerResult, Citation, ConversationContext

SOURCE_TEXT = (
    "# Gids Proportionaliteit\n\n"
    "## 3.4 Keuze van de procedure\n\n"
    "Bij een opdracht onder de drempel kiest de aanbestedende dienst een passende procedure.\n"
    "De keuze wordt gemotiveerd in het inkoopdossier.\n\n"
    "## 3.5 Aantal offertes\n\n"
    "Vraag bij een meervoudig onderhandse procedure drie tot vijf offertes aan.\n"
)
PASSAGE = "Vraag bij een meervoudig onderhandse procedure drie tot vijf offertes aan."


@dataclass
class FakeCleaned:
    name: str
    title: str
    kind: str
    publisher: str
    date: str
    text: str
    label: str | None = None


@dataclass
class FakeInfo:
    name: str
    title: str
    kind: str
    publisher: str
    date: str
    label: str | None = None
    chunk_count: int = 3


class FakeIndex:
    def __init__(self, docs: list[FakeCleaned] | None = None) -> None:
        self.docs = {d.name: d for d in (docs or [default_doc()])}

    def list_sources(self) -> list[FakeInfo]:
        return [
            FakeInfo(d.name, d.title, d.kind, d.publisher, d.date, d.label)
            for d in self.docs.values()
        ]

    def get_cleaned(self, name: str) -> FakeCleaned | None:
        return self.docs.get(name)

    def knowledge_version(self) -> str:
        return "abc123def456"


def default_doc() -> FakeCleaned:
    return FakeCleaned(
        name="gids-proportionaliteit.md",
        title="Gids Proportionaliteit",
        kind="guidance",
        publisher="Ministerie van Economische Zaken",
        date="2024-03-01",
        text=SOURCE_TEXT,
    )


def passage_citation(n: int = 1) -> Citation:
    start = SOURCE_TEXT.index(PASSAGE)
    return Citation(
        n=n,
        source="gids-proportionaliteit.md",
        title="Gids Proportionaliteit",
        section="3.5 Aantal offertes",
        chunk_id="c1",
        start=start,
        end=start + len(PASSAGE),
        quote=PASSAGE,
    )


@dataclass
class FakeAnswerer:
    """Streams a fixed answer word by word and records what it was asked."""

    answer: str = "Vraag drie tot vijf offertes aan [1]."
    card: dict[str, Any] | None = None
    backend: str = "llama"
    fallback_reason: str | None = None
    fail: bool = False
    calls: list[dict[str, Any]] = field(default_factory=list)

    def stream(
        self, question: str, role: str = "buyer", context: ConversationContext | None = None
    ) -> Iterator[dict[str, Any]]:
        self.calls.append({"question": question, "role": role, "context": context})
        yield {"type": "route", "route": "check" if self.card else "knowledge"}
        if self.fail:
            raise RuntimeError("model crashed")
        if self.card:
            yield {"type": "card", "card": self.card}
        for piece in re.findall(r"\S+\s*", self.answer):
            yield {"type": "token", "text": piece}
        citations = [passage_citation()]
        yield {"type": "citations", "citations": [c.model_dump() for c in citations]}
        ctx = (context or ConversationContext()).with_turn(question, self.answer)
        result = AnswerResult(
            answer=self.answer,
            citations=citations,
            card=self.card,
            role=role,
            backend=self.backend,
            fallback_reason=self.fallback_reason,
            context=ctx,
        )
        yield {"type": "done", "result": result.model_dump(mode="json")}


def sample_card() -> dict[str, Any]:
    """A VerdictCard-shaped dict (contract B) for rendering tests."""
    return {
        "contract_value_eur": 480000.0,
        "verdicts": [
            {
                "topic": "drempel",
                "status": "onder",
                "text": "De waarde ligt onder de drempel.",
                "rule_id": "eu-2026",
                "sources": [
                    {
                        "title": "Drempelbedragen",
                        "source": "gids-proportionaliteit.md",
                        "section": "3.4 Keuze van de procedure",
                        "url": None,
                    }
                ],
                "valid_from": "2026-01-01",
                "valid_to": "2027-12-31",
                "policy_not_law": False,
                "verified": True,
            },
            {
                "topic": "social_return",
                "status": "toepassen",
                "text": "Pas social return toe.",
                "rule_id": "sr-1",
                "sources": [],
                "valid_from": None,
                "valid_to": None,
                "policy_not_law": True,
                "verified": True,
            },
        ],
        "criteria": [],
        "assumptions": ["Looptijd aangenomen op 4 jaar."],
        "questions": [],
    }
