"""Runs the answer set (evals/answers.yaml) against one or more backends and scores it.

A case passes when the route is the expected one, every `must` pattern matches, at least one
`any` pattern matches (when given), no `never` pattern matches, and the expected source is among
the citations. Nothing here knows the answers: the patterns are checked on what the chain says."""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from assistant.answer import Answerer
from assistant.answer_models import AnswerResult, ConversationContext
from assistant.settings import Settings

CASES_FILE = Path(__file__).with_name("answers.yaml")
REPORTS_DIR = Path(__file__).with_name("reports")


@dataclass
class Case:
    id: str
    category: str
    question: str
    route: str | None = None
    source: str | list[str] | None = None  # any of these must be cited
    role: str = "buyer"
    context: list[str] = field(default_factory=list)
    must: list[str] = field(default_factory=list)
    any: list[str] = field(default_factory=list)
    never: list[str] = field(default_factory=list)


@dataclass
class CaseResult:
    case: Case
    backend: str
    passed: bool
    failures: list[str]
    answer: str
    route: str
    answer_backend: str
    sources: list[str]
    latency_s: float
    first_token_s: float | None
    sentences: int = 0
    supported_sentences: int = 0
    draft_cited: int = 0
    draft_cited_supported: int = 0
    fallback: str | None = None


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(**{k: v for k, v in c.items() if v is not None}) for c in data["cases"]]


def score(case: Case, result: AnswerResult) -> list[str]:
    """Reasons the case fails; empty when it passes."""
    text = result.answer
    failures = []
    if case.route and result.route != case.route:
        failures.append(f"route {result.route} != {case.route}")
    failures += [f"mist /{p}/" for p in case.must if not re.search(p, text, re.I)]
    if case.any and not any(re.search(p, text, re.I) for p in case.any):
        failures.append(f"geen van {case.any}")
    failures += [f"bevat /{p}/" for p in case.never if re.search(p, text, re.I)]
    expected = [case.source] if isinstance(case.source, str) else case.source or []
    if expected and not set(expected) & {c.source for c in result.citations}:
        failures.append(f"bron {' of '.join(expected)} niet geciteerd")
    return failures


def _citation_support(answerer: Answerer, result: AnswerResult, index: Any) -> tuple[int, int]:
    """(sentences with a citation, of which the cited chunk supports them), via the verifier."""
    if result.route != "knowledge" or not result.citations:
        return 0, 0
    from langchain_core.documents import Document

    from assistant.drafting import draft_sentences
    from assistant.passages import Passage

    passages = []
    for c in result.citations:
        chunk = index.get_chunk(c.chunk_id) if index is not None and c.chunk_id else None
        text = (chunk or {}).get("text") or (chunk or {}).get("document") or c.quote
        passages.append(Passage.from_document(c.n, Document(page_content=text)))
    verifier = answerer.knowledge.verifier
    total = supported = 0
    for line in result.answer.splitlines():
        for sentence in draft_sentences(line.lstrip("- ")):
            check = verifier.check(sentence, passages)
            if not check.cited:
                continue
            total += 1
            supported += int(check.cited_supported)
    return total, supported


def run_case(answerer: Answerer, case: Case, backend: str, index: Any = None) -> CaseResult:
    context = ConversationContext()
    for earlier in case.context:
        context = answerer.answer(earlier, role=case.role, context=context).context  # type: ignore[arg-type]
    start = time.perf_counter()
    first = None
    result = None
    for event in answerer.stream(case.question, role=case.role, context=context):  # type: ignore[arg-type]
        if event["type"] == "token" and first is None:
            first = time.perf_counter() - start
        elif event["type"] == "done":
            result = AnswerResult.model_validate(event["result"])
    latency = time.perf_counter() - start
    assert result is not None
    failures = score(case, result)
    total, supported = _citation_support(answerer, result, index)
    return CaseResult(
        case=case,
        backend=backend,
        passed=not failures,
        failures=failures,
        answer=result.answer,
        route=result.route,
        answer_backend=result.backend,
        sources=sorted({c.source for c in result.citations}),
        latency_s=latency,
        first_token_s=first,
        sentences=total,
        supported_sentences=supported,
        draft_cited=result.verification.cited_total,
        draft_cited_supported=result.verification.cited_supported,
        fallback=result.fallback_reason,
    )


def run_eval(
    settings: Settings,
    backends: list[str],
    cases: list[Case] | None = None,
    progress: bool = False,
) -> list[CaseResult]:
    from assistant.retrieval import build_retriever

    cases = cases if cases is not None else load_cases()
    retriever = build_retriever(settings, mode="hybrid", k=settings.retrieval_k)
    try:
        from ingest.index import open_index

        index = open_index(settings)
    except Exception:  # the precision check then uses the quotes only
        index = None
    results = []
    for backend in backends:
        answerer = Answerer(settings.model_copy(update={"llm_backend": backend}), retriever)
        for i, case in enumerate(cases, 1):
            res = run_case(answerer, case, backend, index)
            results.append(res)
            if progress:
                mark = "ok " if res.passed else "NIET"
                typer.echo(f"[{backend} {i}/{len(cases)}] {mark} {case.id} {res.latency_s:.2f}s")
    return results


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


BackendOpt = Annotated[
    list[str], typer.Option("--backend", "-b", help="extractive, llama of ollama (herhaalbaar).")
]
CategoryOpt = Annotated[list[str], typer.Option("--category", "-c", help="Alleen deze categorie.")]
LimitOpt = Annotated[int, typer.Option(help="Alleen de eerste N cases (0 = alle).")]
OutOpt = Annotated[Path, typer.Option(help="Map voor het rapport (Markdown + PNG).")]


def eval_command(
    backend: BackendOpt = ["extractive"],  # noqa: B006 - typer reads, never mutates, it
    category: CategoryOpt = [],  # noqa: B006
    limit: LimitOpt = 0,
    out: OutOpt = REPORTS_DIR,
) -> None:
    """Draai de antwoord-evals, print een tabel per categorie en schrijf een rapport."""
    from assistant.settings import get_settings
    from evals.answer_report import print_table, write_report

    cases = load_cases()
    if category:
        cases = [c for c in cases if c.category in category]
    if limit:
        cases = cases[:limit]
    results = run_eval(get_settings(), backend, cases, progress=True)
    print_table(results)
    path = write_report(results, out)
    typer.echo(f"Rapport: {path}")
