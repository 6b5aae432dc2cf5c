"""Legal review: the queue of shared answers, approve / withdraw, and the public library."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.approvals import ApprovalError, approve, library, withdraw
from web.auth import LegalUser
from web.sharing import recent_shares
from web.templating import page

router = APIRouter(tags=["library"])


@router.get("/bibliotheek")
def library_page(request: Request, q: str = "") -> Response:
    q = q[:200]
    return page(
        request,
        "accounts/library.html",
        {"items": library(request.app.state.services.db, q), "q": q},
    )


@router.get("/juridisch")
def review_queue(request: Request, user: LegalUser) -> Response:
    return page(
        request, "accounts/review.html", {"shares": recent_shares(request.app.state.services.db)}
    )


@router.post("/s/{token}/goedkeuren")
def approve_share(
    request: Request, token: str, user: LegalUser, note: Annotated[str, Form(max_length=4000)] = ""
) -> Response:
    try:
        approve(
            request.app.state.services.db, request.app.state.settings, token, user.username, note
        )
    except ApprovalError as exc:
        title = "Niet gevonden" if exc.status == 404 else "Dat lukte niet"
        return page(
            request, "accounts/not_found.html", {"message": str(exc), "title": title}, exc.status
        )
    return RedirectResponse(f"/s/{token}", status_code=303)


@router.post("/s/{token}/goedkeuring-intrekken")
def withdraw_approval(request: Request, token: str, user: LegalUser) -> Response:
    try:
        withdraw(request.app.state.services.db, request.app.state.settings, token)
    except ApprovalError as exc:
        return page(request, "accounts/not_found.html", {"message": str(exc)}, 404)
    return RedirectResponse(f"/s/{token}", status_code=303)
