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

    @cached_property
    def conversations(self):  # -> web.conversations.ConversationStore
        from web.conversations import ConversationStore

        return ConversationStore(self.db)

    @cached_property
    def index(self):  # -> ingest.index.KnowledgeIndex (sources, cleaned texts, version)
        from ingest.index import open_index

        return open_index(self.settings)

    @cached_property
    def retriever(self):  # -> LangChain BaseRetriever over the shared index
        from assistant.retrieval import build_retriever

        return build_retriever(self.settings, k=self.settings.retrieval_k)

    @cached_property
    def answerer(self):  # -> assistant.answer.Answerer (loads the model on first use)
        from assistant.answer import Answerer

        return Answerer(self.settings, retriever=self.retriever)
