"""Backup and restore of what the app cannot rebuild from its sources: the database
(conversations, users, shares, approvals, contracts) and the data dir (index, uploads and
approved answers as documents, the generated secret key).

Archive: one .tar.gz with manifest.json, the database (`database.sqlite3` made with SQLite's
online backup API, or `database.pgdump` from `pg_dump --format=custom`) and `data/` (data_dir
without the database file and the assembled model, which the package re-creates).
A ChromaDB *server* keeps its vectors in its own volume: the archive then holds the documents
it was built from, and `inkoop ingest` after a restore rebuilds the collection."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from assistant.settings import Settings

FORMAT = 1
SKIP_IN_DATA = {"models"}  # the GGUF is re-assembled from the installed package


class BackupError(RuntimeError):
    pass


@dataclass
class BackupReport:
    path: Path
    database: str
    chroma: str
    files: int
    notes: list[str] = field(default_factory=list)


def _sqlite_path(settings: Settings) -> Path:
    return Path(make_url(settings.effective_database_url).database or "")


def _pg_args(settings: Settings) -> tuple[list[str], dict[str, str]]:
    """libpq connection flags and environment (the password goes in PGPASSWORD, never argv)."""
    url = make_url(settings.effective_database_url)
    args = ["-h", url.host or "localhost", "-p", str(url.port or 5432), "-U", url.username or ""]
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    return [*args, "-d", url.database or ""], env


def _db_kind(settings: Settings) -> str:
    backend = make_url(settings.effective_database_url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"backup supports SQLite and PostgreSQL, not {backend}")
    return backend


def _run(cmd: list[str], env: dict[str, str]) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"{cmd[0]} not found: install the PostgreSQL client (postgresql-client)")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {proc.stderr.strip()[:500]}")


def _dump_database(settings: Settings, kind: str, stage: Path) -> str:
    if kind == "sqlite":
        source = _sqlite_path(settings)
        target = stage / "database.sqlite3"
        if source.exists():
            # The online backup API gives a consistent copy while the app keeps writing.
            with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
        return target.name if target.exists() else ""
    args, env = _pg_args(settings)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "-f", str(stage / "database.pgdump"), *args],
        env,
    )
    return "database.pgdump"


def _data_entries(settings: Settings) -> list[Path]:
    if not settings.data_dir.exists():
        return []
    db_names = set()
    if _db_kind(settings) == "sqlite":
        db = _sqlite_path(settings).name
        db_names = {db, f"{db}-wal", f"{db}-shm", f"{db}-journal"}
    return sorted(
        p
        for p in settings.data_dir.iterdir()
        if p.name not in db_names and p.name not in SKIP_IN_DATA
    )


def backup(settings: Settings, target: Path) -> BackupReport:
    kind = _db_kind(settings)
    chroma = "server" if settings.chroma_url else "embedded"
    target = target if target.suffix == ".gz" else target / _default_name()
    target.parent.mkdir(parents=True, exist_ok=True)
    notes = []
    if chroma == "server":
        notes.append(
            "ChromaDB draait als server: de vectoren zitten in het volume van die server. "
            "Na een restore bouwt `inkoop ingest` de collectie opnieuw op uit de bronnen en "
            "de documenten in deze backup."
        )
    with tempfile.TemporaryDirectory(prefix="inkoop-backup-") as tmp:
        stage = Path(tmp)
        db_file = _dump_database(settings, kind, stage)
        entries = _data_entries(settings)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": kind,
            "database_file": db_file,
            "chroma": chroma,
            "chroma_collection": settings.chroma_collection,
            "data": [p.name for p in entries],
        }
        (stage / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = target.with_name(target.name + ".part")
        files = 0
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(stage / "manifest.json", arcname="manifest.json")
            if db_file:
                tar.add(stage / db_file, arcname=db_file)
            for entry in entries:
                tar.add(entry, arcname=f"data/{entry.name}")
            files = len(tar.getmembers())
        partial.replace(target)  # never leave a half-written archive under the final name
    return BackupReport(path=target, database=kind, chroma=chroma, files=files, notes=notes)


def _default_name() -> str:
    return f"inkoop-backup-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.tar.gz"


def _has_state(settings: Settings, kind: str) -> bool:
    if kind == "sqlite" and _sqlite_path(settings).exists():
        return True
    return bool(_data_entries(settings))


def restore(settings: Settings, archive: Path, *, force: bool = False) -> dict:
    """Put a backup back. Refuses to overwrite existing state unless force=True.
    Stop the app (all workers) first: open database connections would see half a restore."""
    kind = _db_kind(settings)
    if not archive.is_file():
        raise BackupError(f"backup not found: {archive}")
    with tempfile.TemporaryDirectory(prefix="inkoop-restore-") as tmp:
        stage = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(stage, filter="data")  # refuses absolute paths, links out
            manifest = json.loads((stage / "manifest.json").read_text(encoding="utf-8"))
        except (tarfile.TarError, OSError, ValueError) as exc:
            raise BackupError(f"not a readable inkoop backup: {exc}") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        if manifest["database"] != kind:
            raise BackupError(
                f"backup holds a {manifest['database']} database, this install uses {kind}"
            )
        if _has_state(settings, kind) and not force:
            raise BackupError("data dir or database is not empty; pass --force to overwrite")
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        for name in manifest["data"]:
            dest = settings.data_dir / name
            if dest.is_dir():
                shutil.rmtree(dest)
            elif dest.exists():
                dest.unlink()
            shutil.move(str(stage / "data" / name), dest)
        db_file = manifest.get("database_file")
        if db_file and kind == "sqlite":
            dest = _sqlite_path(settings)
            shutil.copy2(stage / db_file, dest.with_name(dest.name + ".restore"))
            # In WAL mode the old file's -wal/-shm would be replayed over the restored copy.
            for suffix in ("-wal", "-shm"):
                dest.with_name(dest.name + suffix).unlink(missing_ok=True)
            os.replace(dest.with_name(dest.name + ".restore"), dest)
        elif db_file:
            args, env = _pg_args(settings)
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    *args,
                    str(stage / db_file),
                ],
                env,
            )
    return manifest
