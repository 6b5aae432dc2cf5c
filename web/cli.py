"""The `inkoop` command line. Each command delegates to the module that owns the work; heavy
imports happen inside the commands, so `inkoop --help` stays fast."""

from __future__ import annotations

import typer

from assistant.ask_cli import ask
from assistant.check_cli import check_command
from evals.answer_eval import eval_command
from ingest.cli import ingest
from web.accounts_cli import create_admin
from web.ops_cli import backup, export_model, restore

app = typer.Typer(
    help="Inkoopassistent: lokale inkoopassistent voor opdrachten onder de drempel.",
    no_args_is_help=True,
)


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
    from knowledge.loader import get_knowledge

    settings = get_settings()
    # A broken rules, criteria or policy file stops the start here, naming file and field,
    # instead of failing on a user's first Opdrachtcheck.
    get_knowledge(settings.policy_file)
    if not skip_ingest:
        from ingest.pipeline import run_ingest

        run_ingest(settings, progress=True)
    uvicorn.run("web.asgi:app", host=host, port=port, workers=workers)


app.command("ingest")(ingest)
app.command("ask")(ask)
app.command("check")(check_command)
app.command("eval")(eval_command)
app.command("backup")(backup)
app.command("restore")(restore)
app.command("export-model")(export_model)
app.command("create-admin")(create_admin)


if __name__ == "__main__":
    app()
