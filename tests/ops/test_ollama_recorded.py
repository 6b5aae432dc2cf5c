"""The Ollama path through the official `ollama` client, against recorded exchanges of the
Ollama HTTP API replayed by a loopback server (tests/fixtures/ollama/, see ollama_replay.py).
This proves our requests have the shape the server expects and that we read its streamed
NDJSON, errors and timeouts correctly. The real server runs in the compose deployment."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from tests.ops.ollama_replay import ReplayServer, load_cassette


def _settings(tmp_path: Path, server: ReplayServer, **kw: object) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        llm_backend="ollama",
        ollama_url=server.url,
        ollama_model="gemma3-270m",
        embedder="ollama",
        ollama_embed_model="nomic-embed-text",
        **kw,
    )


def _prompt():  # type: ignore[no-untyped-def]
    from assistant.prompts import DraftPrompt

    return DraftPrompt(
        question="Welke procedure hoort bij een dienst van 60.000 euro?",
        passages_block="<<<BRON 1: Inkoopbeleid>>>\nMeervoudig onderhands ...\n<<<EINDE BRON 1>>>",
    )


def test_chat_stream_is_read_token_by_token(tmp_path: Path, ollama_replay: ReplayServer) -> None:
    from assistant.llm.ollama import OllamaBackend

    ollama_replay.play("chat_stream.json")
    backend = OllamaBackend(_settings(tmp_path, ollama_replay))
    tokens = list(backend.stream_draft(_prompt()))

    recorded = load_cassette("chat_stream.json")
    expected = [ln["message"]["content"] for ln in recorded["response"]["ndjson"] if not ln["done"]]
    assert tokens == expected, "every streamed content piece, in order, nothing from the final line"
    assert "".join(tokens).endswith("procedure [1].")

    # Our request has the recorded request's shape.
    (sent,) = ollama_replay.received
    want = recorded["request"]["json"]
    assert sent["method"] == "POST" and sent["path"] == "/api/chat"
    assert sent["json"]["model"] == want["model"] and sent["json"]["stream"] is True
    assert [m["role"] for m in sent["json"]["messages"]] == ["user"]
    assert "Welke procedure" in sent["json"]["messages"][0]["content"]
    assert set(want["options"]) <= set(sent["json"]["options"])
    assert sent["json"]["options"]["num_predict"] == 160  # the settings' token cap reaches Ollama
    assert sent["headers"]["content-type"] == "application/json"


def test_unknown_model_is_a_clear_backend_error(
    tmp_path: Path, ollama_replay: ReplayServer
) -> None:
    from assistant.llm.base import LLMError
    from assistant.llm.ollama import OllamaBackend

    ollama_replay.play("chat_model_not_found.json")
    backend = OllamaBackend(_settings(tmp_path, ollama_replay))
    with pytest.raises(LLMError, match="not found"):
        list(backend.stream_draft(_prompt()))


def test_a_hanging_server_times_out(tmp_path: Path, ollama_replay: ReplayServer) -> None:
    from assistant.llm.base import LLMError
    from assistant.llm.ollama import OllamaBackend

    ollama_replay.play("chat_stream.json")
    ollama_replay.delay_s = 3.0
    backend = OllamaBackend(_settings(tmp_path, ollama_replay, llm_timeout_s=0.5))
    start = time.monotonic()
    with pytest.raises(LLMError):
        list(backend.stream_draft(_prompt()))
    assert time.monotonic() - start < 2.5, "the timeout must cut the wait short"


def test_embeddings_through_api_embed(tmp_path: Path, ollama_replay: ReplayServer) -> None:
    from ingest.embeddings import OllamaEmbedder

    ollama_replay.play("embed.json")
    embedder = OllamaEmbedder(_settings(tmp_path, ollama_replay))
    vectors = embedder.embed_documents(["drempelbedrag diensten", "social return"])
    recorded = load_cassette("embed.json")["response"]["json"]["embeddings"]
    assert len(vectors) == 2 and len(vectors[0]) == 768
    assert vectors[0][:5] == pytest.approx(recorded[0][:5])
    (sent,) = ollama_replay.received
    assert sent["path"] == "/api/embed"
    assert sent["json"]["model"] == "nomic-embed-text"
    assert sent["json"]["input"] == ["drempelbedrag diensten", "social return"]


def test_ready_sees_the_model_in_the_tag_list(tmp_path: Path, ollama_replay: ReplayServer) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from web.app import create_app

    ollama_replay.play("tags.json")
    settings = _settings(tmp_path, ollama_replay)
    (settings.index_dir / "chroma").mkdir(parents=True)
    chromadb.PersistentClient(
        path=str(settings.index_dir / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    with TestClient(create_app(settings)) as client:
        body = client.get("/ready").json()
    assert body["status"] == "ready", body
    assert body["checks"]["model"]["detail"] == "ollama gemma3-270m"

    missing = settings.model_copy(update={"ollama_model": "llama3.2"})
    with TestClient(create_app(missing)) as client:
        body = client.get("/ready").json()
    assert body["status"] == "degraded" and "llama3.2" in body["checks"]["model"]["detail"]
