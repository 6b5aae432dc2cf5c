"""The `inkoop` command line. Each command delegates to the module that owns the work."""

from __future__ import annotations

import typer

app = typer.Typer(help="Inkoopassistent: lokale inkoopassistent voor opdrachten onder de drempel.",
                  no_args_is_help=True)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, help="Number of worker processes."),
    skip_ingest: bool = typer.Option(False, help="Do not build/update the index before serving."),
) -> None:
    """Build the index if needed, then serve the web app."""
    import uvicorn

    from assistant.settings import get_settings

    settings = get_settings()
    if not skip_ingest:
        from ingest.pipeline import run_ingest

        run_ingest(settings, progress=True)
    uvicorn.run("web.asgi:app", host=host, port=port, workers=workers, factory=False)


app.command("ingest")(__import__("ingest.cli", fromlist=["ingest"]).ingest)
app.command("ask")(__import__("assistant.ask_cli", fromlist=["ask"]).ask)  # ANSWER (5)
app.command("check")(__import__("assistant.check_cli", fromlist=["x"]).check_command)  # RULES (4)
app.command("eval")(__import__("evals.answer_eval", fromlist=["x"]).eval_command)  # ANSWER
_ops = __import__("web.ops_cli", fromlist=["backup"])
app.command("backup")(_ops.backup)
app.command("restore")(_ops.restore)
app.command("export-model")(_ops.export_model)
app.command("create-admin")(__import__("web.accounts_cli", fromlist=["x"]).create_admin)


if __name__ == "__main__":
    app()
