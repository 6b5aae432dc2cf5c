"""The ledger: which documents are in the index, with their content hash and chunk ids.

Written atomically after every document, so a killed ingest resumes where it stopped. The
knowledge version (a short hash over all documents' content hashes) is kept in a tiny file
that readers poll cheaply to notice upserts and removals made by other processes."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class LedgerEntry:
    hash: str
    meta: dict[str, Any]
    chunk_ids: list[str]
    origin: str  # "sources" | "knowledge" | "documents"
    cleaning: dict[str, int] = field(default_factory=dict)


def write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Ledger:
    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.path = index_dir / "ledger.json"
        self.entries: dict[str, LedgerEntry] = {}
        if self.path.exists():
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = {k: LedgerEntry(**v) for k, v in raw["documents"].items()}

    def save(self) -> None:
        payload = {"documents": {k: vars(v) for k, v in sorted(self.entries.items())}}
        write_atomic(self.path, json.dumps(payload, ensure_ascii=False))
        write_atomic(self.index_dir / "VERSION", self.version())

    def version(self) -> str:
        h = hashlib.sha256()
        for name, entry in sorted(self.entries.items()):
            h.update(f"{name}\x1f{entry.hash}\n".encode())
        return h.hexdigest()[:12]

    def all_chunk_ids(self) -> set[str]:
        return {cid for e in self.entries.values() for cid in e.chunk_ids}


def read_version(index_dir: Path) -> str:
    """The current knowledge version ("" when nothing was ingested yet)."""
    try:
        return (index_dir / "VERSION").read_text().strip()
    except FileNotFoundError:
        return ""


@contextlib.contextmanager
def write_lock(index_dir: Path) -> Iterator[None]:
    """One writer at a time across processes (CLI ingest, web uploads, several workers)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / "write.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def cleaned_path(index_dir: Path, name: str) -> Path:
    safe = hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]
    return index_dir / "cleaned" / f"{safe}.json"
