"""The app against a real ChromaDB server (`chroma run` from the chromadb package, on
127.0.0.1): ingest writes to the server, re-ingest adds nothing, retrieval and /api/answer read
from it, and when the server stops mid-use the app answers with a clear error, stays up and
recovers once the server is back."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from tests.ops.conftest import ChromaServer, _free_port

ROOT = Path(__file__).resolve().parents[2]
SMALL_SOURCE = "2019-10-28-kamerbrief-aanbieding-inkopen-met-impact.txt"
QUESTION = "Wat is Inkopen met Impact?"


@pytest.fixture(scope="module")
def server_index(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Settings, ChromaServer]]:
    """One Chroma server with an index built by the real pipeline (one small corpus file plus
    the knowledge documents, to keep the embedding time down), shared by this module."""
    from ingest.pipeline import run_ingest

    base = tmp_path_factory.mktemp("chroma-srv")
    sources = base / "sources"
    sources.mkdir()
    shutil.copy(ROOT / "knowledge" / "sources" / SMALL_SOURCE, sources / SMALL_SOURCE)
    port = _free_port()
    server = ChromaServer(url=f"http://127.0.0.1:{port}", path=base / "chroma", port=port)
    server.start()
    settings = Settings(
        data_dir=base / "data",
        sources_dir=sources,
        chroma_url=server.url,
        llm_backend="extractive",
    )
    report = run_ingest(settings)
    assert report.documents > 1 and not report.errors, report
    try:
        yield settings, server
    finally:
        server.stop()


def _server_count(settings: Settings) -> int:
    client = chromadb.HttpClient(host="127.0.0.1", port=int(settings.chroma_url.rsplit(":", 1)[1]))
    return client.get_collection(settings.chroma_collection).count()


def test_ingest_wrote_to_the_server_and_reingest_adds_nothing(
    server_index: tuple[Settings, ChromaServer],
) -> None:
    from ingest.pipeline import run_ingest

    settings, _ = server_index
    before = _server_count(settings)
    assert before > 10
    assert not (settings.index_dir / "chroma").exists(), "no embedded store next to the server"
    report = run_ingest(settings)
    assert report.processed == [] and _server_count(settings) == before


def test_retriever_reads_from_the_server(server_index: tuple[Settings, ChromaServer]) -> None:
    from assistant.retrieval import build_retriever

    settings, _ = server_index
    docs = build_retriever(settings, mode="dense", k=3).invoke(QUESTION)
    assert len(docs) == 3
    assert all(d.metadata["chunk_id"] and d.metadata["source"] for d in docs)


def test_chroma_stopped_during_chat_then_back(server_index: tuple[Settings, ChromaServer]) -> None:
    from web.app import create_app

    settings, server = server_index
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        ok = client.post("/api/answer", json={"question": QUESTION})
        assert ok.status_code == 200, ok.text
        assert ok.json()["citations"], "answered from the server's index"

        server.stop()
        try:
            # A new question each time: the answerer may reuse the last retrieval of a question.
            down = client.post("/api/answer", json={"question": "Wat is social return?"})
            assert down.status_code == 503, down.text
            detail = down.json()["detail"]
            assert "kennisbank" in detail.lower() and "opnieuw" in detail.lower()  # Dutch, clear
            assert client.get("/health").status_code == 200, "the app stays up"
            # The browser chat (SSE) says so in Dutch and keeps the question.
            streamed = _chat_over_sse(client, "Wat staat er over innovatie?")
            assert "event: done" in streamed and "kon niet worden gemaakt" in streamed
            ready = client.get("/ready")
            assert ready.status_code == 503 and ready.json()["checks"]["chroma"]["ok"] is False
        finally:
            server.start()  # same path, same port: the data is still there

        back = client.post("/api/answer", json={"question": "Wat doet de rijksoverheid met MVI?"})
        assert back.status_code == 200, back.text
        assert back.json()["citations"]
        assert client.get("/ready").json()["checks"]["chroma"]["ok"] is True
        streamed = _chat_over_sse(client, "Wat zegt de kamerbrief over Inkopen met Impact?")
        assert "event: done" in streamed and "kon niet worden gemaakt" not in streamed


def _chat_over_sse(client: TestClient, question: str) -> str:
    """Ask through the chat page the way htmx does, then read the answer's SSE stream."""
    import re

    page = client.get("/").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    resp = client.post(
        "/gesprek/vraag",
        data={"question": question, "role": "buyer", "csrf_token": token},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert resp.status_code == 200, resp.text[:300]
    stream_url = re.search(r'sse-connect="([^"]+)"', resp.text).group(1)
    with client.stream("GET", stream_url) as events:
        assert events.status_code == 200
        return "".join(events.iter_text())


def test_unreachable_server_at_start_is_a_clear_error(tmp_path: Path) -> None:
    from web.app import create_app

    settings = Settings(
        data_dir=tmp_path / "data",
        chroma_url=f"http://127.0.0.1:{_free_port()}",
        llm_backend="extractive",
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        resp = client.post("/api/answer", json={"question": QUESTION})
        assert resp.status_code == 503, resp.text
        assert client.get("/health").status_code == 200
