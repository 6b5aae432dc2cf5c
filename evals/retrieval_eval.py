"""Retrieval quality on the gold set: recall@5 and MRR for dense, BM25 and hybrid retrieval,
optionally next to a naive baseline (raw text, fixed 1000-character chunks, dense only).

    python -m evals.retrieval_eval            # uses INKOOP_DATA_DIR's index (builds it if needed)
    python -m evals.retrieval_eval --baseline # adds the naive baseline, computed in this run
    python -m evals.retrieval_eval --check    # verifies every gold evidence exists in its source
"""

from __future__ import annotations

import argparse
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.settings import Settings, get_settings

GOLD = Path(__file__).resolve().parent / "retrieval_gold.yaml"
# Written after the retrieval tuning of 2026-11-23 and never used to tune anything: a check
# that the gains on GOLD are not just fitted to its 52 questions.
HOLDOUT = Path(__file__).resolve().parent / "retrieval_holdout.yaml"
K = 5
MRR_DEPTH = 10


def norm(text: str) -> str:
    """Letters and digits only, lower-case, accents folded: robust to wraps and hyphenation."""
    text = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def is_hit(answer: dict[str, Any], source: str, text: str, *, strict: bool = False) -> bool:
    """The passage comes from the right source and holds the evidence. Lenient (default): at
    least one half of it is enough, so a chunk border inside the evidence is forgiven; strict:
    the whole evidence must be in the passage, as a reader needs it."""
    if source != answer["source"]:
        return False
    ev, body = norm(answer["evidence"]), norm(text)
    if ev in body:
        return True
    half = len(ev) // 2
    return not strict and half >= 15 and (ev[:half] in body or ev[half:] in body)


@dataclass
class ModeResult:
    mode: str
    recall_at_5: float = 0.0  # lenient evidence match
    mrr: float = 0.0
    strict_recall_at_5: float = 0.0  # the whole evidence inside one passage
    strict_mrr: float = 0.0
    section_ok: float = 0.0  # of the hits in top 5: share whose section matches the gold
    misses: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _first_hit(item: dict, ranked: list, strict: bool) -> int | None:
    return next(
        (
            i
            for i, (src, text, _) in enumerate(ranked)
            if any(is_hit(a, src, text, strict=strict) for a in item["answers"])
        ),
        None,
    )


def score(mode: str, gold: list[dict], search) -> ModeResult:
    """`search(question) -> list[(source, text, section_path)]`, best first."""
    result = ModeResult(mode)
    started = time.perf_counter()
    hits5 = rr = strict5 = strict_rr = 0.0
    section_hits = section_total = 0
    for item in gold:
        ranked = search(item["question"])[:MRR_DEPTH]
        rank = _first_hit(item, ranked, strict=False)
        strict_rank = _first_hit(item, ranked, strict=True)
        if strict_rank is not None:
            strict_rr += 1.0 / (strict_rank + 1)
            strict5 += strict_rank < K
        if rank is not None:
            rr += 1.0 / (rank + 1)
        if rank is not None and rank < K:
            hits5 += 1
            src, text, path = ranked[rank]
            answer = next(a for a in item["answers"] if is_hit(a, src, text))
            if answer.get("section"):
                section_total += 1
                section_hits += answer["section"].lower() in (path or "").lower()
        else:
            result.misses.append(item["id"])
    n = len(gold)
    result.recall_at_5, result.mrr = hits5 / n, rr / n
    result.strict_recall_at_5, result.strict_mrr = strict5 / n, strict_rr / n
    result.section_ok = section_hits / section_total if section_total else 1.0
    result.seconds = time.perf_counter() - started
    return result


def index_search(settings: Settings, mode: str):
    from assistant.retrieval import build_retriever

    retriever = build_retriever(settings, mode=mode, k=MRR_DEPTH)

    def search(question: str) -> list[tuple[str, str, str]]:
        return [
            (d.metadata["source"], d.page_content, d.metadata.get("section_path", ""))
            for d in retriever.invoke(question)
        ]

    return search


