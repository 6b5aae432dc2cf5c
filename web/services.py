"""The long-lived objects one app instance shares: database, retriever, answerer, rules.

Built lazily so `/health` answers while heavy parts (index, model) load on first use."""

from __future__ import annotations

from functools import cached_property

from assistant.settings import Settings
from web.db import Database


class Services:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def db(self) -> Database:
        db = Database(self.settings)
        db.create_all()
        return db
