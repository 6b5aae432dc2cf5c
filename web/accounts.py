"""User accounts: the users table, argon2 password hashes and the four roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import DateTime, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from web.db import Base, Database

ROLES: dict[str, str] = {
    "buyer": "inkoper",
    "contract_manager": "contractmanager",
    "legal": "jurist",
    "admin": "beheerder",
}
DEFAULT_ROLE = "buyer"
MIN_PASSWORD_LENGTH = 10
MAX_USERNAME_LENGTH = 80
# Failed logins per user name within the window before further tries are refused unchecked.
MAX_FAILED_LOGINS = 10
FAILED_LOGIN_WINDOW = timedelta(minutes=15)

_hasher = PasswordHasher()
# Verified against when the user does not exist, so a login takes as long either way.
_DUMMY_HASH = _hasher.hash("not-a-real-password-0000")


class AccountError(ValueError):
    """A Dutch message for the user about why an account action was refused."""


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(MAX_USERNAME_LENGTH), unique=True, index=True)
    # Empty for users that only ever sign in through a trusted SSO proxy (header mode).
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(32), default=DEFAULT_ROLE)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: datetime.now(UTC)
    )

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


class FailedLogin(Base):
    """One failed login; rows in the database so every worker counts the same tries."""

    __tablename__ = "failed_logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(MAX_USERNAME_LENGTH), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


def login_locked(db: Database, username: str) -> bool:
    """True after too many recent failures for this name: guessing passwords stays slow,
    and refused tries cost no argon2 work (which would let anyone load the CPU)."""
    name = username.strip().lower()[:MAX_USERNAME_LENGTH]
    since = datetime.now(UTC) - FAILED_LOGIN_WINDOW
    with db.session() as s:
        count = s.scalar(
            select(func.count())
            .select_from(FailedLogin)
            .where(FailedLogin.username == name, FailedLogin.at >= since)
        )
    return (count or 0) >= MAX_FAILED_LOGINS


def record_login(db: Database, username: str, ok: bool) -> None:
    name = username.strip().lower()[:MAX_USERNAME_LENGTH]
    with db.session() as s:
        if ok:
            s.execute(delete(FailedLogin).where(FailedLogin.username == name))
        else:
            s.add(FailedLogin(username=name, at=datetime.now(UTC)))
            # Keep the table small: old rows no longer count.
            s.execute(
                delete(FailedLogin).where(FailedLogin.at < datetime.now(UTC) - FAILED_LOGIN_WINDOW)
            )


def normalise_username(username: str) -> str:
    name = username.strip().lower()
    if not name or len(name) > MAX_USERNAME_LENGTH or any(c.isspace() for c in name):
        raise AccountError(
            f"Gebruikersnaam moet 1 tot {MAX_USERNAME_LENGTH} tekens zijn, zonder spaties."
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"Onbekende rol '{role}'. Kies uit: {', '.join(ROLES.values())}.")
    return role


def create_user(db: Database, username: str, password: str, role: str = DEFAULT_ROLE) -> User:
    name = normalise_username(username)
    check_role(role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben.")
    with db.session() as s:
        if s.scalar(select(User).where(User.username == name)) is not None:
            raise AccountError(f"Gebruiker '{name}' bestaat al.")
        user = User(username=name, password_hash=_hasher.hash(password), role=role)
        s.add(user)
        s.flush()
        s.expunge(user)
        return user


def set_password(db: Database, user_id: int, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben.")
    with db.session() as s:
        user = s.get(User, user_id)
        if user is None:
            raise AccountError("Gebruiker bestaat niet.")
        user.password_hash = _hasher.hash(password)


def authenticate(db: Database, username: str, password: str) -> User | None:
    """The user when the password matches; None otherwise (same cost for unknown users)."""
    try:
        name = normalise_username(username)
    except AccountError:
        return None
    with db.session() as s:
        user = s.scalar(select(User).where(User.username == name))
        stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if user is None or not user.password_hash:
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        s.flush()
        s.expunge(user)
        return user


def get_user(db: Database, user_id: int) -> User | None:
    with db.session() as s:
        user = s.get(User, user_id)
        if user is not None:
            s.expunge(user)
        return user


def get_or_create_header_user(db: Database, username: str, role: str) -> User:
    """Users asserted by a trusted SSO proxy: created on first sight, role kept in sync."""
    name = normalise_username(username)
    role = role if role in ROLES else DEFAULT_ROLE
    with db.session() as s:
        user = s.scalar(select(User).where(User.username == name))
        if user is None:
            user = User(username=name, password_hash="", role=role)
            s.add(user)
        elif user.role != role:
            user.role = role
        s.flush()
        s.expunge(user)
        return user


def list_users(db: Database) -> list[User]:
    with db.session() as s:
        users = list(s.scalars(select(User).order_by(User.username)))
        for u in users:
            s.expunge(u)
        return users


def set_role(db: Database, user_id: int, role: str) -> User:
    check_role(role)
    with db.session() as s:
        user = s.get(User, user_id)
        if user is None:
            raise AccountError("Gebruiker bestaat niet.")
        if user.role == "admin" and role != "admin":
            admins = s.scalar(select(func.count()).select_from(User).where(User.role == "admin"))
            if admins <= 1:
                raise AccountError("De laatste beheerder kan zijn rol niet kwijtraken.")
        user.role = role
        s.flush()
        s.expunge(user)
        return user
