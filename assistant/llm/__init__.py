"""Answer-model backends behind one interface, chosen by `settings.llm_backend`.

`get_llm(settings)` returns None for the extractive backend (no model). Backends are cached per
process and configuration, so the GGUF is loaded once however many requests arrive."""

from __future__ import annotations

import threading

from assistant.llm.base import LLMBackend, LLMError
from assistant.settings import Settings

__all__ = ["LLMBackend", "LLMError", "get_llm"]

_CACHE: dict[tuple, LLMBackend] = {}
_LOCK = threading.Lock()


def _key(settings: Settings) -> tuple:
    return (
        settings.llm_backend,
        str(settings.llm_gguf),
        str(settings.data_dir),
        settings.ollama_url,
        settings.ollama_model,
        settings.llm_max_tokens,
        settings.llm_threads,
    )


def get_llm(settings: Settings) -> LLMBackend | None:
    if settings.llm_backend == "extractive":
        return None
    key = _key(settings)
    with _LOCK:
        backend = _CACHE.get(key)
        if backend is None:
            if settings.llm_backend == "llama":
                from assistant.llm.llama import LlamaBackend

                backend = LlamaBackend(settings)
            elif settings.llm_backend == "ollama":
                from assistant.llm.ollama import OllamaBackend

                backend = OllamaBackend(settings)
            else:  # pragma: no cover - Settings validates the literal
                raise LLMError(f"Onbekende backend: {settings.llm_backend}")
            _CACHE[key] = backend
        return backend
