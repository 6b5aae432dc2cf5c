"""Tables and the Markdown + PNG report for an answer-eval run."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from evals.answer_eval import CaseResult, percentile


def by_category(results: list[CaseResult]) -> dict[str, dict[str, tuple[int, int]]]:
    """{backend: {category: (passed, total)}}, plus an 'alle' row per backend."""
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in results:
        for cat in (r.case.category, "alle"):
            table[r.backend][cat][0] += int(r.passed)
            table[r.backend][cat][1] += 1
    return {b: {c: (v[0], v[1]) for c, v in cats.items()} for b, cats in table.items()}


def precision(results: list[CaseResult]) -> dict[str, dict[str, float | int]]:
    out: dict[str, dict[str, float | int]] = {}
    for backend in sorted({r.backend for r in results}):
        rs = [r for r in results if r.backend == backend]
        total = sum(r.sentences for r in rs)
        draft_total = sum(r.draft_cited for r in rs)
        out[backend] = {
            "sentences": total,
            "precision": sum(r.supported_sentences for r in rs) / total if total else float("nan"),
            "draft_cited": draft_total,
            "draft_precision": (
                sum(r.draft_cited_supported for r in rs) / draft_total
                if draft_total
                else float("nan")
            ),
            "fallbacks": sum(1 for r in rs if r.fallback),
        }
    return out


def latency(results: list[CaseResult]) -> dict[str, dict[str, float]]:
    out = {}
    for backend in sorted({r.backend for r in results}):
        total = [r.latency_s for r in results if r.backend == backend]
        first = [r.first_token_s for r in results if r.backend == backend and r.first_token_s]
        out[backend] = {
            "p50": percentile(total, 50),
            "p95": percentile(total, 95),
            "first_p50": percentile(first, 50),
            "first_p95": percentile(first, 95),
        }
    return out


def print_table(results: list[CaseResult]) -> None:
    from rich.console import Console
    from rich.table import Table

    data = by_category(results)
    backends = sorted(data)
    categories = sorted({c for cats in data.values() for c in cats} - {"alle"}) + ["alle"]
    table = Table(title="Antwoord-evals: geslaagd per categorie")
    table.add_column("categorie")
    for b in backends:
        table.add_column(b, justify="right")
    for cat in categories:
        row = [cat]
        for b in backends:
            ok, n = data[b].get(cat, (0, 0))
            row.append(f"{ok}/{n} ({100 * ok / n:.0f}%)" if n else "-")
        table.add_row(*row)
    Console().print(table)


def _plots(results: list[CaseResult], out: Path, stem: str) -> tuple[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = by_category(results)
    backends = sorted(data)
    categories = sorted({c for cats in data.values() for c in cats})
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / max(len(backends), 1)
    for i, b in enumerate(backends):
        rates = [100 * data[b].get(c, (0, 1))[0] / max(data[b].get(c, (0, 1))[1], 1)
                 for c in categories]  # fmt: skip
        ax.bar([x + i * width for x in range(len(categories))], rates, width, label=b)
    ax.set_xticks([x + width * (len(backends) - 1) / 2 for x in range(len(categories))])
    ax.set_xticklabels(categories, rotation=30, ha="right")
    ax.set_ylabel("geslaagd (%)")
    ax.set_ylim(0, 105)
    ax.legend()
    ax.set_title("Geslaagd per categorie en backend")
    fig.tight_layout()
    rate_png = f"{stem}-pass-rate.png"
    fig.savefig(out / rate_png, dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(8, 4))
    series = [[r.latency_s for r in results if r.backend == b] for b in backends]
    ax.boxplot(series, tick_labels=backends)
    ax.set_ylabel("antwoordtijd (s)")
    ax.set_title("Antwoordtijd per backend (alle cases)")
    fig.tight_layout()
    lat_png = f"{stem}-latency.png"
    fig.savefig(out / lat_png, dpi=110)
    plt.close(fig)
    return rate_png, lat_png


def write_report(results: list[CaseResult], out: Path, stem: str = "answers") -> Path:
    out.mkdir(parents=True, exist_ok=True)
    rate_png, lat_png = _plots(results, out, stem)
    data = by_category(results)
    backends = sorted(data)
    categories = sorted({c for cats in data.values() for c in cats} - {"alle"}) + ["alle"]
    lines = [
        f"# Antwoord-evals ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"{len({r.case.id for r in results})} cases uit `evals/answers.yaml`; backends: "
        + ", ".join(backends)
        + ".",  # fmt: skip
        "",
        "## Geslaagd per categorie",
        "",
        "| categorie | " + " | ".join(backends) + " |",
        "|---|" + "---:|" * len(backends),
    ]
    for cat in categories:
        cells = []
        for b in backends:
            ok, n = data[b].get(cat, (0, 0))
            cells.append(f"{ok}/{n} ({100 * ok / n:.0f}%)" if n else "-")
        lines.append(f"| {cat} | " + " | ".join(cells) + " |")
    lines += ["", f"![geslaagd per categorie]({rate_png})", "", "## Bronprecisie (verifier)", ""]
    lines += ["| backend | zinnen met bron | gesteund | modelzinnen met bron | gesteund (concept) "
              "| terugval naar extractief |", "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for b, p in precision(results).items():
        lines.append(
            f"| {b} | {p['sentences']} | {p['precision']:.0%} | {p['draft_cited']} | "
            f"{p['draft_precision']:.0%} | {p['fallbacks']} |"
        )
    lines += ["", "## Antwoordtijd (s)", "", "| backend | p50 | p95 | eerste token p50 | p95 |",
              "|---|---:|---:|---:|---:|"]  # fmt: skip
    for b, lat in latency(results).items():
        lines.append(
            f"| {b} | {lat['p50']:.2f} | {lat['p95']:.2f} | {lat['first_p50']:.2f} | "
            f"{lat['first_p95']:.2f} |"
        )
    lines += ["", f"![antwoordtijd]({lat_png})", "", "## Niet geslaagd", ""]
    for r in results:
        if not r.passed:
            lines.append(f"- `{r.backend}` **{r.case.id}** ({r.case.category}): "
                         + "; ".join(r.failures))  # fmt: skip
    path = out / f"{stem}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _write_json(results, out / f"{stem}-results.json")
    return path


def _write_json(results: list[CaseResult], path: Path) -> None:
    """Every answer with its verdict, for spot checks by hand and for comparing runs."""
    rows = [
        {
            "id": r.case.id,
            "category": r.case.category,
            "backend": r.backend,
            "answered_by": r.answer_backend,
            "passed": r.passed,
            "failures": r.failures,
            "question": r.case.question,
            "answer": r.answer,
            "sources": r.sources,
            "latency_s": round(r.latency_s, 3),
            "first_token_s": None if r.first_token_s is None else round(r.first_token_s, 3),
            "fallback": r.fallback,
        }
        for r in results
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
