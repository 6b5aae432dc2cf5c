from __future__ import annotations

from pathlib import Path

import pytest
from answer_fakes import FakeRetriever, HashEmbedder, make_documents

from assistant.answer import Answerer
from assistant.settings import Settings
from assistant.verify import Verifier


@pytest.fixture
def unit_settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, llm_backend="extractive", llm_timeout_s=2.0)


@pytest.fixture
def fake_retriever() -> FakeRetriever:
    return FakeRetriever(docs=make_documents())


@pytest.fixture
def make_answerer(unit_settings, fake_retriever):
    def build(llm=None) -> Answerer:
        return Answerer(
            unit_settings, retriever=fake_retriever, llm=llm, verifier=Verifier(HashEmbedder())
        )

    return build


@pytest.fixture(scope="session")
def gguf_settings(request: pytest.FixtureRequest) -> Settings:
    """The packaged GGUF assembled once into pytest's cache (240 MB; reused across sessions)."""
    return Settings(data_dir=Path(request.config.cache.mkdir("answer-model")), llm_max_tokens=24)
