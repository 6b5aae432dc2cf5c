"""Read access to the built index: sources, cleaned texts, chunks, knowledge version."""

from __future__ import annotations

import json
from typing import Any

from assistant.settings import Settings
from ingest.documents import CleanedSource, SourceInfo
from ingest.ledger import Ledger, cleaned_path, read_version


class KnowledgeIndex:
    """What the web app and the answerer may ask of the index (contract A)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store = None

    @property
    def store(self):  # lazy: listing sources must not load Chroma or the embedder
        if self._store is None:
            from ingest.store import ChunkStore

            self._store = ChunkStore(self.settings)
        return self._store

    def list_sources(self) -> list[SourceInfo]:
        ledger = Ledger(self.settings.index_dir)
        out = []
        for name, entry in sorted(ledger.entries.items()):
            m = entry.meta
            out.append(
                SourceInfo(
                    name=name,
                    title=m.get("title", name),
                    kind=m.get("kind", ""),
                    publisher=m.get("publisher", ""),
                    date=m.get("date", ""),
                    label=m.get("label"),
                    chunk_count=len(entry.chunk_ids),
                )
            )
        return out

    def get_cleaned(self, name: str) -> CleanedSource | None:
        path = cleaned_path(self.settings.index_dir, name)
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return CleanedSource(**data)

    def get_chunk(self, chunk_id: str) -> dict[str, Any] | None:
        found = self.store.get([chunk_id])
        if not found:
            return None
        cid, text, meta = found[0]
        return {"chunk_id": cid, "text": text, **meta}

    def knowledge_version(self) -> str:
        return read_version(self.settings.index_dir)


def open_index(settings: Settings) -> KnowledgeIndex:
    return KnowledgeIndex(settings)
