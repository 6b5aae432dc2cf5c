"""Session cookie, CSRF and trusted-header behaviour of web.security."""

from __future__ import annotations

import pytest
from acc_helpers import PASSWORD, csrf, login
from fastapi.testclient import TestClient

from assistant.settings import Settings
from web.accounts import create_user
from web.app import create_app
from web.security import SESSION_COOKIE, load_secret_key


def _cookie_header(response) -> str:
    headers = [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]
    found = [h for h in headers if h.startswith(SESSION_COOKIE + "=")]
    assert found, headers
    return found[0]


def test_session_cookie_is_httponly_and_samesite_lax(app):
    with TestClient(app) as client:
        header = _cookie_header(client.get("/login"))
    parts = [p.strip().lower() for p in header.split(";")]
    assert "httponly" in parts
    assert "samesite=lax" in parts
    assert "secure" not in parts


def test_secure_flag_follows_setting(tmp_path):
    app = create_app(Settings(data_dir=tmp_path, llm_backend="extractive", secure_cookies=True))
    with TestClient(app) as client:
        assert "secure" in [
            p.strip().lower() for p in _cookie_header(client.get("/login")).split(";")
        ]


def test_form_post_without_token_is_refused(app, client_as):
    create_user(app.state.services.db, "jan", PASSWORD)
    client = client_as(None)
    client.get("/login")  # has a session cookie, but the form carries no token
    response = client.post(
        "/login",
        data={"username": "jan", "password": PASSWORD},
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "CSRF" in response.text and "Herlaad de pagina" in response.text


def test_wrong_token_is_refused_right_token_accepted(app, client_as):
    create_user(app.state.services.db, "jan", PASSWORD)
    client = client_as(None)
    token = csrf(client)
    bad = client.post(
        "/login",
        data={"username": "jan", "password": PASSWORD, "csrf_token": token[:-2] + "xx"},
        follow_redirects=False,
    )
    assert bad.status_code == 403
    good = client.post(
        "/login",
        data={"username": "jan", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert good.status_code == 303


def test_token_of_another_session_is_refused(app, client_as):
    create_user(app.state.services.db, "jan", PASSWORD)
    victim, attacker = client_as(None), client_as(None)
    victim.get("/login")
    stolen = csrf(attacker)
    response = victim.post(
        "/login",
        data={"username": "jan", "password": PASSWORD, "csrf_token": stolen},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_login_rotates_the_csrf_token(app, client_as):
    create_user(app.state.services.db, "jan", PASSWORD)
    client = client_as(None)
    before = csrf(client)
    login(client, "jan")
    assert csrf(client) != before


def test_signed_in_form_post_needs_token_even_as_json(client_as):
    admin = client_as("admin")
    # JSON with a signed-in session: an identity is at stake, so the token is required.
    refused = admin.post("/beheer/gebruikers", json={"username": "x"})
    assert refused.status_code == 403
    ok = admin.post("/logout", headers={"X-CSRF-Token": csrf(admin)}, follow_redirects=False)
    assert ok.status_code == 303


def test_anonymous_json_without_cookie_is_not_csrf_checked(app):
    """Scripts calling JSON APIs carry no identity; the request reaches the route (which then
    answers on its own terms, here: log in first)."""
    with TestClient(app) as client:
        response = client.post("/logout", json={})
    assert response.status_code == 401
    assert "Meld u eerst aan" in response.json()["detail"]


def test_tampered_cookie_is_ignored(app, client_as):
    admin = client_as("admin")
    value = admin.cookies.get(SESSION_COOKIE)
    tampered = value[:-3] + ("abc" if not value.endswith("abc") else "xyz")
    admin.cookies.clear()
    admin.cookies.set(SESSION_COOKIE, tampered)
    assert (
        admin.get("/beheer/gebruikers", headers={"accept": "application/json"}).status_code == 401
    )


def test_oversized_body_is_refused_before_parsing(tmp_path):
    app = create_app(Settings(data_dir=tmp_path, llm_backend="extractive", max_upload_mb=1))
    with TestClient(app) as client:
        token = csrf(client)
        response = client.post("/login", data={"csrf_token": token, "x": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 413


def test_secret_key_is_created_once_and_shared(tmp_path):
    settings = Settings(data_dir=tmp_path / "d")
    first = load_secret_key(settings)
    assert len(first) >= 40
    assert load_secret_key(Settings(data_dir=tmp_path / "d")) == first
    assert oct((tmp_path / "d" / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert load_secret_key(Settings(data_dir=tmp_path / "d", secret_key="vast")) == "vast"


def test_session_survives_a_second_app_on_the_same_data_dir(acc_settings, app, client_as):
    """Two workers (two app instances) agree on the key, so a login holds on both."""
    admin = client_as("admin")
    other = create_app(acc_settings)
    with TestClient(other, cookies=dict(admin.cookies)) as second:
        assert second.get("/beheer/gebruikers").status_code == 200


@pytest.fixture
def header_app(tmp_path):
    settings = Settings(
        data_dir=tmp_path,
        llm_backend="extractive",
        auth_mode="header",
        trusted_proxies=["testclient", "10.0.0.0/8"],
    )
    return create_app(settings)


def test_header_mode_trusts_only_configured_proxies(header_app):
    sso = {
        "X-Forwarded-User": "Jurist.Jansen",
        "X-Forwarded-Role": "legal",
        "accept": "application/json",
    }
    trusted = TestClient(header_app, client=("10.1.2.3", 5000))
    assert trusted.get("/juridisch", headers=sso).status_code == 200
    stranger = TestClient(header_app, client=("192.168.1.5", 5000))
    assert stranger.get("/juridisch", headers=sso).status_code == 401


def test_header_mode_unknown_role_falls_back_to_buyer(header_app):
    client = TestClient(header_app, client=("10.1.2.3", 5000))
    headers = {
        "X-Forwarded-User": "piet",
        "X-Forwarded-Role": "superuser",
        "accept": "application/json",
    }
    assert client.get("/juridisch", headers=headers).status_code == 403


def test_header_mode_form_posts_still_need_csrf(header_app):
    """The proxy adds identity headers to forged requests too; the token still guards them."""
    client = TestClient(header_app, client=("10.1.2.3", 5000))
    sso = {"X-Forwarded-User": "beheer", "X-Forwarded-Role": "admin"}
    response = client.post("/beheer/gebruikers", json={}, headers=sso)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_htmx_requests_get_dutch_fragments_and_a_login_redirect(client_as):
    anonymous = client_as(None)
    response = anonymous.get("/juridisch", headers={"HX-Request": "true", "accept": "text/html"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=%2Fjuridisch"
    buyer = client_as("buyer")
    refused = buyer.get("/juridisch", headers={"HX-Request": "true", "accept": "text/html"})
    assert refused.status_code == 403
    assert refused.text.startswith('<div class="notice notice-error"') and "jurist" in refused.text


def test_hostile_tokens_and_broken_forms_get_4xx_not_5xx(client_as):
    client = client_as(None)
    client.get("/login")
    odd = client.post("/login", headers={"X-CSRF-Token": b"t\xe9st\xff"}, data={"a": "b"})
    assert odd.status_code == 403
    broken = client.post(
        "/login", content=b'{"a": 1}', headers={"content-type": "multipart/form-data"}
    )
    assert broken.status_code == 400 and "kon niet worden gelezen" in broken.json()["detail"]
    odd_field = client.post("/login", data={"csrf_token": "\u00e9\u00e9n"})
    assert odd_field.status_code == 403
