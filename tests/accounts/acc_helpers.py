"""Helpers shared by the accounts tests (sign in, read the CSRF token)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

PASSWORD = "een-goed-wachtwoord"
_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


def csrf(client: TestClient) -> str:
    """The CSRF token of this client's session, as a page shows it."""
    match = _TOKEN.search(client.get("/login").text)
    assert match, "login page carries no csrf-token meta tag"
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
