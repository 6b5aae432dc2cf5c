"""Data shapes of the answer chain (contract C): citations, results, conversation memory."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Role = Literal["buyer", "contract_manager", "legal", "admin"]
RouteName = Literal["check", "knowledge", "out_of_scope"]
BackendName = Literal["llama", "ollama", "extractive"]


class Citation(BaseModel):
    """One numbered source reference. start/end are offsets into the cleaned source text."""

    n: int = Field(description="The number used as [n] in the answer.")
    source: str = Field(description="Document name as ingested (the manifest file name).")
    title: str
    section: str = ""
    chunk_id: str = ""
    start: int | None = Field(None, description="Offset of the quote in the cleaned source.")
    end: int | None = None
    quote: str = Field("", description="The passage text the answer relies on.")


class Turn(BaseModel):
    question: str
    answer: str


class ConversationContext(BaseModel):
    """What a follow-up question needs from earlier turns; JSON-persistable."""

    turns: list[Turn] = Field(default_factory=list)
    profile: dict[str, Any] | None = Field(
        None, description="The last ContractProfile (model_dump(mode='json')) or None."
    )

    def with_turn(self, question: str, answer: str, keep: int = 6) -> ConversationContext:
        turns = [*self.turns, Turn(question=question, answer=answer)][-keep:]
        return self.model_copy(update={"turns": turns})


class VerificationStats(BaseModel):
    """How the model draft fared in verification (all zero for extractive answers)."""

    draft_sentences: int = 0
    kept: int = 0
    removed: int = 0
    cited_supported: int = Field(0, description="Sentences whose own cited passage supports them.")
    cited_total: int = 0
    recited: int = Field(0, description="Sentences moved to the passage that does support them.")


class AnswerResult(BaseModel):
    answer: str = Field(description="Markdown with [n] citation markers.")
    citations: list[Citation] = Field(default_factory=list)
    verdicts: list[dict[str, Any]] = Field(default_factory=list)
    card: dict[str, Any] | None = None
    route: RouteName = "knowledge"
    role: Role = "buyer"
    backend: BackendName = "extractive"
    fallback_reason: str | None = Field(None, description="Dutch note shown to the user.")
    searched: list[str] = Field(default_factory=list, description="Queries when nothing found.")
    notices: list[str] = Field(default_factory=list, description="Dutch notes for the user.")
    verification: VerificationStats = Field(default_factory=VerificationStats)
    context: ConversationContext = Field(default_factory=ConversationContext)
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")
