"""Who may do what: `require_role(*roles)` / `require_login()` FastAPI dependencies, and the
Dutch 401/403 answers they lead to.

Anonymous visitors act as buyers for chat and the Opdrachtcheck; everything behind
`require_login()` or `require_role()` asks them to sign in first (HTML: redirect to /login;
JSON: 401). A signed-in user with the wrong role gets 403 (HTML page or JSON, in Dutch)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from assistant.settings import Settings
from web.accounts import ROLES, User


class AccessDenied(Exception):
    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


def current_user(request: Request) -> User | None:
    return getattr(request.state, "user", None)


def effective_role(request: Request) -> str:
    """The role that counts for this request; anonymous visitors count as buyers."""
    user = current_user(request)
    return user.role if user is not None else "buyer"


def require_login() -> Callable[[Request], User]:
    def dependency(request: Request) -> User:
        user = current_user(request)
        if user is None:
            raise AccessDenied(401, "Meld u eerst aan.")
        return user

    dependency.inkoop_protection = "login"  # type: ignore[attr-defined]
    return dependency


def require_role(*roles: str) -> Callable[[Request], User]:
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def dependency(request: Request) -> User:
        user = current_user(request)
        if user is None:
            raise AccessDenied(401, "Meld u eerst aan.")
        if user.role not in roles:
            labels = ", ".join(ROLES[r] for r in roles)
            raise AccessDenied(
                403,
                f"Deze pagina is alleen voor: {labels}. U bent aangemeld als "
                f"{ROLES.get(user.role, user.role)}.",
            )
        return user

    dependency.inkoop_protection = roles  # type: ignore[attr-defined]
    return dependency


LoginUser = Annotated[User, Depends(require_login())]
LegalUser = Annotated[User, Depends(require_role("legal", "admin"))]
ManagerUser = Annotated[User, Depends(require_role("contract_manager", "admin"))]
AdminUser = Annotated[User, Depends(require_role("admin"))]


def wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and request.headers.get("hx-request") is None


async def access_denied_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AccessDenied)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    login_url = f"/login?next={quote(target, safe='')}"
    if exc.status_code == 401 and wants_html(request):
        return RedirectResponse(login_url, status_code=303)
    if request.headers.get("hx-request"):
        # htmx swaps 4xx bodies in place: give it a Dutch fragment, and for an expired session
        # let htmx send the whole page to the login form.
        headers = {"HX-Redirect": login_url} if exc.status_code == 401 else {}
        body = f'<div class="notice notice-error" role="alert"><p>{escape(exc.message)}</p></div>'
        return HTMLResponse(body, status_code=exc.status_code, headers=headers)
    if "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"detail": exc.message}, status_code=exc.status_code)
    try:
        from web.templating import templates
    except ImportError:  # the web layer's templates are not there: a bare but Dutch page
        body = f"<!doctype html><html lang='nl'><h1>Geen toegang</h1><p>{escape(exc.message)}</p>"
        return HTMLResponse(body, status_code=exc.status_code)
    return templates.TemplateResponse(
        request, "accounts/denied.html", {"message": exc.message}, status_code=exc.status_code
    )


def install_security(app: FastAPI, settings: Settings) -> None:
    """The one call app.py makes: session/CSRF middleware plus the 401/403 handler."""
    from web.security import SecurityMiddleware

    app.add_middleware(SecurityMiddleware, settings=settings)
    app.add_exception_handler(AccessDenied, access_denied_handler)
