"""Faults of the engines around the answer path, seen over HTTP:
- the model backend (Ollama, replayed on loopback) hangs or lacks the model -> an extractive
  answer from the sources, marked as such in Dutch;
- a question with a NUL character on a real PostgreSQL (text columns refuse NUL) -> no 5xx;
- broken uploads -> a Dutch error, the index untouched."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from tests.ops import bad_files
from tests.ops.ollama_replay import ReplayServer
from web.app import create_app

QUESTION = "Wat is Inkopen met Impact?"


@pytest.fixture
def index_copy(built_index_settings: Settings, tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    shutil.copytree(built_index_settings.data_dir, data)
    return built_index_settings.model_copy(update={"data_dir": data})


@pytest.mark.parametrize(
    ("fault", "reason_word"),
    [("hangs", "op tijd"), ("model missing", "niet beschikbaar")],
)
def test_model_fault_gives_a_marked_extractive_answer(
    index_copy: Settings, ollama_replay: ReplayServer, fault: str, reason_word: str
) -> None:
    if fault == "hangs":
        ollama_replay.play("chat_stream.json")
        ollama_replay.delay_s = 4.0
    else:
        ollama_replay.play("chat_model_not_found.json")
    settings = index_copy.model_copy(
        update={"llm_backend": "ollama", "ollama_url": ollama_replay.url, "llm_timeout_s": 1.0}
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        start = time.monotonic()
        resp = client.post("/api/answer", json={"question": QUESTION})
        elapsed = time.monotonic() - start
    assert resp.status_code == 200, resp.text[:300]
    body = resp.json()
    assert body["backend"] == "extractive"
    assert reason_word in (body["fallback_reason"] or ""), body["fallback_reason"]
    assert body["citations"], "the extractive answer still cites its sources"
    assert any(r["path"] == "/api/chat" for r in ollama_replay.received), "the model was asked"
    assert elapsed < 15, "a hanging model must not hold the user much past the timeout"


def test_nul_character_on_postgres_is_not_a_server_error(
    index_copy: Settings, postgres_url: str
) -> None:
    settings = index_copy.model_copy(
        update={"database_url": postgres_url, "llm_backend": "extractive"}
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        resp = client.post("/api/answer", json={"question": "Wat is de\u0000 drempel?"})
        assert resp.status_code < 500, resp.text[:300]
        ok = client.post("/api/answer", json={"question": QUESTION})
        assert ok.status_code == 200


def _csrf(client: TestClient) -> str:
    import re

    match = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text)
    assert match, "no csrf-token meta tag"
    return match.group(1)


def _admin_client(app) -> TestClient:  # type: ignore[no-untyped-def]
    from web.accounts import create_user

    client = TestClient(app, raise_server_exceptions=False)
    password = "een-lang-wachtwoord-7"
    create_user(app.state.services.db, "beheerder-ops", password, "admin")
    form = {"username": "beheerder-ops", "password": password, "csrf_token": _csrf(client)}
    resp = client.post("/login", data=form, follow_redirects=False)
    assert resp.status_code == 303, resp.text[:300]
    client.headers["X-CSRF-Token"] = _csrf(client)  # the session (and token) is new after login
    return client


def test_broken_uploads_are_refused_and_change_nothing(index_copy: Settings) -> None:
    from ingest.index import open_index
    from web.documents import get_job

    settings = index_copy.model_copy(update={"llm_backend": "extractive"})
    version_before = open_index(settings).knowledge_version()
    sources_before = {s.name for s in open_index(settings).list_sources()}
    app = create_app(settings)
    with _admin_client(app) as client:
        refused_at_once = {
            "leeg.pdf": b"",
            "binair.txt": bad_files.BINARY,
            "zip.docx": bad_files.plain_zip_as_docx(),
        }
        for name, data in refused_at_once.items():
            resp = client.post(
                "/beheer/documenten", files={"file": (name, data)}, headers={"HX-Request": "true"}
            )
            assert resp.status_code == 400, (name, resp.status_code, resp.text[:200])
            assert "bestand" in resp.text.lower() or "inhoud" in resp.text.lower(), resp.text[:200]

        # These pass the content sniff; the background job must fail with a Dutch reason.
        for name, data, word in [
            ("kapot.pdf", bad_files.garbled_pdf(), "pdf"),
            ("beveiligd.pdf", bad_files.encrypted_pdf(), "wachtwoord"),
        ]:
            resp = client.post(
                "/beheer/documenten", files={"file": (name, data)}, headers={"HX-Request": "true"}
            )
            assert resp.status_code in (202, 303), (name, resp.status_code, resp.text[:200])
            from web.documents import IngestJob

            with app.state.services.db.session() as s:
                job_id = s.query(IngestJob).filter_by(filename=name).one().id
            deadline = time.monotonic() + 60
            while not (job := get_job(app.state.services.db, job_id)).done:
                assert time.monotonic() < deadline, "upload job did not finish"
                time.sleep(0.2)
            assert job.status == "mislukt" and word in job.message.lower(), job.message
        assert client.get("/health").status_code == 200
    assert open_index(settings).knowledge_version() == version_before
    assert {s.name for s in open_index(settings).list_sources()} == sources_before
