"""The words the sources know, to recognise questions about things they never mention.

Retrieval always returns *something*, and fused rank scores say nothing about absolute relevance.
A question whose key words (e.g. "kerncentrale", "Borssele") occur nowhere in the cleaned sources
cannot be answered from them, however the passages rank. The vocabulary is rebuilt when the
knowledge version changes (uploads, approved answers)."""

from __future__ import annotations

import logging
import threading

from assistant.settings import Settings
from assistant.text import content_terms

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_CACHE: dict[str, tuple[str, frozenset[str]]] = {}


def corpus_terms(settings: Settings) -> frozenset[str] | None:
    """Stemmed content terms of all cleaned sources; None when there is no index to read."""
    try:
        from ingest.index import open_index

        index = open_index(settings)
        version = index.knowledge_version()
    except Exception:
        return None
    if not version:
        return None
    key = str(settings.index_dir)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached and cached[0] == version:
            return cached[1]
        terms: set[str] = set()
        for info in index.list_sources():
            cleaned = index.get_cleaned(info.name)
            if cleaned is not None:
                terms.update(content_terms(f"{cleaned.title} {cleaned.text}"))
        vocab = frozenset(terms)
        _CACHE[key] = (version, vocab)
        log.info("corpus vocabulary: %d terms (knowledge version %s)", len(vocab), version)
        return vocab


def unknown_terms(question: str, vocabulary: frozenset[str] | None) -> list[str]:
    """Question terms the sources never use (empty when the vocabulary is unknown)."""
    if not vocabulary:
        return []
    return [t for t in dict.fromkeys(content_terms(question)) if t not in vocabulary]
