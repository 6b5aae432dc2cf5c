"""POST /api/answer over the real app (fake retriever, extractive answers)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from web.app import create_app


@pytest.fixture
def api(unit_settings, make_answerer):
    app = create_app(unit_settings)
    app.state.services.answerer = make_answerer()
    with TestClient(app) as client:
        yield client


def test_answer_returns_citations_and_backend(api):
    r = api.post("/api/answer", json={"question": "Wanneer is het wagenpark zero-emissie?"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "2028" in body["answer"] and body["backend"] == "extractive"
    cite = body["citations"][0]
    assert set(cite) >= {"n", "source", "title", "section", "chunk_id", "start", "end", "quote"}
    assert f"[{cite['n']}]" in body["answer"]
    assert body["conversation_id"]


def test_follow_up_uses_the_conversation(api):
    first = api.post("/api/answer", json={"question": "Wanneer is het wagenpark zero-emissie?"})
    conv = first.json()["conversation_id"]
    r = api.post(
        "/api/answer", json={"question": "en hoeveel was het in 2020?", "conversation_id": conv}
    )
    assert r.status_code == 200 and "20%" in r.json()["answer"]
    assert r.json()["conversation_id"] == conv


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"question": "   "}, 422, "leeg"),
        ({}, 422, "leeg"),
        ({"question": "x" * 5000}, 422, "te lang"),
        ({"question": "Wat is MVI?", "role": "koning"}, 422, "rol"),
        ({"question": "Wat is MVI?", "conversation_id": "bestaat-niet"}, 404, "gesprek"),
    ],
)
def test_bad_input_gets_a_dutch_4xx(api, payload, status, fragment):
    r = api.post("/api/answer", json=payload)
    assert r.status_code == status
    assert fragment in r.json()["detail"]


def test_answer_endpoint_is_in_the_openapi_schema(api):
    schema = api.get("/openapi.json").json()
    op = schema["paths"]["/api/answer"]["post"]
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    props = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"]
    assert {"answer", "citations", "verdicts", "backend"} <= set(props)
