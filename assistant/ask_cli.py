"""`inkoop ask "..."`: one question from the command line, streamed to the terminal."""

from __future__ import annotations

import json
import sys

import typer

from assistant.answer_models import AnswerResult
from assistant.question import QuestionError, clean_question


def _print_result(result: AnswerResult) -> None:
    for note in [*result.notices, *([result.fallback_reason] if result.fallback_reason else [])]:
        typer.echo(f"\nLet op: {note}")
    if result.citations:
        typer.echo("\nBronnen:")
        for c in result.citations:
            where = f", {c.section}" if c.section else ""
            span = f" (tekens {c.start}-{c.end})" if c.start is not None else ""
            typer.echo(f"[{c.n}] {c.title}{where} — {c.source}{span}")
    typer.echo(f"\n(antwoord via: {result.backend})")


def ask(
    question: str = typer.Argument(..., help="De vraag, tussen aanhalingstekens."),
    role: str = typer.Option(
        "buyer", "--role", help="buyer, contract_manager, legal of admin (nadruk van het antwoord)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Geef het volledige resultaat als JSON."),
) -> None:
    """Stel een vraag; het antwoord verschijnt met genummerde bronnen."""
    from assistant.answer import Answerer
    from assistant.settings import get_settings

    settings = get_settings()
    try:
        question = clean_question(question, settings.max_question_chars)
    except QuestionError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    if role not in ("buyer", "contract_manager", "legal", "admin"):
        typer.echo("Onbekende rol; kies buyer, contract_manager, legal of admin.", err=True)
        raise typer.Exit(2)
    answerer = Answerer(settings)
    result: AnswerResult | None = None
    for event in answerer.stream(question, role=role):  # type: ignore[arg-type]
        if event["type"] == "token" and not as_json:
            sys.stdout.write(event["text"])
            sys.stdout.flush()
        elif event["type"] == "done":
            result = AnswerResult.model_validate(event["result"])
    assert result is not None
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        typer.echo("")
        _print_result(result)