def baseline_search(settings: Settings):
    """The naive pipeline: raw text, fixed 1000-character chunks, dense (e5) only, in memory."""
    import numpy as np

    from ingest.embeddings import get_embedder
    from ingest.pipeline import collect

    docs, _ = collect(settings)
    chunks = [
        (doc.name, doc.text[i : i + 1000]) for doc, _ in docs for i in range(0, len(doc.text), 1000)
    ]
    embedder = get_embedder(settings)
    started = time.perf_counter()
    matrix = np.asarray(embedder.embed_documents([t for _, t in chunks]), dtype=np.float32)
    embed_seconds = time.perf_counter() - started

    def search(question: str) -> list[tuple[str, str, str]]:
        scores = matrix @ np.asarray(embedder.embed_query(question), dtype=np.float32)
        top = np.argsort(-scores)[:MRR_DEPTH]
        return [(chunks[i][0], chunks[i][1], "") for i in top]

    search.embed_seconds = embed_seconds  # type: ignore[attr-defined]
    search.chunks = len(chunks)  # type: ignore[attr-defined]
    return search


def check_gold(settings: Settings, gold: list[dict]) -> list[str]:
    """Problems with the gold set: evidence not in the cleaned source, or not under the section."""
    from ingest.chunk import chunk_text
    from ingest.index import open_index

    index = open_index(settings)
    problems = []
    for item in gold:
        for answer in item["answers"]:
            cleaned = index.get_cleaned(answer["source"])
            if cleaned is None:
                problems.append(f"{item['id']}: source {answer['source']} not ingested")
                continue
            if norm(answer["evidence"]) not in norm(cleaned.text):
                problems.append(f"{item['id']}: evidence not in {answer['source']}")
                continue
            if answer.get("section"):
                paths = [
                    c.section_path
                    for c in chunk_text(cleaned.name, cleaned.text)
                    if is_hit(answer, cleaned.name, c.text)
                ]
                if not any(answer["section"].lower() in p.lower() for p in paths):
                    problems.append(
                        f"{item['id']}: evidence found, but under {paths[:1]} "
                        f"instead of section {answer['section']!r}"
                    )
    return problems


def run(
    settings: Settings, *, baseline: bool | Any = False, gold_path: Path = GOLD
) -> dict[str, Any]:
    """Score the three modes on a question set; `baseline` True builds the naive baseline,
    or pass one made by `baseline_search` to score several sets without re-embedding."""
    gold = load_gold(gold_path)
    results = [score(m, gold, index_search(settings, m)) for m in ("dense", "bm25", "hybrid")]
    extra: dict[str, Any] = {}
    if baseline:
        search = baseline_search(settings) if baseline is True else baseline
        results.append(score("baseline", gold, search))
        extra = {"baseline_chunks": search.chunks, "baseline_embed_s": search.embed_seconds}
    return {"questions": len(gold), "results": [vars(r) for r in results], **extra}


def print_table(report: dict[str, Any]) -> None:
    print(
        f"Retrieval gold set: {report['questions']} questions, recall@{K} and MRR@{MRR_DEPTH}; "
        "lenient = half the evidence in the passage, strict = all of it"
    )
    print(
        f"{'mode':<10}{'recall@5':>10}{'MRR':>8}{'strict r@5':>12}{'strict MRR':>12}"
        f"{'section ok':>12}{'s':>7}  misses (lenient)"
    )
    for r in report["results"]:
        # The baseline has no sections by design: its column would read as a failure.
        section = "n/a" if r["mode"] == "baseline" else f"{r['section_ok']:.2f}"
        print(
            f"{r['mode']:<10}{r['recall_at_5']:>10.3f}{r['mrr']:>8.3f}"
            f"{r['strict_recall_at_5']:>12.3f}{r['strict_mrr']:>12.3f}{section:>12}"
            f"{r['seconds']:>7.1f}  {', '.join(r['misses'])}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", action="store_true", help="add the naive baseline")
    parser.add_argument("--check", action="store_true", help="validate the gold set and stop")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    parser.add_argument(
        "--gold",
        type=Path,
        default=GOLD,
        help=f"question set (default {GOLD.name}; "
        f"{HOLDOUT.name} is the held-out set never used for tuning)",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    from ingest.pipeline import run_ingest

    run_ingest(settings)  # incremental: a no-op when the index is current
    if args.check:
        problems = check_gold(settings, load_gold(args.gold))
        print("\n".join(problems) or "gold set OK")
        return 1 if any("not" in p for p in problems) else 0
    report = run(settings, baseline=args.baseline, gold_path=args.gold)
    print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
