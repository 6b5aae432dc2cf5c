"""The one Jinja2 environment for every page, with the globals and filters templates use."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from web.render import dutch_date, euro, render_markdown, source_url

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))

ROLE_LABELS = {
    "buyer": "inkoper",
    "contract_manager": "contractmanager",
    "legal": "jurist",
    "admin": "beheerder",
}
CHAT_ROLES = ("buyer", "contract_manager", "legal")


def csrf_token(request: Request) -> str:
    """Filled by the ACCOUNTS middleware; empty when it is not installed."""
    return getattr(request.state, "csrf_token", "") or ""


def current_user(request: Request) -> Any | None:
    return getattr(request.state, "user", None)


def default_role(request: Request) -> str:
    """The chat role a user starts with: their own role when it is a chat role, else buyer."""
    role = getattr(current_user(request), "role", None)
    return role if role in CHAT_ROLES else "buyer"


def knowledge_version(request: Request) -> str:
    """Short hash of the ingested content for the footer; never breaks a page."""
    try:
        return request.app.state.services.index.knowledge_version() or "onbekend"
    except Exception:  # the index may be missing or still building
        log.warning("knowledge version unavailable", exc_info=True)
        return "onbekend"


def static_files() -> StaticFiles:
    return StaticFiles(directory=str(WEB_DIR / "static"))


def page(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200):
    """Render a template with the request in its context."""
    return templates.TemplateResponse(request, name, context or {}, status_code=status)


env = templates.env
env.globals.update(
    csrf_token=csrf_token,
    current_user=current_user,
    default_role=default_role,
    knowledge_version=knowledge_version,
    role_labels=ROLE_LABELS,
    chat_roles=CHAT_ROLES,
    source_url=source_url,
)
env.filters.update(markdown=render_markdown, datum=dutch_date, euro=euro)


async def not_found_handler(request: Request, exc: Exception):
    """Unknown pages answer a Dutch HTML page for browsers; API clients keep FastAPI's JSON."""
    from fastapi.exception_handlers import http_exception_handler

    wants_html = "text/html" in request.headers.get("accept", "")
    if request.url.path.startswith("/api") or not wants_html:
        return await http_exception_handler(request, exc)  # type: ignore[arg-type]
    context = {
        "title": "Pagina niet gevonden",
        "error": "Deze pagina bestaat niet. Controleer het adres of ga naar de startpagina.",
    }
    return page(request, "error.html", context, status=404)
