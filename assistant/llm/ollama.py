"""Ollama backend through the official `ollama` client: the deployment's stronger model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from assistant.llm.base import LLMBackend, LLMError
from assistant.llm.deadline import LLMTimeout
from assistant.prompts import STOP_SEQUENCES, DraftPrompt
from assistant.settings import Settings


class OllamaBackend(LLMBackend):
    name = "ollama"

    def __init__(self, settings: Settings, **client_kwargs: Any) -> None:
        import ollama

        self._settings = settings
        self._model = settings.ollama_model
        # client_kwargs reach httpx (tests pass a transport that replays recorded exchanges).
        self._client = ollama.Client(
            host=settings.ollama_url, timeout=settings.llm_timeout_s, **client_kwargs
        )

    def describe(self) -> str:
        return f"Ollama {self._model} @ {self._settings.ollama_url}"

    def stream_draft(self, prompt: DraftPrompt) -> Iterator[str]:
        import ollama

        try:
            stream = self._client.chat(
                model=self._model,
                messages=prompt.chat_messages(),
                stream=True,
                options={
                    "num_predict": self._settings.llm_max_tokens,
                    "temperature": 0.0,
                    "repeat_penalty": 1.3,
                    "stop": STOP_SEQUENCES,
                },
            )
            for part in stream:
                text = part.message.content if part.message else None
                if text:
                    yield text
        except httpx.TimeoutException as exc:
            # The client's own timeout equals the answer deadline: report it as a timeout too,
            # so the user reads that the model was too slow, not that it is missing.
            raise LLMTimeout(f"Ollama antwoordde niet op tijd: {exc}") from exc
        except (ollama.ResponseError, ConnectionError, OSError) as exc:
            raise LLMError(f"Ollama fout: {exc}") from exc
        except Exception as exc:  # httpx timeouts and protocol errors
            raise LLMError(f"Ollama niet bereikbaar: {exc}") from exc
