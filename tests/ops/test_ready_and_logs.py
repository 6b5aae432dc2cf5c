"""/health stays cheap; /ready asks the engines; logs are JSON lines when log_json is set."""

from __future__ import annotations

import json
import logging
import socket
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from web.app import create_app
from web.logging_setup import JsonFormatter


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(data_dir=tmp_path / "data", llm_backend="extractive", **kw)


def test_health_touches_no_engine(tmp_path: Path) -> None:
    # Every engine points at a closed port: /health must still answer at once.
    dead = f"http://127.0.0.1:{_free_port()}"
    settings = _settings(
        tmp_path,
        chroma_url=dead,
        database_url=f"postgresql+psycopg://x:y@127.0.0.1:{_free_port()}/none",
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        resp = client.get("/health")
    assert resp.status_code == 200 and resp.json() == {"status": "ok"}


def test_ready_is_503_when_chroma_and_database_are_down(tmp_path: Path) -> None:
    settings = _settings(
        tmp_path,
        chroma_url=f"http://127.0.0.1:{_free_port()}",
        database_url=f"postgresql+psycopg://x:y@127.0.0.1:{_free_port()}/none",
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        resp = client.get("/ready")
    body = resp.json()
    assert resp.status_code == 503 and body["status"] == "not_ready"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["chroma"]["ok"] is False
    assert "y@" not in json.dumps(body), "credentials must not leak into /ready"


def test_ready_embedded_without_index_is_not_ready(tmp_path: Path) -> None:
    with TestClient(create_app(_settings(tmp_path))) as client:
        body = client.get("/ready").json()
    assert body["checks"]["database"] == {**body["checks"]["database"], "ok": True}
    assert body["checks"]["chroma"]["ok"] is False
    assert "inkoop ingest" in body["checks"]["chroma"]["detail"]


@pytest.fixture
def embedded_store_settings(tmp_path: Path) -> Settings:
    """Settings whose embedded Chroma store exists (a real PersistentClient created it)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = _settings(tmp_path)
    path = settings.index_dir / "chroma"
    path.mkdir(parents=True)
    chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    return settings


def test_ready_with_embedded_store(embedded_store_settings: Settings) -> None:
    with TestClient(create_app(embedded_store_settings)) as client:
        resp = client.get("/ready")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["status"] == "ready"
    assert body["checks"]["chroma"]["detail"] == "embedded"
    assert body["checks"]["database"]["detail"] == "sqlite"


def test_ready_degrades_when_ollama_is_unreachable(embedded_store_settings: Settings) -> None:
    settings = embedded_store_settings.model_copy(
        update={"llm_backend": "ollama", "ollama_url": f"http://127.0.0.1:{_free_port()}"}
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        resp = client.get("/ready")
    body = resp.json()
    assert resp.status_code == 200 and body["status"] == "degraded"
    assert body["checks"]["model"]["ok"] is False


def test_json_formatter_writes_one_object_with_extra_fields() -> None:
    record = logging.LogRecord(
        "inkoop.test", logging.WARNING, __file__, 1, "vraag %s", ("x",), None
    )
    record.path = "/api/answer"
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "warning" and entry["msg"] == "vraag x"
    assert entry["logger"] == "inkoop.test" and entry["path"] == "/api/answer"
    assert "\n" not in line


def test_requests_are_logged_as_json(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with TestClient(create_app(_settings(tmp_path, log_json=True))) as client:
        resp = client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert resp.headers["x-request-id"] == "abc-123"
    lines = [ln for ln in capfd.readouterr().err.splitlines() if ln.startswith("{")]
    entries = [json.loads(ln) for ln in lines]
    hit = [e for e in entries if e.get("path") == "/health"]
    assert hit and hit[-1]["status"] == 200 and hit[-1]["request_id"] == "abc-123"
    assert isinstance(hit[-1]["duration_ms"], float)


def test_share_tokens_never_reach_the_logs(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from web.logging_setup import redact_path

    token = "geheim-deeltoken-1234567890"
    assert redact_path(f"/s/{token}/intrekken") == "/s/[token]/intrekken"
    assert redact_path("/sources/x.md") == "/sources/x.md"
    for json_mode in (True, False):  # our request log, and uvicorn's access log in text mode
        with TestClient(create_app(_settings(tmp_path, log_json=json_mode))) as client:
            client.get(f"/s/{token}")
        # The test's own HTTP client (httpx) logs the URL it calls: that is not the server.
        lines = [ln for ln in capfd.readouterr().err.splitlines() if "httpx" not in ln]
        assert any("/s/[token]" in ln for ln in lines)
        assert not any(token in ln for ln in lines), lines
    access = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/s/{token}", "1.1", 200), None,
    )  # fmt: skip
    for f in logging.getLogger("uvicorn.access").filters:
        f.filter(access)
    assert token not in access.getMessage()
