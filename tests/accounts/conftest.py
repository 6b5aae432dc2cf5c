"""Fixtures for the accounts tests: an app on a temp data dir and signed-in clients per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from acc_helpers import PASSWORD, login
from fastapi.testclient import TestClient

from assistant.settings import Settings
from web.accounts import create_user
from web.app import create_app


@pytest.fixture
def acc_settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", llm_backend="extractive")


@pytest.fixture
def app(acc_settings):
    return create_app(acc_settings)


@pytest.fixture
def client_as(app) -> Iterator[Callable[[str | None], TestClient]]:
    """client_as("legal") -> a TestClient signed in as a fresh user with that role;
    client_as(None) -> an anonymous client."""
    clients: list[TestClient] = []

    def make(role: str | None) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        if role is not None:
            name = f"{role}-{len(clients)}"
            client.user_id = create_user(app.state.services.db, name, PASSWORD, role).id
            login(client, name)
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def index_settings(copy_index_settings) -> Settings:
    """A private copy of the real built index (Chroma + BM25), safe to change."""
    return copy_index_settings.model_copy(update={"llm_backend": "extractive"})


@pytest.fixture
def index_app(index_settings):
    return create_app(index_settings)


@pytest.fixture
def index_client_as(index_app) -> Iterator[Callable[[str | None], TestClient]]:
    clients: list[TestClient] = []

    def make(role: str | None) -> TestClient:
        client = TestClient(index_app)
        clients.append(client)
        if role is not None:
            name = f"{role}-{len(clients)}"
            client.user_id = create_user(index_app.state.services.db, name, PASSWORD, role).id
            login(client, name)
        return client

    yield make
    for c in clients:
        c.close()
