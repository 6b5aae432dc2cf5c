"""Fault check: kill the ingest at random moments, re-run it, and count duplicates and orphans.

Each run starts from an empty data dir, starts `run_ingest` in a child process, SIGKILLs it at
a random moment within the time a clean ingest takes, then runs the ingest again to completion
and compares the index with a clean baseline built in the same session:
  duplicates  chunks whose (source, start, end) occurs more than once in Chroma
  orphans     chunk ids in Chroma that no ledger entry owns
  missing     chunk ids the ledger names that Chroma lacks
  bm25_diff   chunk ids in the BM25 index that differ from Chroma's
  vs_clean    chunk ids that differ from the clean baseline
All must be 0. Usage: .venv/bin/python benchmarks/fault_ingest.py [--runs 10] [--seed 7]
(a small corpus: the smallest source file plus the knowledge documents, to keep it short)."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = (
    "from assistant.settings import Settings; from ingest.pipeline import run_ingest; "
    "r = run_ingest(Settings()); print(len(r.processed))"
)


class _NoEmbedder:
    """Reading the store needs no embedding model."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise RuntimeError("not used")

    def embed_query(self, text: str) -> list[float]:
        raise RuntimeError("not used")


def _env(data_dir: Path, sources: Path) -> dict[str, str]:
    return {
        **os.environ,
        "INKOOP_DATA_DIR": str(data_dir),
        "INKOOP_SOURCES_DIR": str(sources),
        "ANONYMIZED_TELEMETRY": "FALSE",
    }


def _ingest(data_dir: Path, sources: Path, kill_after: float | None = None) -> tuple[float, bool]:
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=_env(data_dir, sources),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            return time.monotonic() - start, True
    else:
        proc.wait(timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed: {proc.stderr.read()[-1500:]}")
    return time.monotonic() - start, False


def inspect(data_dir: Path, sources: Path) -> dict[str, object]:
    from assistant.settings import Settings
    from ingest.bm25 import bm25_dir
    from ingest.ledger import Ledger, read_version
    from ingest.store import ChunkStore

    settings = Settings(data_dir=data_dir, sources_dir=sources)
    store = ChunkStore(settings, embedder=_NoEmbedder())  # type: ignore[arg-type]
    rows = store.get_all()
    ids = {cid for cid, _, _ in rows}
    spans = Counter((m.get("source"), m.get("start"), m.get("end")) for _, _, m in rows)
    ledger_ids = Ledger(settings.index_dir).all_chunk_ids()
    version = read_version(settings.index_dir)
    bm25_ids_file = bm25_dir(settings.index_dir, version) / "chunk_ids.json"
    bm25_ids = set(json.loads(bm25_ids_file.read_text())) if bm25_ids_file.exists() else set()
    return {
        "ids": ids,
        "chunks": len(rows),
        "duplicates": sum(n - 1 for n in spans.values() if n > 1),
        "orphans": len(ids - ledger_ids),
        "missing": len(ledger_ids - ids),
        "bm25_diff": len(bm25_ids ^ ids),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    base = Path(tempfile.mkdtemp(prefix="inkoop-fault-"))
    try:
        sources = base / "sources"
        sources.mkdir()
        corpus = ROOT / "knowledge" / "sources"
        texts = [p for p in corpus.iterdir() if p.suffix == ".txt"]
        smallest = min(texts, key=lambda p: p.stat().st_size)
        shutil.copy(smallest, sources / smallest.name)

        clean_dir = base / "clean"
        clean_s, _ = _ingest(clean_dir, sources)
        clean = inspect(clean_dir, sources)
        print(
            f"baseline: clean ingest {clean_s:.1f} s, {clean['chunks']} chunks, "
            f"duplicates {clean['duplicates']}, orphans {clean['orphans']}"
        )
        rerun_s, _ = _ingest(clean_dir, sources)
        print(
            f"baseline: re-run of a complete index {rerun_s:.1f} s, "
            f"chunks now {inspect(clean_dir, sources)['chunks']}"
        )

        header = (
            f"{'run':>3} {'kill_s':>6} {'killed':>6} {'before':>6} {'recov_s':>7} "
            f"{'chunks':>6} {'dup':>4} {'orph':>4} {'miss':>4} {'bm25':>4} {'vs_clean':>8}"
        )
        print(header)
        totals: Counter[str] = Counter()
        for run in range(1, args.runs + 1):
            data_dir = base / f"run{run}"
            kill_at = rng.uniform(1.0, clean_s * 0.95)
            _, killed = _ingest(data_dir, sources, kill_after=kill_at)
            index_dir = data_dir / "index"
            before = 0
            if (index_dir / "chroma").exists():
                try:
                    before = int(inspect(data_dir, sources)["chunks"])  # type: ignore[arg-type]
                except Exception:  # killed before the collection existed
                    before = 0
            recover_s, _ = _ingest(data_dir, sources)
            found = inspect(data_dir, sources)
            vs_clean = len(found["ids"] ^ clean["ids"])  # type: ignore[operator]
            for key in ("duplicates", "orphans", "missing", "bm25_diff"):
                totals[key] += int(found[key])  # type: ignore[call-overload]
            totals["vs_clean"] += vs_clean
            totals["killed"] += int(killed)
            print(
                f"{run:>3} {kill_at:>6.1f} {str(killed):>6} {before:>6} {recover_s:>7.1f} "
                f"{found['chunks']:>6} {found['duplicates']:>4} {found['orphans']:>4} "
                f"{found['missing']:>4} {found['bm25_diff']:>4} {vs_clean:>8}"
            )
            shutil.rmtree(data_dir, ignore_errors=True)
        print(
            f"summary: {args.runs} runs, {totals['killed']} killed mid-ingest; "
            f"duplicates {totals['duplicates']}, orphans {totals['orphans']}, "
            f"missing {totals['missing']}, bm25 mismatches {totals['bm25_diff']}, "
            f"differences from clean {totals['vs_clean']}"
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
