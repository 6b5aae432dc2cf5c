"""Accounts: argon2 hashes, roles, the last admin, the admin pages and `inkoop create-admin`."""

from __future__ import annotations

import pytest
from acc_helpers import PASSWORD, csrf, login
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from web.accounts import (
    AccountError,
    authenticate,
    create_user,
    get_user,
    list_users,
    set_role,
)
from web.db import Database


@pytest.fixture
def db(acc_settings) -> Database:
    database = Database(acc_settings)
    database.create_all()
    return database


def test_passwords_are_stored_as_argon2_hashes(db):
    user = create_user(db, "Jan.Jansen", PASSWORD)
    stored = get_user(db, user.id)
    assert stored.username == "jan.jansen" and stored.role == "buyer"
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    assert authenticate(db, "JAN.JANSEN", PASSWORD).id == user.id
    assert authenticate(db, "jan.jansen", PASSWORD + "x") is None
    assert authenticate(db, "onbekend", PASSWORD) is None


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("jan", "kort", "buyer", "minstens 10"),
        ("met spatie", PASSWORD, "buyer", "zonder spaties"),
        ("jan", PASSWORD, "koning", "Onbekende rol"),
    ],
)
def test_bad_account_input_is_refused_in_dutch(db, name, password, role, message):
    with pytest.raises(AccountError, match=message):
        create_user(db, name, password, role)


def test_duplicate_names_are_refused(db):
    create_user(db, "jan", PASSWORD)
    with pytest.raises(AccountError, match="bestaat al"):
        create_user(db, "JAN", PASSWORD)


def test_the_last_admin_keeps_the_role(db):
    first = create_user(db, "beheer1", PASSWORD, "admin")
    with pytest.raises(AccountError, match="laatste beheerder"):
        set_role(db, first.id, "buyer")
    second = create_user(db, "beheer2", PASSWORD, "admin")
    assert set_role(db, first.id, "legal").role == "legal"
    with pytest.raises(AccountError):
        set_role(db, second.id, "buyer")


def test_admin_creates_users_and_changes_roles(app, client_as):
    admin = client_as("admin")
    created = admin.post(
        "/beheer/gebruikers",
        data={
            "username": "jurist",
            "password": PASSWORD,
            "role": "legal",
            "csrf_token": csrf(admin),
        },
    )
    assert created.status_code == 201 and "jurist" in created.text
    refused = admin.post(
        "/beheer/gebruikers",
        data={
            "username": "jurist",
            "password": PASSWORD,
            "role": "legal",
            "csrf_token": csrf(admin),
        },
    )
    assert refused.status_code == 400 and "bestaat al" in refused.text

    jurist = next(u for u in list_users(app.state.services.db) if u.username == "jurist")
    with TestClient(app) as client:
        login(client, "jurist")
        assert client.get("/juridisch").status_code == 200
        changed = admin.post(
            f"/beheer/gebruikers/{jurist.id}/rol", data={"role": "buyer", "csrf_token": csrf(admin)}
        )
        assert changed.status_code == 200
        # The role change counts from the next request on; no new login needed.
        assert client.get("/juridisch", headers={"accept": "text/html"}).status_code == 403


def test_login_failure_and_safe_redirect(app, client_as):
    create_user(app.state.services.db, "jan", PASSWORD)
    client = client_as(None)
    wrong = client.post(
        "/login",
        data={"username": "jan", "password": "fout-wachtwoord", "csrf_token": csrf(client)},
    )
    assert wrong.status_code == 401 and "Onjuiste gebruikersnaam of wachtwoord" in wrong.text
    ok = client.post(
        "/login",
        data={
            "username": "jan",
            "password": PASSWORD,
            "next": "//evil.example/x",
            "csrf_token": csrf(client),
        },
        follow_redirects=False,
    )
    assert ok.headers["location"] == "/"


def test_anonymous_html_is_sent_to_login_with_next(client_as):
    response = client_as(None).get(
        "/beheer/gebruikers", headers={"accept": "text/html"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fbeheer%2Fgebruikers"


def test_logout_ends_the_session(client_as):
    admin = client_as("admin")
    assert admin.get("/beheer/gebruikers").status_code == 200
    admin.post("/logout", data={"csrf_token": csrf(admin)})
    assert (
        admin.get("/beheer/gebruikers", headers={"accept": "application/json"}).status_code == 401
    )


def test_create_admin_cli(acc_settings, monkeypatch):
    from assistant.settings import get_settings
    from web.cli import app as cli

    monkeypatch.setenv("INKOOP_DATA_DIR", str(acc_settings.data_dir))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        result = runner.invoke(
            cli, ["create-admin", "--username", "Beheer", "--password", PASSWORD]
        )
        assert result.exit_code == 0, result.output
        assert "Beheerder beheer is aangemaakt" in result.output
        short = runner.invoke(cli, ["create-admin", "-u", "ander", "--password", "kort"])
        assert short.exit_code == 2 and "minstens 10" in short.output
        again = runner.invoke(cli, ["create-admin", "-u", "beheer", "--password", PASSWORD + "!"])
        assert again.exit_code == 0 and "nu beheerder" in again.output
    finally:
        get_settings.cache_clear()
    db = Database(acc_settings)
    assert authenticate(db, "beheer", PASSWORD + "!").role == "admin"


def test_repeated_failed_logins_lock_the_name_for_a_while(app, client_as):
    from datetime import UTC, datetime, timedelta

    from web.accounts import MAX_FAILED_LOGINS, FailedLogin, login_locked

    db = app.state.services.db
    create_user(db, "jan", PASSWORD)
    client = client_as(None)

    def attempt(password: str):
        return client.post(
            "/login",
            data={"username": "jan", "password": password, "csrf_token": csrf(client)},
            follow_redirects=False,
        )

    for _ in range(MAX_FAILED_LOGINS):
        assert attempt("fout-wachtwoord").status_code == 401
    locked = attempt(PASSWORD)  # even the right password waits now
    assert locked.status_code == 429 and "Te veel mislukte pogingen" in locked.text
    assert login_locked(db, "JAN")
    assert not login_locked(db, "piet")

    # Once the failures are older than the window, the name is free again.
    with db.session() as s:
        for row in s.query(FailedLogin).all():
            row.at = datetime.now(UTC) - timedelta(hours=1)
    assert attempt(PASSWORD).status_code == 303
    assert not login_locked(db, "jan")
