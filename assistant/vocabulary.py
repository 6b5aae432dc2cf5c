"""The words the sources know, to recognise questions about things they never mention.

Retrieval always returns *something*, and fused rank scores say nothing about absolute relevance.
A question whose key words (e.g. "kerncentrale", "Borssele") occur nowhere in the cleaned sources
cannot be answered from them, however the passages rank. The vocabulary is rebuilt when the
knowledge version changes (uploads, approved answers)."""

from __future__ import annotations

import logging
import threading

from assistant.settings import Settings
from assistant.text import content_terms, stem

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


def _known_compound(term: str, vocabulary: frozenset[str]) -> bool:
    """Dutch glues words together: "schoonmaakcontract", "beveiligingsopdracht". Such a word is
    known when it splits into two words the sources use (with an optional linking s), one of
    them a procurement word; "kerncentrale" (kern + centrale) stays unknown."""
    from assistant.router import DOMAIN_TERMS

    for i in range(4, len(term) - 3):
        head, tail = term[:i], term[i:]
        tail = tail if tail in vocabulary else stem(tail)
        if tail not in vocabulary:
            continue
        # The compound was stemmed as one word: its head is a whole word still ("catering").
        heads = {head, stem(head)} | ({head[:-1], stem(head[:-1])} if head.endswith("s") else set())
        for h in heads:
            if len(h) >= 4 and h in vocabulary and (tail in DOMAIN_TERMS or h in DOMAIN_TERMS):
                return True
    return False


def unknown_terms(question: str, vocabulary: frozenset[str] | None) -> list[str]:
    """Question terms the sources never use, compounds of known words excepted (empty when
    the vocabulary is unknown)."""
    if not vocabulary:
        return []
    return [
        t
        for t in dict.fromkeys(content_terms(question))
        if t not in vocabulary and not _known_compound(t, vocabulary)
    ]
