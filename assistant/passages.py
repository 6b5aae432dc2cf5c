"""Retrieved passages, numbered as the user sees them ([1], [2], ...), and their citations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain_core.documents import Document

from assistant.answer_models import Citation
from assistant.text import Span, tidy


@dataclass(frozen=True)
class Passage:
    n: int
    text: str
    meta: dict[str, Any]

    @classmethod
    def from_document(cls, n: int, doc: Document) -> Passage:
        return cls(n=n, text=doc.page_content, meta=dict(doc.metadata))

    @property
    def source(self) -> str:
        return str(self.meta.get("source", ""))

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.source)

    @property
    def score(self) -> float:
        try:
            return float(self.meta.get("score", 0.0))
        except (TypeError, ValueError):
            return 0.0

    def _offsets(self, span: Span | None) -> tuple[int | None, int | None]:
        start, end = self.meta.get("start"), self.meta.get("end")
        if start is None or end is None:
            return None, None
        start, end = int(start), int(end)
        # Narrow to the quoted sentence only when the chunk text is the exact source slice.
        if span is not None and end - start == len(self.text):
            return start + span.start, start + span.end
        return start, end

    def citation(self, span: Span | None = None) -> Citation:
        start, end = self._offsets(span)
        quote = tidy(span.text if span is not None else self.text)
        return Citation(
            n=self.n,
            source=self.source,
            title=self.title,
            section=str(self.meta.get("section") or ""),
            chunk_id=str(self.meta.get("chunk_id") or ""),
            start=start,
            end=end,
            quote=quote[:600],
        )


def number_passages(docs: list[Document]) -> list[Passage]:
    return [Passage.from_document(i + 1, d) for i, d in enumerate(docs)]


def as_prompt_block(passages: list[Passage], max_chars: int = 900) -> str:
    """Passages delimited as data for the model. The markers are checked on the way back: a
    passage cannot close its own block because any marker text inside it is neutralised."""
    blocks = []
    for p in passages:
        body = tidy(p.text).replace("<<<", "‹‹‹").replace(">>>", "›››")[:max_chars]
        blocks.append(f"<<<BRON {p.n}: {p.title}>>>\n{body}\n<<<EINDE BRON {p.n}>>>")
    return "\n".join(blocks)
