"""The one interface every answer model implements: stream a draft for a prompt."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from assistant.prompts import DraftPrompt


class LLMError(RuntimeError):
    """The model could not produce a draft (not installed, not reachable, crashed)."""


class LLMBackend(ABC):
    """A draft writer. Drafts are untrusted text: the verifier decides what reaches the user."""

    name: str = "base"

    @abstractmethod
    def stream_draft(self, prompt: DraftPrompt) -> Iterator[str]:
        """Yield pieces of text as the model produces them. Raise LLMError on failure."""

    def describe(self) -> str:
        return self.name
