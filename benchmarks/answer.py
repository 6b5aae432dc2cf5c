"""Time to first streamed token and total answer time, extractive vs the embedded model.

    .venv/bin/python benchmarks/answer.py [--questions 12] [--backends extractive llama]

Uses the index in INKOOP_DATA_DIR (run `inkoop ingest` first). Questions are the knowledge
questions of evals/answers.yaml. Retrieval alone is timed too, as the baseline both paths share.
Prints p50/p95 per backend; the model is loaded (and timed) before the first measured answer."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answer import Answerer  # noqa: E402
from assistant.llm import get_llm  # noqa: E402
from assistant.retrieval import build_retriever  # noqa: E402
from assistant.settings import get_settings  # noqa: E402
from evals.answer_eval import load_cases  # noqa: E402


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=12)
    parser.add_argument("--backends", nargs="+", default=["extractive", "llama"])
    args = parser.parse_args()

    settings = get_settings()
    questions = [c.question for c in load_cases() if c.route == "knowledge" and not c.context]
    questions = questions[: args.questions]
    retriever = build_retriever(settings, mode="hybrid", k=settings.retrieval_k)
    retriever.invoke("opwarmen")  # load embedder and BM25 before timing

    rows = []
    t_ret = []
    for q in questions:
        t0 = time.perf_counter()
        retriever.invoke(q)
        t_ret.append(time.perf_counter() - t0)
    rows.append(("retrieval only (baseline)", t_ret, t_ret, 0))

    for backend in args.backends:
        bsettings = settings.model_copy(update={"llm_backend": backend})
        llm = get_llm(bsettings)
        if llm is not None and hasattr(llm, "load"):
            t0 = time.perf_counter()
            llm.load()
            print(f"{backend}: model load {time.perf_counter() - t0:.2f} s ({llm.describe()})")
        answerer = Answerer(bsettings, retriever=retriever)
        answerer.answer(questions[0])  # warm-up: verifier embedder, caches
        firsts, totals, fallbacks = [], [], 0
        for q in questions:
            t0 = time.perf_counter()
            first = None
            for event in answerer.stream(q):
                if event["type"] == "token" and first is None:
                    first = time.perf_counter() - t0
                if event["type"] == "done":
                    fallbacks += int(bool(event["result"].get("fallback_reason")))
            totals.append(time.perf_counter() - t0)
            firsts.append(first if first is not None else totals[-1])
        rows.append((backend, firsts, totals, fallbacks))

    print(f"\n{len(questions)} questions, {settings.llm_threads} llama threads, "
          f"max {settings.llm_max_tokens} tokens")  # fmt: skip
    print(f"{'path':28} {'first p50':>10} {'first p95':>10} {'total p50':>10} {'total p95':>10}"
          f" {'fallbacks':>9}")  # fmt: skip
    for name, firsts, totals, fallbacks in rows:
        print(
            f"{name:28} {pct(firsts, 50):10.3f} {pct(firsts, 95):10.3f} "
            f"{pct(totals, 50):10.3f} {pct(totals, 95):10.3f} {fallbacks:9d}"
        )


if __name__ == "__main__":
    main()
