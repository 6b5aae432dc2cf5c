from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_fakes import FakeAnswerer, FakeIndex

from assistant.settings import Settings
from web.app import create_app


@pytest.fixture
def web_settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", llm_backend="extractive")


@pytest.fixture
def fake_answerer() -> FakeAnswerer:
    return FakeAnswerer()


@pytest.fixture
def app(web_settings, fake_answerer):
    app = create_app(web_settings)
    app.state.services.index = FakeIndex()
    app.state.services.answerer = fake_answerer
    return app


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c
