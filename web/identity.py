"""Who owns a conversation: the signed-in user, or an anonymous browser identified by a cookie."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from fastapi import Request, Response

CLIENT_COOKIE = "inkoop_client"
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Owner:
    key: str  # "user:<id>" or "anon:<client id>"
    new_client_id: str | None = None  # set when the cookie must still be sent


def owner_of(request: Request) -> Owner:
    user = getattr(request.state, "user", None)
    if user is not None and getattr(user, "id", None) is not None:
        return Owner(f"user:{user.id}")
    client = request.cookies.get(CLIENT_COOKIE, "")
    if _CLIENT_ID.match(client):
        return Owner(f"anon:{client}")
    fresh = secrets.token_urlsafe(24)
    return Owner(f"anon:{fresh}", new_client_id=fresh)


def remember(response: Response, owner: Owner, request: Request) -> Response:
    """Send the anonymous client cookie when this request created it."""
    if owner.new_client_id:
        settings = request.app.state.settings
        response.set_cookie(
            CLIENT_COOKIE,
            owner.new_client_id,
            max_age=_ONE_YEAR,
            httponly=True,
            samesite="lax",
            secure=bool(getattr(settings, "secure_cookies", False)),
        )
    return response
