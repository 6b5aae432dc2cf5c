from sqlalchemy import text

from assistant.settings import Settings
from web.db import Database


def test_sqlite_uses_wal_and_waits_for_locks(tmp_path):
    # Two workers share one SQLite file: WAL lets readers run beside the writer, and the busy
    # timeout makes a writer wait instead of failing with "database is locked".
    db = Database(Settings(data_dir=tmp_path))
    db.create_all()
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
