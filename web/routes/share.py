"""Sharing answers by link: create a frozen snapshot, show it, revoke it.

Anyone may share an answer from a conversation they own (signed in or anonymous); the token is
the only key to the snapshot page. Revoking needs the owner or a legal user/admin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.approvals import revoke_share
from web.auth import effective_role
from web.conversations import ConversationStore
from web.identity import owner_of
from web.sharing import answer_html, create_share, get_share, list_for_owner, may_revoke
from web.templating import page

router = APIRouter(tags=["sharing"])

NOT_FOUND = "Dit gedeelde antwoord bestaat niet of is ingetrokken."


def not_found(request: Request, message: str = NOT_FOUND) -> Response:
    return page(request, "accounts/not_found.html", {"message": message}, 404)


def _index(request: Request):
    return request.app.state.services.index


@router.get("/delen")
def choose_answer(request: Request, gesprek: str = "") -> Response:
    """The answers of one of your conversations, each with a share button."""
    conv = ConversationStore(request.app.state.services.db).get(owner_of(request).key, gesprek)
    if conv is None:
        return not_found(request, "Dit gesprek bestaat niet of is niet van u.")
    answers = [m for m in conv.messages if m.status == "done"]
    return page(request, "accounts/share_choose.html", {"conversation": conv, "answers": answers})


@router.post("/delen")
def share(
    request: Request,
    conversation_id: Annotated[str, Form(max_length=64)] = "",
    message_id: Annotated[int, Form()] = 0,
) -> Response:
    db = request.app.state.services.db
    owner = owner_of(request).key
    store = ConversationStore(db)
    msg = store.get_message(conversation_id, message_id)
    if store.get(owner, conversation_id) is None or msg is None or msg.status != "done":
        return not_found(request, "Dit antwoord bestaat niet of is niet van u.")
    index = _index(request)
    card = msg.card
    snapshot = create_share(
        db,
        owner=owner,
        question=msg.question,
        answer=msg.answer,
        citations=msg.citations,
        verdicts=list((card or {}).get("verdicts") or []),
        card=card,
        knowledge_version=index.knowledge_version(),
        index=index,
    )
    url = str(request.url_for("shared_answer", token=snapshot.token))
    if request.headers.get("hx-request"):
        return page(request, "accounts/_share_link.html", {"url": url}, 201)
    return RedirectResponse(f"/s/{snapshot.token}", status_code=303)


@router.get("/mijn-links")
def my_links(request: Request) -> Response:
    """The links this visitor shared (signed in: by account; anonymous: by this browser)."""
    shares = list_for_owner(request.app.state.services.db, owner_of(request).key)
    return page(request, "accounts/my_links.html", {"shares": shares})


@router.get("/s/{token}", name="shared_answer")
def shared_answer(request: Request, token: str) -> Response:
    snapshot = get_share(request.app.state.services.db, token)
    if snapshot is None:
        return not_found(request)
    role = effective_role(request) if getattr(request.state, "user", None) else None
    response = page(
        request,
        "accounts/shared.html",
        {
            "share": snapshot,
            "answer_html": answer_html(snapshot),
            "can_revoke": may_revoke(snapshot, owner_of(request).key, role),
            "can_approve": role in ("legal", "admin"),
        },
    )
    # The token is the key: never hand it to other sites (Referer) or to search engines.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@router.post("/s/{token}/intrekken")
def revoke(request: Request, token: str) -> Response:
    """Authorised by ownership or role inside (not a route dependency): unknown tokens and
    strangers get the same answers as for any snapshot they cannot see."""
    db = request.app.state.services.db
    snapshot = get_share(db, token)
    if snapshot is None:
        return not_found(request)
    role = effective_role(request) if getattr(request.state, "user", None) else None
    if not may_revoke(snapshot, owner_of(request).key, role):
        return page(
            request,
            "accounts/denied.html",
            {"message": "Alleen wie het antwoord deelde, of een jurist, kan de link intrekken."},
            403,
        )
    revoke_share(db, request.app.state.settings, snapshot)
    return page(
        request,
        "accounts/message.html",
        {
            "title": "Link ingetrokken",
            "message": "De link is ingetrokken; het antwoord is niet meer te openen.",
        },
    )
