"""SQLAlchemy engine and session factory; every table module imports `Base` from here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from assistant.settings import Settings


class Base(DeclarativeBase):
    pass


class Database:
    """One engine per app; SQLite by default, PostgreSQL via INKOOP_DATABASE_URL."""

    def __init__(self, settings: Settings) -> None:
        url = settings.effective_database_url
        if url.startswith("sqlite"):
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(
                url, connect_args={"check_same_thread": False}, pool_pre_ping=True
            )
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_all(self) -> None:
        # Import table modules so their classes register on Base.metadata.
        from web import tables  # noqa: F401

        Base.metadata.create_all(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as s:
            try:
                yield s
                s.commit()
            except Exception:
                s.rollback()
                raise
