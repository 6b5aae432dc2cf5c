"""`inkoop backup` / `inkoop restore` round trips: SQLite + embedded Chroma, and a real
PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from typer.testing import CliRunner

from assistant.settings import Settings, get_settings
from web.backup import BackupError, backup, restore
from web.db import Base, Database


def _chroma(settings: Settings):  # type: ignore[no-untyped-def]
    client = chromadb.PersistentClient(
        path=str(settings.index_dir / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    return client.get_or_create_collection("inkoop_chunks")


def _db(settings: Settings) -> Database:
    from web import conversations  # noqa: F401  (registers its tables on Base)

    db = Database(settings)
    Base.metadata.create_all(db.engine)
    return db


def _conversation_owners(db: Database) -> list[str]:
    from web.conversations import ConversationStore

    store = ConversationStore(db)
    return [o for o in ("user:1", "user:2") if store.list_for(o)]


def _seed(settings: Settings) -> Database:
    from web.conversations import ConversationStore

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    _chroma(settings).add(
        ids=["a", "b", "c"],
        embeddings=[[1.0, 0.0], [0.0, 1.0], [0.7, 0.7]],
        documents=["drempel", "sroi", "isv"],
    )
    docs = settings.data_dir / "documents"
    docs.mkdir()
    (docs / "goedgekeurd-1.md").write_text("# Goedgekeurd antwoord\n", encoding="utf-8")
    db = _db(settings)
    ConversationStore(db).create("user:1")
    return db


def test_sqlite_and_embedded_index_round_trip(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    db = _seed(settings)
    report = backup(settings, tmp_path / "backups")
    assert report.path.is_file() and report.database == "sqlite" and report.chroma == "embedded"

    # Disaster: everything is gone. Then a later conversation is not in the backup.
    db.engine.dispose()
    shutil.rmtree(settings.data_dir)
    manifest = restore(settings, report.path)
    assert manifest["database"] == "sqlite"
    assert _chroma(settings).count() == 3
    assert (settings.data_dir / "documents" / "goedgekeurd-1.md").read_text().startswith("#")
    assert _conversation_owners(_db(settings)) == ["user:1"]


def test_restore_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    db = _seed(settings)
    report = backup(settings, tmp_path / "b.tar.gz")
    from web.conversations import ConversationStore

    ConversationStore(db).create("user:2")
    db.engine.dispose()
    with pytest.raises(BackupError, match="--force"):
        restore(settings, report.path)
    assert _conversation_owners(_db(settings)) == ["user:1", "user:2"], "nothing was touched"
    restore(settings, report.path, force=True)
    assert _conversation_owners(_db(settings)) == ["user:1"]


def test_restore_rejects_a_path_traversal_archive(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        data = json.dumps({"format": 1}).encode()
        info = tarfile.TarInfo("../../outside.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    settings = Settings(data_dir=tmp_path / "data")
    with pytest.raises(BackupError):
        restore(settings, evil)
    assert not (tmp_path / "outside.txt").exists()


def test_postgres_round_trip_with_pg_dump(tmp_path: Path, postgres_url: str) -> None:
    if shutil.which("pg_dump") is None:
        if os.environ.get("CI"):
            pytest.fail("pg_dump missing in CI: scripts/system-deps.sh installs postgresql")
        pytest.skip("pg_dump not installed (postgresql-client)")
    from web.conversations import ConversationStore

    settings = Settings(data_dir=tmp_path / "data", database_url=postgres_url)
    settings.data_dir.mkdir(parents=True)
    db = _db(settings)
    ConversationStore(db).create("user:1")
    report = backup(settings, tmp_path / "backups")
    assert report.database == "postgresql"
    with tarfile.open(report.path) as tar:
        names = tar.getnames()
    assert "database.pgdump" in names and "manifest.json" in names
    assert postgres_url.split(":")[2].split("@")[0] not in report.path.read_bytes().decode(
        "latin-1"
    ), "the password must not end up in the archive"

    ConversationStore(db).create("user:2")
    db.engine.dispose()
    restore(settings, report.path, force=True)
    assert _conversation_owners(_db(settings)) == ["user:1"]


def test_cli_backup_and_restore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from web.cli import app

    monkeypatch.setenv("INKOOP_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        db = _seed(get_settings())
        db.engine.dispose()
        runner = CliRunner()
        out = runner.invoke(app, ["backup", str(tmp_path / "b.tar.gz")])
        assert out.exit_code == 0, out.output
        assert "Backup geschreven" in out.output
        refused = runner.invoke(app, ["restore", str(tmp_path / "b.tar.gz")])
        assert refused.exit_code == 1 and "Herstel mislukt" in refused.output
        done = runner.invoke(app, ["restore", str(tmp_path / "b.tar.gz"), "--force"])
        assert done.exit_code == 0, done.output
    finally:
        get_settings.cache_clear()
