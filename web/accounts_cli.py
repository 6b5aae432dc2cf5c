"""`inkoop create-admin`: the first admin account (and a way back in when locked out)."""

from __future__ import annotations

import typer


def create_admin(
    username: str = typer.Option(
        ..., "--username", "-u", prompt="Gebruikersnaam", help="Name of the admin account."
    ),
    password: str = typer.Option(
        ...,
        "--password",
        prompt="Wachtwoord",
        hide_input=True,
        confirmation_prompt=True,
        envvar="INKOOP_ADMIN_PASSWORD",
        help="Password (asked when omitted; or INKOOP_ADMIN_PASSWORD).",
    ),
) -> None:
    """Create an admin account; promote an existing user to admin when the name is taken."""
    from sqlalchemy import select

    from assistant.settings import get_settings
    from web.accounts import (
        MIN_PASSWORD_LENGTH,
        AccountError,
        User,
        create_user,
        normalise_username,
        set_password,
    )
    from web.db import Database

    db = Database(get_settings())
    db.create_all()
    try:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"Wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben.")
        name = normalise_username(username)
        with db.session() as s:
            existing = s.scalar(select(User).where(User.username == name))
            if existing is not None:
                existing.role = "admin"
                user_id = existing.id
        if existing is not None:
            set_password(db, user_id, password)
            typer.echo(f"Gebruiker {name} is nu beheerder (wachtwoord vernieuwd).")
            return
        create_user(db, name, password, role="admin")
    except AccountError as exc:
        typer.echo(f"Fout: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(f"Beheerder {name} is aangemaakt.")
