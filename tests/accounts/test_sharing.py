"""Sharing answers: frozen snapshots behind unguessable tokens, and who may revoke them.
Runs on a copy of the real built index (the cited passage is a real chunk)."""

from __future__ import annotations

import re

from acc_helpers import QUESTION, answered, csrf, share, token_of
from fastapi.testclient import TestClient

from assistant.retrieval import build_retriever
from ingest.pipeline import remove_document
from web.sharing import TOKEN_BYTES


def test_snapshot_opens_anonymously_and_survives_knowledge_changes(
    index_app, index_client_as, index_settings
):
    owner = index_client_as("buyer")
    conv_id, msg_id, passage = answered(index_app, owner, index_settings)
    token = token_of(share(owner, conv_id, msg_id))
    assert len(token) >= 43  # 32 random bytes, url-safe base64

    stranger = TestClient(index_app)
    page = stranger.get(f"/s/{token}")
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"  # the token never leaks onwards
    assert QUESTION in page.text
    first_words = " ".join(passage.split()[:6])
    assert first_words in " ".join(page.text.split())
    index = index_app.state.services.index
    version_then = index.knowledge_version()
    assert version_then in page.text

    # Change the knowledge: drop the cited source from the index.
    source = (
        build_retriever(index_settings, mode="bm25", k=1)
        .invoke("Europese drempel leveringen")[0]
        .metadata["source"]
    )
    assert remove_document(index_settings, source) > 0
    assert index.knowledge_version() != version_then

    again = stranger.get(f"/s/{token}")
    assert again.status_code == 200
    assert first_words in " ".join(again.text.split())
    assert version_then in again.text


def test_tokens_are_random_and_not_enumerable(index_app, index_client_as, index_settings):
    owner = index_client_as("buyer")
    conv_id, msg_id, _ = answered(index_app, owner, index_settings)
    tokens = {token_of(share(owner, conv_id, msg_id)) for _ in range(3)}
    assert len(tokens) == 3
    assert TOKEN_BYTES * 8 >= 128
    anonymous = TestClient(index_app)
    token = next(iter(tokens))
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for guess in ("1", "2", flipped, token[:-1], token.upper() if token.upper() != token else "x"):
        assert anonymous.get(f"/s/{guess}").status_code == 404
    # The database id is never part of a link.
    assert all(not re.fullmatch(r"\d+", t) for t in tokens)


def test_only_own_conversations_can_be_shared(index_app, index_client_as, index_settings):
    owner, other = index_client_as("buyer"), index_client_as("buyer")
    conv_id, msg_id, _ = answered(index_app, owner, index_settings)
    assert share(other, conv_id, msg_id).status_code == 404
    assert TestClient(index_app).get(f"/delen?gesprek={conv_id}").status_code == 404
    choose = owner.get(f"/delen?gesprek={conv_id}")
    assert choose.status_code == 200 and QUESTION in choose.text


def _revoke(client: TestClient, token: str):
    return client.post(
        f"/s/{token}/intrekken", data={"csrf_token": csrf(client)}, follow_redirects=False
    )


def test_owner_or_legal_may_revoke_others_may_not(index_app, index_client_as, index_settings):
    owner, other, jurist = (
        index_client_as("buyer"),
        index_client_as("buyer"),
        index_client_as("legal"),
    )
    conv_id, msg_id, _ = answered(index_app, owner, index_settings)
    mine = token_of(share(owner, conv_id, msg_id))
    theirs = token_of(share(owner, conv_id, msg_id))

    assert _revoke(other, mine).status_code == 403
    assert _revoke(TestClient(index_app), mine).status_code == 403
    assert owner.get(f"/s/{mine}").status_code == 200

    assert _revoke(owner, mine).status_code == 200
    assert owner.get(f"/s/{mine}").status_code == 404
    assert _revoke(owner, mine).status_code == 404

    assert _revoke(jurist, theirs).status_code == 200
    assert TestClient(index_app).get(f"/s/{theirs}").status_code == 404


def test_my_links_lists_own_live_shares_and_markers_jump_to_passages(
    index_app, index_client_as, index_settings
):
    owner, other = index_client_as("buyer"), index_client_as("buyer")
    conv_id, msg_id, _ = answered(index_app, owner, index_settings)
    token = token_of(share(owner, conv_id, msg_id))
    assert f"/s/{token}" in owner.get("/mijn-links").text
    assert f"/s/{token}" not in other.get("/mijn-links").text

    snapshot = TestClient(index_app).get(f"/s/{token}").text
    assert 'href="#bron-1"' in snapshot and 'id="bron-1"' in snapshot

    owner.post(f"/s/{token}/intrekken", data={"csrf_token": csrf(owner)})
    assert f"/s/{token}" not in owner.get("/mijn-links").text
