"""Sign in and out (local accounts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.accounts import authenticate, login_locked, record_login
from web.auth import LoginUser
from web.security import login_session, logout_session
from web.templating import page

router = APIRouter(tags=["accounts"])


def safe_next(target: str | None) -> str:
    """Only local paths: an open redirect would turn our login into a phishing aid."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    settings = request.app.state.settings
    return page(
        request,
        "accounts/login.html",
        {"next": safe_next(next), "header_mode": settings.auth_mode == "header"},
    )


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    settings = request.app.state.settings
    if settings.auth_mode == "header":
        return page(request, "accounts/login.html", {"header_mode": True, "next": "/"}, 400)
    db = request.app.state.services.db
    if login_locked(db, username):
        return page(
            request,
            "accounts/login.html",
            {
                "error": "Te veel mislukte pogingen voor deze gebruiker. Wacht een kwartier "
                "en probeer het dan opnieuw.",
                "username": username,
                "next": safe_next(next),
                "header_mode": False,
            },
            429,
        )
    user = authenticate(db, username, password)
    record_login(db, username, ok=user is not None)
    if user is None:
        return page(
            request,
            "accounts/login.html",
            {
                "error": "Onjuiste gebruikersnaam of wachtwoord.",
                "username": username,
                "next": safe_next(next),
                "header_mode": False,
            },
            401,
        )
    login_session(request, user.id)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, user: LoginUser) -> Response:
    logout_session(request)
    return RedirectResponse("/", status_code=303)
