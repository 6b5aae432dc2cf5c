"""`inkoop ingest`: build or update the knowledge index, with a progress bar and a report."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table


def ingest(
    json_report: bool = typer.Option(False, "--json", help="Print the ingest report as JSON."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Clean, chunk, embed and store all sources (manifest, knowledge, saved documents).

    Incremental: unchanged documents are skipped by content hash; safe to interrupt and rerun."""
    from assistant.settings import get_settings
    from ingest.pipeline import run_ingest

    settings = get_settings()
    console = Console(stderr=True)
    if quiet or json_report:
        report = run_ingest(settings)
    else:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("Index bijwerken", total=None)

            def on_progress(name: str, done: int, total: int) -> None:
                bar.update(task, description=f"Insluiten {name[:40]}", completed=done, total=total)

            report = run_ingest(settings, progress=on_progress)
    if json_report:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        _print_report(console, report)
    if report.errors:
        raise typer.Exit(code=0)  # bad files are reported, the rest of the index is fine


def _print_report(console: Console, report) -> None:
    console.print(
        f"[bold]Index bijgewerkt[/bold] in {report.seconds:.1f} s — versie "
        f"{report.knowledge_version}: {report.documents} documenten "
        f"({len(report.processed)} verwerkt, {report.skipped} ongewijzigd, "
        f"{len(report.removed)} verwijderd), {report.chunks_total} passages, "
        f"{report.chunks_embedded} ingesloten, {report.orphans_deleted} wezen opgeruimd."
    )
    if report.cleaning:
        table = Table(title="Opschonen (wijzigingen per regel)")
        rules = sorted({r for counts in report.cleaning.values() for r in counts})
        table.add_column("document")
        for rule in rules:
            table.add_column(rule.replace("_", " "), justify="right")
        for name, counts in report.cleaning.items():
            table.add_row(name[:40], *(str(counts.get(r, 0)) for r in rules))
        console.print(table)
        console.print(f"Tekens voor/na opschonen: {report.chars_before} → {report.chars_after}")
    for message in report.errors.values():
        console.print(f"[yellow]Let op:[/yellow] {message}")
