"""Turns an engine outage (ChromaDB server, database, Ollama) into a clear Dutch 503 instead of
a bare 500, and any other unexpected error into a Dutch 500 with a reference for the logs.

Why here and not in each route: an engine can fail in any layer (the security middleware reads
the user from the database, retrieval reads Chroma), and the answer to the user is the same."""

from __future__ import annotations

import html
import logging
import uuid
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("inkoop.errors")

MESSAGES = {
    "chroma": "De kennisbank is tijdelijk niet bereikbaar. Probeer het over een minuut opnieuw.",
    "database": "De database is tijdelijk niet bereikbaar. Probeer het over een minuut opnieuw.",
    "engine": "Een onderdeel van de assistent is tijdelijk niet bereikbaar. "
    "Probeer het over een minuut opnieuw.",
}


def classify(exc: BaseException) -> str | None:
    """Which engine is down, judged from the exception and its causes; None if none is."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current)
        if isinstance(current, ValueError) and "Could not connect to a Chroma server" in text:
            return "chroma"
        if isinstance(current, OperationalError | InterfaceError) or (
            isinstance(current, DBAPIError) and current.connection_invalidated
        ):
            return "database"
        if isinstance(current, httpx.TransportError):
            url = str(getattr(current.request, "url", "")) if _has_request(current) else ""
            return "chroma" if "/api/v2/" in url else "engine"
        if isinstance(current, ConnectionError | TimeoutError):
            return "engine"
        current = current.__cause__ or current.__context__
    return None


def _has_request(exc: httpx.TransportError) -> bool:
    try:
        exc.request  # noqa: B018 - raises RuntimeError when the error has no request
    except RuntimeError:
        return False
    return True


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.startswith(("/api/", "/health", "/ready")) or (
        "application/json" in accept and "text/html" not in accept
    )


def _respond(request: Request, status: int, detail: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    # htmx swaps this fragment in; a full page load shows it as a plain page.
    body = f'<div class="fout" role="alert"><p>{html.escape(detail)}</p></div>'
    return HTMLResponse(body, status_code=status, headers={"Retry-After": "30"})


async def _engine_handler(request: Request, exc: Exception) -> Response:
    kind = classify(exc)
    if kind is None:
        raise exc  # not an outage: let the 500 handler below deal with it
    log.warning("engine unavailable: %s (%s: %s)", kind, type(exc).__name__, str(exc)[:200])
    response = _respond(request, 503, MESSAGES[kind])
    response.headers["Retry-After"] = "30"
    return response


async def _unexpected_handler(request: Request, exc: Exception) -> Response:
    if isinstance(exc, StarletteHTTPException):
        # Raised inside a middleware (outside FastAPI's own handler): keep its status.
        return await _http_handler(request, exc)
    kind = classify(exc)
    if kind is not None:
        return await _engine_handler(request, exc)
    ref = uuid.uuid4().hex[:8]
    log.error("unhandled error ref=%s on %s", ref, request.url.path, exc_info=exc)
    return _respond(
        request, 500, f"Er ging iets mis aan onze kant (referentie {ref}). Probeer het opnieuw."
    )


# Dutch words for the validation errors a user can cause; anything else gets the generic text.
_PROBLEMS = {
    "missing": "ontbreekt",
    "json_invalid": "is geen geldige JSON",
    "json_type": "is geen JSON-object",
    "model_attributes_type": "heeft niet de juiste vorm",
    "dict_type": "heeft niet de juiste vorm",
    "string_type": "moet tekst zijn",
    "string_too_long": "is te lang",
    "string_too_short": "is te kort",
    "int_parsing": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_parsing": "moet ja of nee zijn",
    "literal_error": "heeft een waarde die niet is toegestaan",
    "enum": "heeft een waarde die niet is toegestaan",
    "value_error": "is ongeldig",
}


async def _validation_handler(request: Request, exc: RequestValidationError) -> Response:
    """FastAPI's 422 in Dutch (a clear sentence in `detail`; the raw list stays in `errors`)."""
    parts = []
    for err in exc.errors()[:5]:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form")]
        field = ".".join(loc) or "de inhoud"
        parts.append(f"{field} {_PROBLEMS.get(err.get('type', ''), 'is ongeldig')}")
    detail = "Het verzoek is ongeldig: " + "; ".join(parts or ["onbekende fout"]) + "."
    if _wants_json(request):
        errors = [
            {"loc": list(e.get("loc", ())), "type": e.get("type"), "msg": e.get("msg")}
            for e in exc.errors()[:20]
        ]
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)
    return _respond(request, 422, detail)


# Framework messages a user can trigger, in Dutch.
_UNREADABLE = (
    "Het verzoek is ongeldig: de inhoud kon niet worden gelezen (gebruik JSON of een formulier "
    "in UTF-8)."
)
_HTTP_DUTCH = {
    "There was an error parsing the body": _UNREADABLE,
    "Missing boundary in multipart.": _UNREADABLE,
}


async def _http_handler(request: Request, exc: StarletteHTTPException) -> Response:
    dutch = _HTTP_DUTCH.get(str(exc.detail))
    if dutch is None:
        return await http_exception_handler(request, exc)
    return _respond(request, exc.status_code, dutch)


def install_engine_error_handlers(app: FastAPI) -> None:
    handlers: list[tuple[Any, Any]] = [
        (httpx.TransportError, _engine_handler),
        (OperationalError, _engine_handler),
        (InterfaceError, _engine_handler),
        (ConnectionError, _engine_handler),
        (TimeoutError, _engine_handler),
        (ValueError, _engine_handler),  # chromadb reports "Could not connect" as ValueError
        (Exception, _unexpected_handler),  # also catches errors raised inside middleware
    ]
    for exc_class, handler in handlers:
        app.add_exception_handler(exc_class, handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_handler)  # type: ignore[arg-type]
