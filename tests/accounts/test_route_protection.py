"""Every route of the app is either explicitly public, open to any signed-in user, or refused to
buyers with 403 (and to anonymous visitors with 401 / a redirect to the login page).

The route list is generated from the app's route table, so a new route that is in neither
allow-list below must be protected by a role, or this test fails."""

from __future__ import annotations

import re

import pytest
from acc_helpers import csrf
from fastapi.testclient import TestClient

from assistant.settings import Settings
from web.app import create_app

# Open to everyone, anonymous included (anonymous visitors act as buyers). Reviewed entries only.
PUBLIC = {
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/docs/oauth2-redirect"),
    ("GET", "/redoc"),
    ("GET", "/health"),
    ("GET", "/ready"),
    # chat, Opdrachtcheck and sources (WEB) and the JSON answer API (ANSWER): buyer features;
    # conversations are scoped to their owner inside the routes.
    ("POST", "/api/answer"),
    ("GET", "/"),
    ("GET", "/gesprek/{conversation_id}"),
    ("POST", "/gesprek/vraag"),
    ("GET", "/gesprek/{conversation_id}/stream/{message_id}"),
    ("GET", "/gesprek/{conversation_id}/bericht/{message_id}/{filename}"),
    ("GET", "/opdrachtcheck"),
    ("POST", "/opdrachtcheck"),
    ("POST", "/opdrachtcheck/tekst"),
    ("GET", "/opdrachtcheck/export/{filename}"),
    ("GET", "/bronnen"),
    ("GET", "/bronnen/{name}"),
    # accounts: signing in, the library of approved answers, shared snapshots (the unguessable
    # token is the key), and sharing / revoking, which check ownership inside the route
    # (tested in test_sharing.py).
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/bibliotheek"),
    ("GET", "/delen"),
    ("POST", "/delen"),
    ("GET", "/mijn-links"),
    ("GET", "/s/{token}"),
    ("POST", "/s/{token}/intrekken"),
}
# Any signed-in user, buyers included; anonymous visitors must sign in first.
LOGIN_ONLY = {
    ("POST", "/logout"),
    ("GET", "/contracten/nieuw"),
    ("POST", "/contracten"),
    ("GET", "/mijn-contracten"),
}


def app_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route, looking inside included routers (FastAPI >= 0.16x keeps
    them as included-router entries) and plain Starlette routes alike; mounts (static files)
    are left out."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        if hasattr(route, "effective_candidates"):
            entries = [(c.methods, c.path) for c in route.effective_candidates()]
        elif hasattr(route, "methods") and route.methods:
            entries = [(route.methods, route.path)]
        else:
            continue  # Mount (/static)
        for methods, path in entries:
            found.update((m, path) for m in methods or () if m != "HEAD")
    return found


@pytest.fixture(scope="module")
def routes_app(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("routes"), llm_backend="extractive")
    return create_app(settings)


def _fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _protected(app) -> list[tuple[str, str]]:
    return sorted(app_routes(app) - PUBLIC - LOGIN_ONLY)


def test_route_table_is_read(routes_app):
    routes = app_routes(routes_app)
    assert ("GET", "/beheer/gebruikers") in routes and ("POST", "/login") in routes
    assert len(_protected(routes_app)) >= 12


def test_allow_lists_name_only_existing_routes(routes_app):
    stale = (PUBLIC | LOGIN_ONLY) - app_routes(routes_app)
    assert not stale, f"allow-list entries without a route: {sorted(stale)}"


def _request(client: TestClient, method: str, path: str, accept: str):
    headers = {"accept": accept, "X-CSRF-Token": csrf(client)}
    return client.request(method, _fill(path), headers=headers, follow_redirects=False)


def anonymous_failures(app, client: TestClient) -> list[tuple]:
    failures = []
    for method, path in _protected(app) + sorted(LOGIN_ONLY):
        json = _request(client, method, path, "application/json")
        html = _request(client, method, path, "text/html")
        if (
            json.status_code != 401
            or html.status_code != 303
            or not html.headers.get("location", "").startswith("/login?next=")
        ):
            failures.append((method, path, json.status_code, html.status_code))
    return failures


def buyer_failures(app, client: TestClient) -> list[tuple]:
    failures = []
    for method, path in _protected(app):
        for accept in ("application/json", "text/html"):
            response = _request(client, method, path, accept)
            if response.status_code != 403 or "alleen voor" not in response.text:
                failures.append((method, path, accept, response.status_code))
    return failures


def test_every_protected_route_refuses_anonymous(routes_app):
    with TestClient(routes_app) as anonymous:
        assert anonymous_failures(routes_app, anonymous) == []


@pytest.fixture(scope="module")
def buyer(routes_app):
    from acc_helpers import PASSWORD, login

    from web.accounts import create_user

    create_user(routes_app.state.services.db, "inkoper", PASSWORD, "buyer")
    with TestClient(routes_app) as client:
        login(client, "inkoper")
        yield client


def test_every_protected_route_refuses_a_buyer_with_403(routes_app, buyer):
    assert buyer_failures(routes_app, buyer) == []


def test_a_forgotten_route_is_caught(tmp_path):
    """The generated check really fails for a new route that nobody protected."""
    from acc_helpers import PASSWORD, login

    from web.accounts import create_user

    app = create_app(Settings(data_dir=tmp_path, llm_backend="extractive"))

    @app.get("/beheer-vergeten")
    def forgotten() -> dict[str, str]:
        return {"geheim": "ja"}

    create_user(app.state.services.db, "koper", PASSWORD, "buyer")
    with TestClient(app) as anonymous, TestClient(app) as client:
        assert ("GET", "/beheer-vergeten", 200, 200) in anonymous_failures(app, anonymous)
        login(client, "koper")
        assert ("GET", "/beheer-vergeten", "application/json", 200) in buyer_failures(app, client)


def test_login_only_routes_admit_a_buyer(routes_app, buyer):
    for method, path in sorted(LOGIN_ONLY - {("POST", "/logout")}):
        response = _request(buyer, method, path, "text/html")
        assert response.status_code not in (401, 403), (method, path, response.status_code)
