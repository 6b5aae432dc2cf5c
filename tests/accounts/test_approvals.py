"""Legal approval: a shared answer becomes a source of its own, findable in the library and by
retrieval; withdrawing takes it out of both. Runs on a copy of the real built index."""

from __future__ import annotations

from acc_helpers import answered, csrf, share, token_of
from fastapi.testclient import TestClient

from assistant.retrieval import build_retriever
from web.approvals import LABEL


def approve(client: TestClient, token: str, note: str):
    return client.post(
        f"/s/{token}/goedkeuren",
        data={"note": note, "csrf_token": csrf(client)},
        follow_redirects=False,
    )


def sources(app) -> dict:
    return {s.name: s for s in app.state.services.index.list_sources()}


def test_approve_library_retrieval_and_withdraw(index_app, index_client_as, index_settings):
    owner, jurist = index_client_as("buyer"), index_client_as("legal")
    conv_id, msg_id, _ = answered(index_app, owner, index_settings)
    token = token_of(share(owner, conv_id, msg_id))

    assert approve(owner, token, "zelf goedgekeurd").status_code == 403
    response = approve(jurist, token, "Getoetst aan de Aanbestedingswet 2012, art. 2.1.")
    assert response.status_code == 303

    page = TestClient(index_app).get(f"/s/{token}")
    assert "Juridisch getoetst" in page.text and "Aanbestedingswet 2012" in page.text

    found = [s for s in sources(index_app).values() if s.label == LABEL]
    assert len(found) == 1
    approved = found[0]
    assert approved.name.startswith("goedgekeurd-") and approved.chunk_count >= 1
    assert approved.kind == "approved_answer" and "legal-" in approved.publisher

    library = TestClient(index_app).get("/bibliotheek?q=drempel leveringen")
    assert library.status_code == 200 and f"/s/{token}" in library.text
    assert f"/s/{token}" not in TestClient(index_app).get("/bibliotheek?q=kinderopvang").text

    hits = build_retriever(index_settings, mode="bm25", k=10).invoke(
        "goedgekeurd antwoord juridisch getoetst Europese drempel leveringen"
    )
    assert approved.name in [d.metadata["source"] for d in hits]
    assert any(d.metadata["label"] == LABEL for d in hits)

    withdraw = jurist.post(
        f"/s/{token}/goedkeuring-intrekken",
        data={"csrf_token": csrf(jurist)},
        follow_redirects=False,
    )
    assert withdraw.status_code == 303
    assert approved.name not in sources(index_app)
    hits = build_retriever(index_settings, mode="bm25", k=10).invoke(
        "goedgekeurd antwoord juridisch getoetst Europese drempel leveringen"
    )
    assert approved.name not in [d.metadata["source"] for d in hits]
    assert f"/s/{token}" not in TestClient(index_app).get("/bibliotheek").text


def test_revoking_an_approved_share_removes_its_source(index_app, index_client_as, index_settings):
    owner, jurist = index_client_as("buyer"), index_client_as("legal")
    conv_id, msg_id, _ = answered(index_app, owner, index_settings)
    token = token_of(share(owner, conv_id, msg_id))
    assert approve(jurist, token, "").status_code == 303
    assert any(s.label == LABEL for s in sources(index_app).values())
    revoke = owner.post(f"/s/{token}/intrekken", data={"csrf_token": csrf(owner)})
    assert revoke.status_code == 200
    assert not any(s.label == LABEL for s in sources(index_app).values())


def test_approving_an_unknown_share_is_a_dutch_404(index_client_as):
    jurist = index_client_as("legal")
    response = approve(jurist, "bestaat-niet", "")
    assert response.status_code == 404 and "bestaat niet" in response.text


def test_overlong_note_is_a_400(index_app, index_client_as, index_settings):
    owner, jurist = index_client_as("buyer"), index_client_as("legal")
    conv_id, msg_id, _ = answered(index_app, owner, index_settings)
    token = token_of(share(owner, conv_id, msg_id))
    response = approve(jurist, token, "x" * 2500)
    assert response.status_code == 400 and "te lang" in response.text
    assert "Juridisch getoetst" not in TestClient(index_app).get(f"/s/{token}").text
