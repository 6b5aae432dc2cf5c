"""Helpers shared by the accounts tests (sign in, read the CSRF token)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from assistant.retrieval import build_retriever
from web.conversations import ConversationStore

PASSWORD = "een-goed-wachtwoord"
_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


def csrf(client: TestClient) -> str:
    """The CSRF token of this client's session, as a page shows it."""
    match = _TOKEN.search(client.get("/login").text)
    assert match, "login page carries no csrf-token meta tag"
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


QUESTION = "Wat is de Europese drempel voor leveringen?"


def answered(app, client: TestClient, settings) -> tuple[str, int, str]:
    """A finished answer in the signed-in client's conversation, citing a real passage.
    Returns conversation id, message id and the passage text."""
    doc = build_retriever(settings, mode="bm25", k=1).invoke("Europese drempel leveringen")[0]
    meta = doc.metadata
    citation = {
        "n": 1,
        "source": meta["source"],
        "title": meta["title"],
        "section": meta["section"],
        "chunk_id": meta["chunk_id"],
        "start": meta["start"],
        "end": meta["end"],
        "quote": doc.page_content[:80],
    }
    store = ConversationStore(app.state.services.db)
    conv = store.create(f"user:{client.user_id}")
    msg = store.add_question(conv.id, QUESTION, "buyer")
    store.finish(
        msg.id,
        {
            "answer": "De drempel staat in de bron [1].",
            "citations": [citation],
            "card": None,
            "backend": "extractive",
        },
        "knowledge",
    )
    return conv.id, msg.id, doc.page_content


def share(client: TestClient, conversation_id: str, message_id: int):
    data = {
        "conversation_id": conversation_id,
        "message_id": str(message_id),
        "csrf_token": csrf(client),
    }
    return client.post("/delen", data=data, follow_redirects=False)


def token_of(response) -> str:
    assert response.status_code == 303, response.text
    return response.headers["location"].removeprefix("/s/")
