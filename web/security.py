"""Session cookie + CSRF middleware (pure ASGI, so streaming responses pass untouched).

Every request gets `request.state.user` (a `web.accounts.User`, or None for anonymous, who acts
as a buyer) and `request.state.csrf_token`.

Session: a cookie signed with itsdangerous (key: settings.secret_key, or a random key created
once in data_dir so several workers agree), HttpOnly, SameSite=Lax, Secure when
settings.secure_cookies. It holds the user id and the CSRF token.

CSRF rule, for POST/PUT/PATCH/DELETE:
- a request whose header X-CSRF-Token or form field csrf_token equals the session's token passes;
- otherwise it passes only if it is a JSON request (Content-Type application/json) that carries
  no identity: no signed-in session user and no trusted SSO header. A browser cannot send such a
  request cross-site without a CORS preflight (which this app never grants), and without an
  identity there is nothing for a forged request to borrow. That keeps `POST /api/answer` usable
  from scripts, while every form (login included, against login CSRF) needs the token;
- everything else is refused with 403 and a Dutch message.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import json
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.settings import Settings
from web.auth import require_login, require_role  # noqa: F401  (re-exported: contract E)

log = logging.getLogger(__name__)

SESSION_COOKIE = "inkoop_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SESSION_MAX_AGE_S = 12 * 3600
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def load_secret_key(settings: Settings) -> str:
    """settings.secret_key, or a random key created once in data_dir (atomically, so parallel
    workers starting together all end up with the same key)."""
    if settings.secret_key:
        return settings.secret_key
    path: Path = settings.data_dir / "secret_key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
        # link() fails when another worker won the race; then we read its key.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
        tmp.unlink()
    return path.read_text().strip()


def _client_trusted(scope: Scope, settings: Settings) -> bool:
    client = scope.get("client")
    if not client:
        return False
    try:
        addr = ipaddress.ip_address(client[0])
    except ValueError:
        return False
    for entry in settings.trusted_proxies:
        try:
            if addr in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def login_session(request: Request, user_id: int) -> None:
    """Sign the user in: a fresh CSRF token too, so a token seen before login is worthless."""
    session = request.scope["state"]["session"]
    session["uid"] = user_id
    session["csrf"] = secrets.token_urlsafe(32)
    request.scope["state"]["session_dirty"] = True
    request.state.csrf_token = session["csrf"]


def logout_session(request: Request) -> None:
    session = request.scope["state"]["session"]
    session.pop("uid", None)
    session["csrf"] = secrets.token_urlsafe(32)
    request.scope["state"]["session_dirty"] = True
    request.state.csrf_token = session["csrf"]


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.serializer = URLSafeTimedSerializer(load_secret_key(settings), salt="inkoop-session")
        self.max_body = (settings.max_upload_mb + 1) * 1024 * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        session, had_cookie = self._read_session(request)
        dirty = not had_cookie
        state = scope.setdefault("state", {})
        state["session"] = session
        state["csrf_token"] = session["csrf"]
        state["user"], via_header = self._resolve_user(scope, request, session)

        if scope["method"] in UNSAFE_METHODS:
            receive, error = await self._check_csrf(scope, receive, request, session, via_header)
            if error is not None:
                await _refuse(scope, send, *error)
                return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and (dirty or state.get("session_dirty")):
                headers = MutableHeaders(scope=message)
                headers.append("set-cookie", self._cookie(state["session"]))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    # --- session --------------------------------------------------------------------------
    def _read_session(self, request: Request) -> tuple[dict[str, Any], bool]:
        raw = request.cookies.get(SESSION_COOKIE)
        if raw:
            try:
                data = self.serializer.loads(raw, max_age=SESSION_MAX_AGE_S)
                if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                    return data, True
            except BadSignature:
                pass
        return {"csrf": secrets.token_urlsafe(32)}, False

    def _cookie(self, session: dict[str, Any]) -> str:
        value = self.serializer.dumps(session)
        parts = [
            f"{SESSION_COOKIE}={value}",
            "Path=/",
            f"Max-Age={SESSION_MAX_AGE_S}",
            "HttpOnly",
            "SameSite=Lax",
        ]
        if self.settings.secure_cookies:
            parts.append("Secure")
        return "; ".join(parts)

    def _resolve_user(self, scope: Scope, request: Request, session: dict[str, Any]):
        from web.accounts import get_or_create_header_user, get_user

        if scope["path"] == "/health" or scope["path"].startswith("/static/"):
            return None, False  # liveness and assets must never wait on the database

        def db():  # opened only when a user must be looked up: anonymous requests skip it
            return scope["app"].state.services.db

        if self.settings.auth_mode == "header":
            # Only a configured proxy may assert identities; from anyone else the headers are
            # ignored (anonymous), never trusted.
            name = request.headers.get(self.settings.auth_user_header)
            if name and _client_trusted(scope, self.settings):
                role = request.headers.get(self.settings.auth_role_header, "buyer")
                try:
                    return get_or_create_header_user(db(), name, role.strip().lower()), True
                except ValueError:
                    log.warning("rejected SSO user name from proxy")
            return None, False
        uid = session.get("uid")
        if isinstance(uid, int):
            user = get_user(db(), uid)
            if user is None:
                session.pop("uid", None)
            return user, False
        return None, False

    # --- CSRF -----------------------------------------------------------------------------
    async def _check_csrf(
        self,
        scope: Scope,
        receive: Receive,
        request: Request,
        session: dict[str, Any],
        via_header: bool,
    ):
        """(receive to pass on, None) when the request may go on; else (status, Dutch message)."""
        expected = session["csrf"]
        sent = request.headers.get(CSRF_HEADER)
        if sent is not None:
            return receive, None if _same(sent, expected) else _CSRF_FAILED
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/json":
            anonymous = scope["state"]["user"] is None and not via_header
            return receive, None if anonymous else _CSRF_FAILED
        if ctype not in _FORM_TYPES:
            return receive, _CSRF_FAILED
        # Read the form to find the hidden field, then replay the body to the app.
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            body.extend(message.get("body", b""))
            if len(body) > self.max_body:
                limit = self.settings.max_upload_mb
                return receive, (413, f"Het verzoek is te groot (maximaal {limit} MB).")
            more = message.get("more_body", False)
        try:
            form = await Request(scope, _replay(bytes(body), None)).form()
        except (HTTPException, MultiPartException, ValueError):
            return receive, (400, "Het formulier kon niet worden gelezen. Probeer het opnieuw.")
        try:
            value = form.get(CSRF_FIELD)
            ok = isinstance(value, str) and _same(value, expected)
        finally:
            await form.close()
        return _replay(bytes(body), receive), None if ok else _CSRF_FAILED


def _same(sent: str, expected: str) -> bool:
    # Bytes, not str: compare_digest refuses non-ASCII str (a hostile header would crash it).
    return hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode("utf-8"))


_CSRF_FAILED = (
    403,
    "Het formulier is verlopen of ongeldig (CSRF-controle). Herlaad de pagina en probeer het "
    "opnieuw.",
)


def _replay(body: bytes, then: Receive | None) -> Receive:
    """Hands the buffered body over once, then passes on to the real channel (so streaming
    responses still notice a client that disconnects)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if then is None:
            return {"type": "http.disconnect"}
        return await then()

    return receive


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    accept = dict(scope.get("headers") or []).get(b"accept", b"").decode()
    if "text/html" in accept:
        body = (
            f'<!doctype html><html lang="nl"><meta charset="utf-8"><title>Geweigerd'
            f"</title><h1>Niet toegestaan</h1><p>{message}</p></html>"
        ).encode()
        ctype = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": message}).encode()
        ctype = b"application/json"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
